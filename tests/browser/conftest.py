"""Real-browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright cannot download browsers here, so pytest-playwright's launch options are replaced
by /usr/bin/chromium with flags that keep it quiet and offline. When a test fails, the page
as it was is saved under test-results/ and the path is added to the failure report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import override_settings
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from access.models import RoleAssignment, Unit
from tests.factories import PASSWORD, user_with_role

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
PROVINCE_SLUG = "kpu-kalbar"

SCREENSHOT_KEY = pytest.StashKey[Path]()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown) for fixtures,
    and name the screenshot in a failed test's report."""
    outcome = yield
    rep: pytest.TestReport = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
    shot = item.stash.get(SCREENSHOT_KEY, None)
    if rep.when == "call" and rep.failed and shot is not None:
        rep.sections.append(("browser screenshot", f"page at failure saved to {shot}"))


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, started with a usable MEDIA_URL.

    Django's live server wraps the site in a media-files handler built from
    ``urlparse(settings.MEDIA_URL)``; the portal sets ``MEDIA_URL = None`` (its files are
    private), which makes the parsed path bytes and fails every request with
    "TypeError: startswith first arg must be str or a tuple of str, not bytes". The handler
    reads the setting once, when the server starts, so MEDIA_URL names a path no view uses
    only for that moment: the tests that run after it see the portal's own setting.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    media_url = (
        {} if django_settings.MEDIA_URL is not None else {"MEDIA_URL": "/__live-server-media__/"}
    )
    with override_settings(**media_url):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo still work) with Debian's
    chromium; headless unless --headed."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


def screenshot_path(request: pytest.FixtureRequest) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid).strip("-")
    return RESULTS_DIR / f"{name}.png"


@pytest.fixture
def browser_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context and page; a screenshot is kept when the test fails."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Pontianak")
    context.set_default_timeout(15_000)
    page = context.new_page()
    shot = screenshot_path(request)
    request.node.stash[SCREENSHOT_KEY] = shot
    yield page
    rep_call = getattr(request.node, "rep_call", None)
    try:
        if rep_call is not None and rep_call.failed:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            print(f"browser screenshot: {shot}")
    finally:
        context.close()


@dataclass
class Portal:
    """The live server, the page and the accounts a browser test signs in with."""

    page: Page
    url: str
    screenshot: Path
    users: dict[str, AbstractBaseUser]

    def login(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.url}/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        expect(page.get_by_role("button", name=f"Keluar ({username})")).to_be_visible()

    def logout(self) -> None:
        page = self.page
        page.get_by_role("button", name=re.compile(r"^Keluar \(")).click()
        expect(page).to_have_url(re.compile(r"/akun/masuk/"))
        expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()


@pytest.fixture
def portal_users(transactional_db: None, settings: Any) -> dict[str, AbstractBaseUser]:
    """The accounts, made by the test itself: live-server tests run on transactional_db,
    whose tables are put back as loaded (the plan and the LKE, no accounts) after each
    test (tests/db_snapshot.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    province = Unit.objects.get(slug=PROVINCE_SLUG)
    accounts = [
        ("koordinator1", RoleAssignment.Role.KOORDINATOR, ["manajemen_perubahan"]),
        ("tpi", RoleAssignment.Role.TPI, []),
        ("ketua", RoleAssignment.Role.KETUA, []),
        ("sekretariat", RoleAssignment.Role.SEKRETARIAT, []),
    ]
    return {name: user_with_role(name, province, role, codes) for name, role, codes in accounts}


@pytest.fixture
def portal(
    live_server: LiveServer,
    browser_page: Page,
    portal_users: dict[str, AbstractBaseUser],
    request: pytest.FixtureRequest,
) -> Portal:
    return Portal(
        page=browser_page,
        url=live_server.url,
        screenshot=request.node.stash[SCREENSHOT_KEY],
        users=portal_users,
    )
