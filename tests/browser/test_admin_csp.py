"""The admin under the portal's Content-Security-Policy (style-src 'self', no
'unsafe-inline'): Chromium refuses no style, no script on the admin's pages — Django's own
(index, change lists with and without actions or action bars, change forms), the LKE
worksheet's tree (lke/admin.py) and the history and export pages of the third-party admins."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from playwright.sync_api import ConsoleMessage, expect

from access.models import Unit
from lke.models import Node, Worksheet
from tests.factories import PASSWORD

from .conftest import Portal
from .test_csp_styles import RECORD_VIOLATIONS


@pytest.mark.browser
def test_the_admin_pages_break_no_rule_of_the_policy(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = portal.page
    refused: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(message.text)

    page.on("console", keep)
    page.add_init_script(RECORD_VIOLATIONS)
    root: Any = get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)
    # Node's list has no action (nothing is deleted there); with both action bars off too,
    # Django's change_list.html writes its <style> block.
    monkeypatch.setattr(admin.site._registry[Node], "actions_on_top", False)
    worksheet = Worksheet.objects.order_by("pk").first()
    unit = Unit.objects.get(slug="kpu-kalbar")

    def visit(path: str) -> None:
        page.goto(f"{portal.url}{path}")
        page.wait_for_load_state("networkidle")
        refused.extend(f"{path}: {v}" for v in page.evaluate("window.__violations"))

    page.goto(f"{portal.url}/admin/login/?next=/admin/")
    page.fill("#id_username", root.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("root")
    refused.extend(page.evaluate("window.__violations"))

    visit("/admin/")
    visit("/admin/lke/node/")  # no actions, no action bars
    expect(page.locator("body")).to_have_class(re.compile(r"\bno-action-bars\b"))
    assert page.locator("style").count() == 0
    visit("/admin/lke/assessment/")  # no actions (read-only), the top bar on
    visit("/admin/access/unit/")  # with actions (delete)
    expect(page.locator("select[name=action]")).to_be_visible()
    visit(f"/admin/access/unit/{unit.pk}/change/")
    visit(f"/admin/auth/user/{root.pk}/change/")  # Django's own: filter_horizontal, password
    visit(f"/admin/lke/worksheet/{worksheet.pk}/change/")  # the tree (lke/admin.py)
    nested = page.locator("div.readonly ul.lke-tree ul.lke-tree").first
    expect(nested).to_be_visible()
    # css/admin.css is applied: each level is indented, no bullet
    indent = "e => parseFloat(getComputedStyle(e).paddingLeft) / parseFloat(getComputedStyle(e).fontSize)"
    assert nested.evaluate(indent) == 2
    assert nested.evaluate("e => getComputedStyle(e.firstElementChild).listStyleType") == "none"
    visit(f"/admin/lke/worksheet/{worksheet.pk}/history/")  # simple_history
    visit("/admin/access/unit/export/")  # import_export
    assert refused == [], f"{refused} (screenshot: {portal.screenshot})"
