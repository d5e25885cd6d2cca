"""The evaluation's pages: the Ketua submits and reopens, the TPI answers beside the unit's
answers, sends a question back (marked for both sides), completes; the difference report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from lke.evaluation import assessment_submit, question_send_back
from lke.models import Answer, Assessment, Correction, Question
from lke.services import answer_save, answers_import
from tests.factories import lke_assessment, lke_question

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
SLUG, YEAR = "kpu-kalbar", 2025
AREA_I = "manajemen_perubahan"
State = Assessment.State


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def url(name: str, *more: object) -> str:
    return reverse(name, args=[SLUG, YEAR, *more])


def unit_saves(assessment: Assessment, user: object, code: str, text: str, **extra: str) -> None:
    question = lke_question(code)
    answer_save(
        assessment=assessment, question=question, side="unit", user=user, text=text,
        version=None, **extra,
    )  # fmt: skip


def tpi_post(client: Client, question: Question, answer: str, version: int = 0, note: str = ""):
    data = {f"t{question.pk}-answer": answer, f"t{question.pk}-version": str(version)}
    data[f"t{question.pk}-note"] = note
    return client.post(url("lke_tpi_answer", question.pk), data, **HX)


def submitted(assessment: Assessment, people: dict) -> Assessment:
    assessment_submit(assessment=assessment, user=people["ketua"])
    assessment.refresh_from_db()
    return assessment


def tpi_on(client: Client, people: dict, assessment: Assessment, code: str = "PPA1A") -> Question:
    """The assessment submitted and the TPI signed in; the question it works on."""
    submitted(assessment, people)
    client.force_login(people["tpi"])
    return lke_question(code)


# The Ketua's steps


def test_the_submit_page_shows_answered_of_127_and_the_score_and_submits(
    client: Client, people: dict, assessment: Assessment
) -> None:
    unit_saves(assessment, people["ketua"], "PPA1A", "Ya")
    client.force_login(people["ketua"])
    page = client.get(url("lke_submit")).content.decode()
    assert "1/127" in page and 'data-testid="total"' in page
    response = client.post(url("lke_submit"), follow=True)
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED
    body = response.content.decode()
    assert "Penilaian mandiri diajukan ke TPI" in body and "Diajukan ke TPI" in body


def test_submitting_twice_shows_the_services_refusal_on_the_page(
    client: Client, people: dict, assessment: Assessment
) -> None:
    submitted(assessment, people)
    client.force_login(people["ketua"])
    response = client.post(url("lke_submit"))
    assert response.status_code == 422
    assert "Hanya penilaian mandiri yang dapat diajukan" in response.content.decode()


def test_reopening_needs_a_reason_shown_next_to_the_field(
    client: Client, people: dict, assessment: Assessment
) -> None:
    submitted(assessment, people)
    client.force_login(people["ketua"])
    response = client.post(url("lke_reopen"), {"reason": "  "})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="reason-error">Tuliskan alasan membuka kembali' in body
    response = client.post(url("lke_reopen"), {"reason": "Bukti area II kurang"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == State.DRAFT
    assert assessment.history.latest("history_date").history_change_reason == "Bukti area II kurang"


def test_the_state_and_the_ketuas_links_show_on_every_lke_page(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["ketua"])
    overview = client.get(url("lke_overview")).content.decode()
    assert 'data-testid="lke-state">Penilaian mandiri' in overview
    assert 'data-testid="submit-link"' in overview and 'data-testid="reopen-link"' not in overview
    submitted(assessment, people)
    for name, more in [("lke_overview", ()), ("lke_area", (AREA_I,)), ("lke_whatif", ())]:
        page = client.get(url(name, *more)).content.decode()
        assert 'data-testid="lke-state">Diajukan ke TPI' in page
        assert 'data-testid="reopen-link"' in page and 'data-testid="submit-link"' not in page
    client.force_login(people["koordinator_own"])
    page = client.get(url("lke_overview")).content.decode()
    assert "reopen-link" not in page and "complete-link" not in page


# The TPI's worksheet


def test_the_tpi_sees_the_units_answer_explanation_and_evidence_beside_its_form(
    client: Client, people: dict, assessment: Assessment
) -> None:
    unit_saves(
        assessment, people["koordinator_own"], "PPA1A", "Ya",
        note="Tim sudah dibentuk", evidence_note="SK Ketua 12/2025",
    )  # fmt: skip
    submitted(assessment, people)
    client.force_login(people["tpi"])
    page = client.get(url("lke_tpi_area", AREA_I)).content.decode()
    card = page[page.index('data-code="PPA1A"') :][:6000]
    assert 'data-testid="unit-answer">Ya' in card
    assert "Tim sudah dibentuk" in card and "SK Ketua 12/2025" in card
    assert f'name="t{lke_question("PPA1A").pk}-answer"' in card and "Kembalikan ke unit" in card


def test_the_tpi_saves_its_answer_in_place_and_the_evaluation_begins(
    client: Client, people: dict, assessment: Assessment
) -> None:
    question = tpi_on(client, people, assessment)
    response = tpi_post(client, question, "Tidak", note="SK belum ditandatangani")
    assert response.status_code == 200
    assert 'data-testid="saved">Tersimpan.' in response.content.decode()
    answer = Answer.objects.get(assessment=assessment, question=question, side="tpi")
    assert (answer.choice, answer.note, answer.updated_by) == (
        "Tidak",
        "SK belum ditandatangani",
        people["tpi"],
    )
    assert not Answer.objects.filter(assessment=assessment, side="unit").exists()
    assessment.refresh_from_db()
    assert assessment.state == State.EVALUATING


def test_the_tpis_saved_row_draws_its_summary_and_sub_area_score_again(
    client: Client, people: dict, assessment: Assessment
) -> None:
    # PPA1A "Ya": 1 of 2 questions of "i. Penyusunan Tim Kerja" (weight 0,5)
    question = tpi_on(client, people, assessment)
    body = tpi_post(client, question, "Ya").text
    summary = body[body.index('id="tpi-summary"') :]
    assert summary.startswith('id="tpi-summary" data-testid="tpi-summary" hx-swap-oob="true"')
    assert 'data-testid="answered">1</strong> dari 127' in summary
    assert 'data-testid="total">0,25</span>' in summary
    score = f'id="score-{question.node_id}" class="small fw-normal text-muted"'
    assert f'{score} data-testid="node-score" hx-swap-oob="true">nilai 0,25 dari bobot 0,5' in body


def test_the_tpis_row_refuses_a_stale_version_and_a_wrong_answer(
    client: Client, people: dict, assessment: Assessment
) -> None:
    question = tpi_on(client, people, assessment)
    assert tpi_post(client, question, "Ya").status_code == 200
    stale = tpi_post(client, question, "Tidak", version=0)
    assert stale.status_code == 409 and "Jawaban Anda (Tidak) tidak disimpan." in stale.text
    wrong = tpi_post(client, question, "Mungkin", version=1)
    assert wrong.status_code == 422 and 'data-testid="answer-error"' in wrong.text
    assert Answer.objects.get(assessment=assessment, question=question, side="tpi").choice == "Ya"


def test_send_back_needs_a_note_and_marks_the_question_for_both_sides(
    client: Client, people: dict, assessment: Assessment
) -> None:
    question = tpi_on(client, people, assessment)
    target = url("lke_send_back", question.pk)
    empty = client.post(target, {f"b{question.pk}-note": " "}, **HX)
    assert empty.status_code == 422
    assert 'data-testid="note-error">Tuliskan apa yang perlu diperbaiki.' in empty.text
    sent = client.post(target, {f"b{question.pk}-note": "Unggah SK"}, **HX)
    assert sent.status_code == 200
    assert 'data-testid="correction">Diminta perbaikan oleh TPI: Unggah SK' in sent.text
    assert Correction.objects.filter(assessment=assessment, resolved_at=None).count() == 1
    # the unit: marked, and open to its coordinator alone among the area's questions
    client.force_login(people["koordinator_own"])
    page = client.get(url("lke_area", AREA_I)).content.decode()
    card = page[page.index('data-code="PPA1A"') :][:5000]
    assert "Diminta perbaikan oleh TPI: Unggah SK" in card and "lke-answer-form" in card
    other = page[page.index('data-code="PPA1B"') :][:5000]
    assert "lke-answer-form" not in other.split("</article>")[0]
    data = {f"q{question.pk}-answer": "Ya", f"q{question.pk}-version": "0"}
    assert client.post(url("lke_answer", question.pk), data, **HX).status_code == 200
    assert not Correction.objects.filter(assessment=assessment, resolved_at=None).exists()


def test_a_corrected_question_comes_back_read_only_and_a_refused_one_keeps_its_form(
    client: Client, people: dict, assessment: Assessment
) -> None:
    submitted(assessment, people)
    question = lke_question("PPA1A")
    question_send_back(
        assessment=assessment, question=question, user=people["tpi"], note="Unggah SK"
    )
    client.force_login(people["koordinator_own"])
    target = url("lke_answer", question.pk)
    wrong = {f"q{question.pk}-answer": "Mungkin", f"q{question.pk}-version": "0"}
    refused = client.post(target, wrong, **HX)
    assert refused.status_code == 422 and "lke-answer-form" in refused.text
    data = {f"q{question.pk}-answer": "Ya", f"q{question.pk}-version": "0"}
    card = client.post(target, data, **HX).text.split("</article>")[0]
    assert "lke-answer-form" not in card and 'data-testid="read-only"' in card
    assert 'data-testid="saved">Tersimpan.' in card and "<strong>Ya</strong>" in card


def test_completing_refuses_with_the_services_message_then_completes(
    client: Client, people: dict, assessment: Assessment
) -> None:
    submitted(assessment, people)
    client.force_login(people["tpi"])
    refused = client.post(url("lke_complete"))
    assert refused.status_code == 422
    assert "Masih ada 127 pertanyaan yang belum dijawab TPI." in refused.text
    questions = Question.objects.filter(worksheet=assessment.worksheet)
    rows = [(q, q.scheme[0]["key"] if q.scheme else "3", "", "") for q in questions]
    answers_import(assessment=assessment, side="tpi", user=people["tpi"], rows=rows)
    response = client.post(url("lke_complete"))
    assert response.status_code == 302 and response["Location"] == url("lke_comparison")
    assessment.refresh_from_db()
    assert assessment.state == State.COMPLETED
    page = client.get(url("lke_tpi_area", AREA_I)).content.decode()
    assert 'data-testid="tpi-read-only">Evaluasi TPI sudah selesai.' in page
    assert f"t{lke_question('PPA1A').pk}-answer" not in page


# The difference report


def test_the_comparison_lists_where_the_unit_over_rated_itself_largest_first(
    client: Client, people: dict, assessment: Assessment
) -> None:
    ketua, tpi = people["ketua"], people["tpi"]
    for code in ("PPA1A", "PPA1B", "PPA2A"):
        question = lke_question(code)
        best = question.scheme[0]["key"]
        unit_saves(assessment, ketua, code, best)
    submitted(assessment, people)
    for code in ("PPA1A", "PPA1B", "PPA2A"):
        question = lke_question(code)
        worst = question.scheme[-1]["key"]
        text = worst if code != "PPA1A" else question.scheme[0]["key"]
        answer_save(
            assessment=assessment, question=question, side="tpi", user=tpi, text=text, version=None
        )
    client.force_login(ketua)
    page = client.get(url("lke_comparison")).content.decode()
    table = page[page.index('data-testid="over-rated"') :].split("</table>")[0]
    assert "PPA1B" in table and "PPA2A" in table and "PPA1A" not in table
    from lke.comparison import assessment_comparison
    from lke.selectors.pages import worksheet_map

    report = assessment_comparison(assessment, worksheet_map(assessment.worksheet))
    gains = [r.over_rating for r in report.over_rated]
    assert gains == sorted(gains, reverse=True) and all(g > 0 for g in gains)
    assert report.totals[0].difference > 0
    area_i = next(f for f in report.areas if f.label.startswith("Area I "))
    assert area_i.difference > 0
    # shown with its sign, written as the LHE writes it (unit minus TPI)
    from common.formatting import score_difference_text

    assert score_difference_text(report.totals[0].difference).startswith("+")
    assert f">{score_difference_text(report.totals[0].difference)}</td>" in page


# The Ketua's dashboard


def dashboard_panel(client: Client) -> str:
    body = client.get(reverse("dashboard", args=[SLUG]) + f"?tahun={YEAR}").content.decode()
    return body.split('data-testid="lke-panel"', 1)[1].split("Kurva S", 1)[0]


def test_the_dashboard_shows_the_state_and_the_questions_sent_back(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["ketua"])
    assert 'data-testid="lke-evaluation-state">Penilaian mandiri' in dashboard_panel(client)
    submitted(assessment, people)
    question = lke_question("PPA1B")
    question_send_back(assessment=assessment, question=question, user=people["tpi"], note="?")
    panel = dashboard_panel(client)
    assert 'data-testid="lke-evaluation-state">Dievaluasi TPI' in panel
    link = url("lke_area", AREA_I) + f"#q-{question.pk}"
    assert f'<a href="{link}">1 pertanyaan dikembalikan TPI</a>' in panel
    assert 'data-testid="lke-official"' not in panel


def test_once_completed_the_dashboard_labels_the_tpis_scores_official(
    client: Client, people: dict, assessment: Assessment
) -> None:
    from common.formatting import score_text
    from lke.evaluation import evaluation_complete
    from lke.selectors import assessment_result

    submitted(assessment, people)
    questions = Question.objects.filter(worksheet=assessment.worksheet)
    rows = [(q, q.scheme[0]["key"] if q.scheme else "3", "", "") for q in questions]
    answers_import(assessment=assessment, side="tpi", user=people["tpi"], rows=rows)
    evaluation_complete(assessment=assessment, user=people["tpi"])
    client.force_login(people["ketua"])
    panel = dashboard_panel(client)
    assert 'data-testid="lke-evaluation-state">Selesai dievaluasi' in panel
    assert "Nilai resmi (hasil evaluasi TPI)" in panel
    official = score_text(assessment_result(assessment, "tpi").scores.total)
    assert f'data-testid="lke-official-total">{official}<' in panel
