"""The coordinator's month in a real browser (issue text):

koordinator1 logs in, enters 120 for a component and sees the error, enters 75 and sees it
saved, uploads a PDF; tpi logs in and accepts it; koordinator1 sees "Diterima".
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Response, expect

from evidence.models import Evidence
from targets.models import ProgressEntry

from .conftest import Portal

YEAR = 2025
MONTH = 4  # April 2025 has begun and is not locked.
COMPONENT = "Tim Kerja"
AREA_CODE = "manajemen_perubahan"  # Area I
RANGE_ERROR = "Persentase harus antara 0 dan 100."
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def save_row(portal: Portal, form: Locator, percent: str, expected_status: int) -> Response:
    """Type the realisation and press Simpan; htmx posts the row and swaps it in place."""
    page = portal.page
    form.get_by_label("Realisasi (%)").fill(percent)
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/komponen/" in r.url
    ) as info:
        form.get_by_role("button", name="Simpan").click()
    response = info.value
    assert response.status == expected_status, (
        f"saving {percent!r}: HTTP {response.status}, expected {expected_status} "
        f"(screenshot: {portal.screenshot})"
    )
    assert response.request.headers.get("hx-request") == "true", (
        f"the row was not saved through htmx (screenshot: {portal.screenshot})"
    )
    return response


def assert_no_reload(portal: Portal, when: str) -> None:
    marker = portal.page.evaluate("window.__marker")
    assert marker == 1, (
        f"{when}: the page was reloaded instead of swapping the row "
        f"(window.__marker={marker!r}; screenshot: {portal.screenshot})"
    )


@pytest.mark.browser
def test_coordinator_enters_progress_uploads_evidence_and_tpi_accepts(
    portal: Portal, tmp_path: Path
) -> None:
    page = portal.page
    progress_url = f"{portal.url}/satker/kpu-kalbar/progres/?tahun={YEAR}&bulan={MONTH}"

    # 1. koordinator1 signs in.
    portal.login("koordinator1")

    # 2. Realisasi of "Tim Kerja" for April 2025: 120 is refused in place, 75 is saved.
    page.goto(progress_url)
    expect(page.get_by_role("heading", name="Progres Bulanan")).to_be_visible()
    card = page.locator(f'[data-component="{COMPONENT}"]')
    expect(card).to_have_count(1)
    form_id = card.locator("form.component-form").get_attribute("id") or ""
    assert re.fullmatch(r"component-\d+", form_id), (
        f"no component form in the {COMPONENT!r} card: id={form_id!r} "
        f"(screenshot: {portal.screenshot})"
    )
    component_pk = int(form_id.removeprefix("component-"))
    # Re-found by id after each swap (hx-swap="outerHTML" replaces the form element).
    form = page.locator(f"#{form_id}")
    page.evaluate("window.__marker = 1")

    refused = save_row(portal, form, "120", expected_status=422)
    assert RANGE_ERROR in refused.text(), (
        f"the 422 row does not carry the range error (screenshot: {portal.screenshot})"
    )
    not_swapped = (
        "the refused row (HTTP 422, with the error) was not put on the page: htmx 2 does not "
        f"swap 4xx responses unless htmx.config.responseHandling says so (screenshot: "
        f"{portal.screenshot})"
    )
    percent_input = form.get_by_label("Realisasi (%)")
    expect(percent_input, not_swapped).to_have_class(re.compile(r"\bis-invalid\b"))
    # The message sits under the field, as the element its aria-describedby names.
    expect(form.locator(f"#id_c{component_pk}-percent_error"), not_swapped).to_have_text(
        RANGE_ERROR
    )
    expect(form.get_by_test_id("saved")).to_have_count(0)
    assert_no_reload(portal, "after 120")
    assert not ProgressEntry.objects.filter(component_id=component_pk, month=MONTH).exists(), (
        f"120 % was stored (screenshot: {portal.screenshot})"
    )

    save_row(portal, form, "75", expected_status=200)
    expect(form.get_by_test_id("saved")).to_have_text("Tersimpan.")
    expect(form.get_by_test_id("last-saved")).to_contain_text("Terakhir disimpan oleh koordinator1")
    expect(form.get_by_label("Realisasi (%)")).to_have_value("75")
    expect(form.locator(".invalid-feedback")).to_have_count(0)
    assert_no_reload(portal, "after 75")
    entry = ProgressEntry.objects.get(component_id=component_pk, month=MONTH)
    assert entry.percent == Decimal(75), (
        f"stored {entry.percent}, expected 75 (screenshot: {portal.screenshot})"
    )
    assert entry.updated_by == portal.users["koordinator1"]

    # 3. Evidence for the first action item of area I: upload a PDF.
    action = page.locator(f"#area-{AREA_CODE} [data-action]").first
    action_pk = int(action.get_attribute("data-action") or "0")
    action.get_by_role("link", name="Bukti dukung").click()
    evidence_path = f"/satker/kpu-kalbar/bukti/{YEAR}/{MONTH}/aksi/{action_pk}/"
    expect(page).to_have_url(f"{portal.url}{evidence_path}")
    expect(page.get_by_text("Belum ada bukti dukung untuk bulan ini.")).to_be_visible()

    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_label("Berkas (boleh lebih dari satu)").set_input_files(pdf)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="diunggah")).to_have_text(
        "Bukti dukung versi 1 diunggah."
    )
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diunggah")
    expect(page.get_by_role("link", name="laporan.pdf")).to_be_visible()

    # 4. The TPI accepts it.
    portal.logout()
    portal.login("tpi")
    page.goto(f"{portal.url}{evidence_path}")
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diunggah")
    page.get_by_label("Diterima", exact=True).check()
    page.get_by_role("button", name="Simpan reviu").click()
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diterima")
    expect(page.get_by_test_id("review-comment")).to_contain_text("Diterima")
    evidence = Evidence.objects.get(action_id=action_pk, month=MONTH)
    assert evidence.status == Evidence.Status.DITERIMA, (
        f"evidence status {evidence.status!r} (screenshot: {portal.screenshot})"
    )

    # 5. koordinator1 sees "Diterima" on the evidence page and on Progres Bulanan.
    portal.logout()
    portal.login("koordinator1")
    page.goto(f"{portal.url}{evidence_path}")
    expect(page.get_by_test_id("evidence-status")).to_have_text("Diterima")
    page.goto(progress_url)
    expect(
        page.locator(f'[data-action="{action_pk}"]').get_by_test_id("evidence-status")
    ).to_have_text("Diterima")
