"""Answering the LKE in a real browser (issue text): koordinator1 opens area I, answers a
Ya/Tidak, an A–E question and a count (and sees a refused value explained in place), sees
the progress and the score move without a reload; the Ketua reads the forecast on the
dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

from access.models import Unit
from common.formatting import score_text
from lke.models import Answer, Question, Worksheet
from lke.scoring import AnswerValue
from lke.selectors import assessment_result
from lke.services import assessment_start

from .conftest import RESULTS_DIR, Portal

YEAR = 2025


def save(portal: Portal, question: Question, expected_status: int = 200) -> Locator:
    """Press the question's Simpan; htmx posts it and swaps the card in place."""
    page = portal.page
    card = page.locator(f"#q-{question.pk}")
    with page.expect_response(lambda r: f"/jawaban/{question.pk}/" in r.url) as info:
        card.get_by_role("button", name="Simpan").click()
    response = info.value
    assert response.status == expected_status, (
        f"saving {question}: HTTP {response.status} (screenshot: {portal.screenshot})"
    )
    assert response.request.headers.get("hx-request") == "true"
    return page.locator(f"#q-{question.pk}")  # the swapped card


@pytest.mark.browser
def test_koordinator_answers_area_i_and_the_ketua_reads_the_forecast(portal: Portal) -> None:
    worksheet = Worksheet.objects.get()
    unit = Unit.objects.get(slug="kpu-kalbar")
    assessment = assessment_start(unit=unit, year=YEAR, user=portal.users["ketua"])
    questions = Question.objects.filter(worksheet=worksheet)
    ya_tidak = questions.get(code="PPA1A")
    a_to_e = questions.get(code="PRA2A")
    agents, changes = questions.get(excel_row=126), questions.get(excel_row=127)
    page = portal.page

    # 1. koordinator1 opens the LKE from the menu, then area I.
    portal.login("koordinator1")
    page.get_by_role("link", name="LKE", exact=True).click()
    expect(page.get_by_test_id("answered")).to_have_text("0")
    page.get_by_role("link", name="Area I – Manajemen Perubahan").click()
    expect(page.get_by_role("heading", name="Area I – Manajemen Perubahan")).to_be_visible()
    expect(page.locator("article.lke-question")).to_have_count(18)
    page.evaluate("window.__marker = 1")
    summary = page.get_by_test_id("lke-summary")
    expect(summary.get_by_test_id("total")).to_have_text("0,00")

    # 2. Ya/Tidak: "Ya" on PPA1A (1 of 2 questions of a sub-area weighing 0,5).
    page.locator(f"#q-{ya_tidak.pk}").get_by_label("Ya", exact=True).check()
    card = save(portal, ya_tidak)
    expect(card.get_by_test_id("saved")).to_be_visible()
    expect(summary.get_by_test_id("answered")).to_have_text("1")
    expect(summary.get_by_test_id("total")).to_have_text("0,25")

    # 3. A–E: PRA2A, the answer chosen by its words.
    card = page.locator(f"#q-{a_to_e.pk}")
    card.get_by_label(re.compile(r"^B – ")).check()
    card.get_by_label("Penjelasan").fill("Komitmen pimpinan tertuang dalam dokumen perencanaan.")
    card = save(portal, a_to_e)
    expect(card.get_by_label(re.compile(r"^B – "))).to_be_checked()
    expect(summary.get_by_test_id("answered")).to_have_text("2")
    # its sub-area (one question, weight 1) is drawn again above it: B = 0,75
    expect(page.locator(f"#score-{a_to_e.node_id}")).to_have_text("nilai 0,75 dari bobot 1 (75%)")

    # 4. A count: a negative number is refused next to the field, then 12 agents of change
    #    and 6 changes made are saved.
    page.locator(f"#q-{agents.pk}").get_by_label("Jumlah").fill("-2")
    card = save(portal, agents, expected_status=422)
    expect(card.get_by_test_id("answer-error")).to_have_text("Isi bilangan bulat 0 atau lebih.")
    card.get_by_label("Jumlah").fill("12")
    expect(save(portal, agents).get_by_test_id("saved")).to_be_visible()
    page.locator(f"#q-{changes.pk}").get_by_label("Jumlah").fill("6")
    save(portal, changes)
    expect(summary.get_by_test_id("answered")).to_have_text("4")
    expect(summary.get_by_test_id("area-answered")).to_contain_text("4 dari 18 terjawab")

    result = assessment_result(assessment, "unit")
    total = score_text(result.scores.total)
    expect(summary.get_by_test_id("total")).to_have_text(total)
    assert result.scores.total > 1, "the four answers should score more than 1 point"
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped"
    assert dict(
        Answer.objects.filter(assessment=assessment).values_list("question__excel_row", "version")
    ) == {ya_tidak.excel_row: 1, a_to_e.excel_row: 1, agents.excel_row: 1, changes.excel_row: 1}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(RESULTS_DIR / "lke-area-i.png"), full_page=False)

    # 5. The overview shows the same figures and every gap to WBK.
    page.get_by_role("link", name="Ringkasan").click()
    expect(page.get_by_test_id("answered")).to_have_text("4")
    expect(page.get_by_test_id("total")).to_have_text(total)
    expect(page.get_by_test_id("verdict").first).to_contain_text("Nilai total")
    page.screenshot(path=str(RESULTS_DIR / "lke-overview.png"), full_page=True)
    portal.logout()

    # 6. The Ketua reads the forecast on the dashboard.
    portal.login("ketua")
    panel = page.get_by_test_id("lke-panel")
    expect(panel.get_by_test_id("lke-total")).to_have_text(total)
    expect(panel.get_by_test_id("lke-predicate")).to_have_text("Belum memenuhi syarat")
    wbk = panel.get_by_test_id("lke-verdict").first
    expect(wbk).to_contain_text("Menuju WBK")
    expect(wbk).to_contain_text(f"Nilai total {total} (minimal 75,00)")
    panel.get_by_role("link", name="Buka LKE").click()
    expect(page.get_by_test_id("total")).to_have_text(total)

    # 7. What-if: one more answer moves the simulated total; nothing is saved.
    page.get_by_role("link", name="Simulasi nilai").click()
    saved = list(Answer.objects.order_by("pk").values_list("pk", "choice", "number", "version"))
    ppa1b = questions.get(code="PPA1B")
    page.evaluate("window.__marker = 2")
    with page.expect_response(lambda r: "/simulasi/" in r.url and r.request.method == "POST"):
        page.locator(f"#id_q{ppa1b.pk}").select_option("A")
    scores = page.get_by_test_id("whatif-scores")
    then = score_text(
        assessment_result(assessment, "unit", overrides={ppa1b.pk: AnswerValue("A")}).scores.total
    )
    cells = scores.locator("tbody tr").first.locator("td")
    expect(cells).to_have_text(["Nilai total", total, then, re.compile(r"^\d+,\d\d$")])
    expect(page.get_by_test_id("changed")).to_contain_text("1 jawaban diubah")
    assert page.evaluate("window.__marker") == 2, "the simulation reloaded the page"
    assert (
        list(Answer.objects.order_by("pk").values_list("pk", "choice", "number", "version"))
        == saved
    )
