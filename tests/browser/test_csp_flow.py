"""Under the Content-Security-Policy the selects still work (static/js/portal.js, no
inline handlers) and Chromium reports no violation on the pages people use."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Response, expect

from access.models import Unit
from areas.models import WorkPlan
from areas.services import plan_copy

from .conftest import Portal


@pytest.mark.browser
def test_selects_navigate_and_no_page_breaks_the_policy(portal: Portal) -> None:
    page = portal.page
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        # A missing resource is reported by the response listener below, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def missing(response: Response) -> None:
        # the browser asks for /favicon.ico on its own; the error pages' helper adds one
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", keep)
    page.on("response", missing)
    portal.login("ketua")
    expect(page).to_have_url(f"{portal.url}/satker/kpu-kalbar/dasbor/")
    assert "script-src 'self'" in page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )

    # data-navigate-on-change: the unit picker of Progres Bulanan
    page.goto(f"{portal.url}/satker/kpu-kalbar/progres/?tahun=2025&bulan=4")
    picker = page.locator("#pick-unit")
    other = picker.locator("option").nth(1)
    target = other.get_attribute("value")
    slug = target.split("/")[2]
    plan_copy(
        source=WorkPlan.objects.get(unit__slug="kpu-kalbar", year=2025),
        unit=Unit.objects.get(slug=slug),
    )
    picker.select_option(index=1)
    expect(page).to_have_url(re.compile(re.escape(target)))

    # data-submit-on-change: the language selector posts its form
    page.goto(f"{portal.url}/satker/kpu-kalbar/provinsi/")
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("select[name=language]").select_option("id")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    for path in ["/satker/kpu-kalbar/dasbor/", "/satker/kpu-kalbar/dokumen/", "/publik/"]:
        page.goto(f"{portal.url}{path}")
        page.wait_for_load_state("networkidle")
    assert errors == []
