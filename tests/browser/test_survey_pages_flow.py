"""The Sekretariat in a real browser: from the navigation's Survei link to a quarter opened
with its population, codes issued and their slips printed on A4 — four slips a row,
twenty a sheet — with no style or script refused by the Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, expect

from common.dates import quarter_of, today

from .conftest import Portal

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.mark.browser
def test_the_sekretariat_opens_a_quarter_and_prints_code_slips(portal: Portal) -> None:
    page = portal.page
    refused: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(message.text)

    page.on("console", keep)
    page.add_init_script(RECORD_VIOLATIONS)
    day = today()
    quarter = quarter_of(day.month)
    portal.login("sekretariat")
    page.get_by_role("link", name="Survei", exact=True).first.click()
    expect(page.get_by_role("heading", name=re.compile("Survei pelayanan publik"))).to_be_visible()
    page.get_by_role("link", name="Triwulan", exact=True).click()
    row = page.locator(f'tr[data-quarter="{quarter}"]')
    row.get_by_label("Populasi pengguna layanan").fill("1.200")
    row.get_by_role("button", name="Buka triwulan").click()
    expect(page.locator(f'tr[data-quarter="{quarter}"] .invalid-feedback')).to_contain_text(
        "tanpa titik"
    )
    row = page.locator(f'tr[data-quarter="{quarter}"]')
    row.get_by_label("Populasi pengguna layanan").fill("1200")
    row.get_by_role("button", name="Buka triwulan").click()
    expect(page.get_by_text(f"Triwulan {quarter} {day.year} disimpan.")).to_be_visible()
    refused.extend(page.evaluate("window.__violations"))

    page.get_by_role("link", name="Kode sekali pakai").click()
    page.get_by_label("Triwulan").select_option(str(quarter))
    page.get_by_label("Jumlah kode").fill("22")
    page.get_by_role("button", name="Buat dan cetak").click()
    slips = page.locator(".slip")
    expect(slips).to_have_count(22)
    boxes = [slips.nth(i).bounding_box() for i in range(5)]
    assert len({round(b["y"]) for b in boxes[:4]}) == 1  # four to a row
    assert boxes[4]["y"] > boxes[0]["y"] and round(boxes[4]["x"]) == round(boxes[0]["x"])
    assert page.locator(".slip-qr").first.evaluate("img => img.naturalWidth > 0")
    refused.extend(page.evaluate("window.__violations"))
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    assert refused == [], f"{refused} (screenshot: {portal.screenshot})"
