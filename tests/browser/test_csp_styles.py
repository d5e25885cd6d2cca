"""With style-src 'self' only (no 'unsafe-inline'), Chromium applies every style of the
pages people use: no style attribute, no <style> (htmx's own included) is refused, before
or after htmx swaps a row in."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, expect

from access.models import Unit
from lke.services import assessment_start

from .conftest import Portal

# Runs before any page script; Playwright's init scripts are not subject to the page's CSP.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.mark.browser
def test_the_main_pages_break_no_style_rule_of_the_policy(portal: Portal) -> None:
    page = portal.page
    refused: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(message.text)

    page.on("console", keep)
    page.add_init_script(RECORD_VIOLATIONS)
    unit = Unit.objects.get(slug="kpu-kalbar")
    assessment_start(unit=unit, year=2025, user=portal.users["ketua"])

    def visit(path: str) -> None:
        page.goto(f"{portal.url}{path}")
        page.wait_for_load_state("networkidle")
        refused.extend(page.evaluate("window.__violations"))

    portal.login("ketua")
    for path in ["/satker/kpu-kalbar/dasbor/", "/satker/kpu-kalbar/lke/2025/"]:
        visit(path)
    # the bars take their widths from classes, not style attributes
    bar = page.locator(".progress-bar").first
    assert bar.evaluate("e => e.getAttribute('style')") is None
    portal.logout()

    # a coordinator's row is saved in place: htmx's request classes and the swapped row
    portal.login("koordinator1")
    visit("/satker/kpu-kalbar/progres/?tahun=2025&bulan=4")
    form = page.locator("form.component-form").first
    form.get_by_label("Realisasi (%)").fill("120")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    refused.extend(page.evaluate("window.__violations"))
    assert refused == [], f"{refused} (screenshot: {portal.screenshot})"
