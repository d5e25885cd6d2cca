"""The TPI's evaluation in a real browser: the Ketua submits, the TPI answers a question in
place beside the unit's answer and sends another back, koordinator1 sees the request on
its question and corrects it (saved in place)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from access.models import Unit
from lke.models import Answer, Assessment, Correction, Question, Worksheet
from lke.services import answer_save, assessment_start

from .conftest import RESULTS_DIR, Portal

YEAR = 2025


@pytest.mark.browser
def test_submit_evaluate_send_back_and_correct(portal: Portal) -> None:
    worksheet = Worksheet.objects.get()
    unit = Unit.objects.get(slug="kpu-kalbar")
    assessment = assessment_start(unit=unit, year=YEAR, user=portal.users["ketua"])
    questions = Question.objects.filter(worksheet=worksheet)
    ppa1a, ppa1b = questions.get(code="PPA1A"), questions.get(code="PPA1B")
    answer_save(
        assessment=assessment, question=ppa1a, side="unit", user=portal.users["koordinator1"],
        text="Ya", note="Tim kerja dibentuk", evidence_note="SK 12/2025", version=None,
    )  # fmt: skip
    page, base = portal.page, f"{portal.url}/satker/kpu-kalbar/lke/{YEAR}"
    shots = os.environ.get("LKE_SCREENSHOTS") == "1"

    # 1. the Ketua submits after the confirmation (1/127 answered)
    portal.login("ketua")
    page.goto(f"{base}/")
    page.get_by_test_id("submit-link").click()
    expect(page.get_by_test_id("submit-summary").get_by_test_id("answered")).to_have_text("1/127")
    if shots:
        page.screenshot(path=str(RESULTS_DIR / "lke-submit.png"), full_page=True)
    page.get_by_role("button", name="Ajukan ke TPI").click()
    expect(page.get_by_test_id("lke-state")).to_have_text("Diajukan ke TPI")
    portal.logout()

    # 2. the TPI answers PPA1A in place beside the unit's answer, and sends PPA1B back
    portal.login("tpi")
    page.goto(f"{base}/tpi/area/manajemen_perubahan/")
    card = page.locator(f"#q-{ppa1a.pk}")
    expect(card.get_by_test_id("unit-answer")).to_have_text("Ya")
    expect(card.get_by_test_id("unit-side")).to_contain_text("SK 12/2025")
    card.get_by_label("Jawaban TPI").select_option("Tidak")
    card.get_by_label("Catatan TPI").fill("SK belum ditandatangani")
    card.get_by_role("button", name="Simpan").click()
    expect(page.locator(f"#q-{ppa1a.pk}").get_by_test_id("saved")).to_have_text("Tersimpan.")
    back = page.locator(f"#q-{ppa1b.pk}")
    back.get_by_text("Kembalikan ke unit").first.click()
    back.get_by_role("button", name="Kembalikan ke unit").click()
    expect(page.locator(f"#q-{ppa1b.pk}").get_by_test_id("note-error")).to_be_visible()
    back = page.locator(f"#q-{ppa1b.pk}")
    back.get_by_label("Yang perlu diperbaiki unit").fill("Lampirkan mekanisme pemilihan")
    back.get_by_role("button", name="Kembalikan ke unit").click()
    expect(page.locator(f"#q-{ppa1b.pk}").get_by_test_id("correction")).to_contain_text(
        "Diminta perbaikan oleh TPI: Lampirkan mekanisme pemilihan"
    )
    if shots:
        page.screenshot(path=str(RESULTS_DIR / "lke-tpi-area.png"), full_page=False)
    assert Answer.objects.get(question=ppa1a, side="tpi").choice == "Tidak"
    portal.logout()

    # 3. koordinator1 sees the request on PPA1B and corrects it in place
    portal.login("koordinator1")
    page.goto(f"{base}/area/manajemen_perubahan/")
    card = page.locator(f"#q-{ppa1b.pk}")
    expect(card.get_by_test_id("correction")).to_contain_text("Lampirkan mekanisme pemilihan")
    if shots:
        card.screenshot(path=str(RESULTS_DIR / "lke-unit-correction.png"))
    card.locator("input[type=radio]").first.check()
    card.get_by_role("button", name="Simpan").click()
    expect(page.locator(f"#q-{ppa1b.pk}").get_by_test_id("saved")).to_be_visible()
    assert not Correction.objects.filter(assessment=assessment, resolved_at=None).exists()
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.EVALUATING
