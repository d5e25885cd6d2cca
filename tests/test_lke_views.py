"""The LKE pages: the overview's figures, the area worksheet, answers saved in place (htmx)
with the optimistic lock, validation messages and read-only rows."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.formatting import score_text
from lke.models import Answer, Assessment, Question
from lke.selectors import assessment_result
from lke.services import answer_save
from tests.factories import lke_assessment, lke_question

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
SLUG, YEAR = "kpu-kalbar", 2025
AREA_I = "manajemen_perubahan"
# Area I: its Pemenuhan questions PPA1A … PPA4D, its Reform questions PRA2A, PRA3A and four
# counts (agents of change and their changes); the Hasil page has IPAK, capaian, IPKP.
AREA_I_CODES = ["PPA1A", "PPA1B", "PPA2A", "PPA3A", "PPA4D", "PRA2A", "PRA3A"]
IPAK_ROW = 199


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def overview_url(slug: str = SLUG) -> str:
    return reverse("lke_overview", args=[slug, YEAR])


def area_url(code: str = AREA_I) -> str:
    return reverse("lke_area", args=[SLUG, YEAR, code])


def post(client: Client, question: Question, answer: str, version: int = 0, **extra: str):
    data = {f"q{question.pk}-answer": answer, f"q{question.pk}-version": str(version)}
    data |= {f"q{question.pk}-{name}": value for name, value in extra.items()}
    return client.post(reverse("lke_answer", args=[SLUG, YEAR, question.pk]), data, **HX)


def save(assessment: Assessment, user: object, code: str, text: str) -> Answer:
    return answer_save(
        assessment=assessment,
        question=lke_question(code),
        side="unit",
        user=user,
        text=text,
        version=None,
    )


def by_testid(body: str, name: str) -> str:
    """The text of the first element carrying data-testid=``name``."""
    match = re.search(rf'data-testid="{name}"[^>]*>(.*?)<', body, re.S)
    assert match, f"no {name} in the page"
    return html.unescape(match.group(1).strip())


def card(body: str, question: Question) -> str:
    """One question's card of an area page."""
    return body.split(f'id="q-{question.pk}"', 1)[1].split("</article>", 1)[0]


def test_the_overview_shows_progress_scores_verdicts_steps_and_area_links(
    client: Client, people: dict, assessment: Assessment
) -> None:
    for code, text in [("PPA1A", "Ya"), ("PPA1B", "B"), ("PRA2A", "A")]:
        save(assessment, people["ketua"], code, text)
    result = assessment_result(assessment, "unit")
    client.force_login(people["ketua"])
    body = client.get(overview_url()).content.decode()
    assert by_testid(body, "answered") == "3"
    assert "dari 127 pertanyaan" in body
    assert by_testid(body, "total") == score_text(result.scores.total)
    assert by_testid(body, "pengungkit") == score_text(result.scores.pengungkit)
    assert result.scores.total > 0
    # every unmet requirement of both predicates, in words
    for verdict in result.verdicts.values():
        for text in verdict.unmet:
            assert text in body
    assert "Area Manajemen Perubahan" in body and "(minimal 60 %)" in body
    # the cheapest path names its questions and links to them on their area's page
    steps = body.split('data-testid="steps"', 1)[1].split("</table>", 1)[0]
    first = result.steps[0]
    assert f"#q-{first.question_id}" in steps and f"+{score_text(first.gain)}" in steps
    areas = body.split('data-testid="areas"', 1)[1].split("</table>", 1)[0]
    assert areas.count("<tr data-area=") == 7
    assert f'<a href="{area_url()}">Area I – Manajemen Perubahan</a>' in areas
    assert '<td class="text-end">3/18</td>' in areas  # 3 of area I's 18 questions


def test_without_an_assessment_ketua_and_sekretariat_may_start_it(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["koordinator_own"])
    body = client.get(overview_url()).content.decode()
    assert 'data-testid="not-started"' in body and "Mulai penilaian mandiri" not in body
    assert client.post(reverse("lke_start", args=[SLUG, YEAR])).status_code == 403
    assert not Assessment.objects.filter(unit=province).exists()
    client.force_login(people["sekretariat"])
    assert "Mulai penilaian mandiri" in client.get(overview_url()).content.decode()
    response = client.post(reverse("lke_start", args=[SLUG, YEAR]))
    assert response.status_code == 302 and response["Location"] == overview_url()
    started = Assessment.objects.get(unit=province, year=YEAR)
    assert started.worksheet.year == 2026 and started.created_by == people["sekretariat"]
    assert 'data-testid="lke-scores"' in client.get(overview_url()).content.decode()


def test_a_year_without_a_plan_has_no_lke_page(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    assert client.get(reverse("lke_overview", args=[SLUG, 2031])).status_code == 404
    assert client.post(reverse("lke_start", args=[SLUG, 2031])).status_code == 404
    assert not Assessment.objects.filter(year=2031).exists()


def test_the_area_page_has_pemenuhan_and_reform_with_choices_in_words_and_documents(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["koordinator_own"])
    body = client.get(area_url()).content.decode()
    assert body.count('class="card mb-2 lke-question"') == 18
    for code in AREA_I_CODES:
        assert f'data-code="{code}"' in body
    assert 'data-code="PPB1A"' not in body  # area II is on its own page
    assert "I. PEMENUHAN › 1. MANAJEMEN PERUBAHAN" in body
    assert "II. REFORM › 1. MANAJEMEN PERUBAHAN" in body
    assert "i. Penyusunan Tim Kerja" in body  # a sub-area heading
    ppa1b = card(body, lke_question("PPA1B"))
    assert "A – Jika dengan prosedur/mekanisme yang jelas dan mewakili seluruh unsur" in ppa1b
    assert "C – Jika tidak di seleksi." in ppa1b
    assert "Kriteria penilaian" in ppa1b
    ppa1a = card(body, lke_question("PPA1A"))
    assert "SK Tim Kerja Pembangunan ZI menuju WBK/WBBM" in ppa1a  # an expected document
    assert ">Ya</label>" in ppa1a and ">Tidak</label>" in ppa1a
    count = Question.objects.get(worksheet__year=2026, excel_row=126)
    assert ">Jumlah</label>" in card(body, count)


def test_saving_in_place_returns_the_row_and_the_moved_progress_and_scores(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["koordinator_own"])
    question = lke_question("PPA1B")
    response = post(client, question, "b", note="Tim dipilih sebagian.")
    assert response.status_code == 200
    answer = Answer.objects.get(assessment=assessment, question=question, side="unit")
    assert (answer.choice, answer.note, answer.version) == ("B", "Tim dipilih sebagian.", 1)
    assert answer.history.count() == 1 and answer.history.get().history_user == answer.updated_by
    body = response.content.decode()
    assert body.count("<article") == 1 and 'data-testid="saved"' in body
    assert re.search(r'value="B"[^>]* checked', body)
    assert f'name="q{question.pk}-version" value="1"' in body
    panel = body.split('id="lke-summary"', 1)[1]
    assert 'hx-swap-oob="true"' in body.split('id="lke-summary"', 1)[0][-200:] + panel[:60]
    assert by_testid(panel, "answered") == "1"
    # the sub-area's score above the question is drawn again (out of band)
    node = f'id="score-{question.node_id}" class="small fw-normal text-muted"'
    assert f'{node} data-testid="node-score" hx-swap-oob="true">nilai 0,13 dari bobot 0,5' in body
    result = assessment_result(assessment, "unit")
    # B = 0.5 on one of the 2 questions of a sub-area weighing 0.5: 0.125, shown "0,13"
    assert by_testid(panel, "total") == score_text(result.scores.total) == "0,13"
    # the next save names version 1
    assert post(client, question, "A", version=1).status_code == 200
    answer.refresh_from_db()
    assert (answer.choice, answer.version) == ("A", 2)


def test_a_count_and_a_survey_value_are_saved_as_numbers(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["sekretariat"])
    ipak = Question.objects.get(worksheet__year=2026, excel_row=IPAK_ROW)
    assert post(client, ipak, "3,45").status_code == 200
    count = Question.objects.get(worksheet__year=2026, excel_row=126)
    response = post(client, count, "12")
    assert response.status_code == 200 and 'value="12"' in response.content.decode()
    numbers = dict(
        Answer.objects.filter(assessment=assessment).values_list("question_id", "number")
    )
    assert numbers == {ipak.pk: Decimal("3.45"), count.pk: Decimal("12")}


def test_a_stale_save_is_refused_and_the_row_shows_the_other_persons_answer(
    client: Client, people: dict, assessment: Assessment
) -> None:
    question = lke_question("PPA1B")
    save(assessment, people["ketua"], "PPA1B", "A")  # saved while the koordinator's page was open
    client.force_login(people["koordinator_own"])
    response = post(client, question, "C", version=0)
    assert response.status_code == 409
    answer = Answer.objects.get(assessment=assessment, question=question, side="unit")
    assert (answer.choice, answer.version, answer.updated_by) == ("A", 1, people["ketua"])
    body = response.content.decode()
    error = body.split('data-testid="row-error"', 1)[1].split("</div>", 1)[0]
    assert "telah diubah oleh ketua-uji" in error
    assert "Jawaban Anda (C – Jika tidak di seleksi.) tidak disimpan." in error
    assert re.search(r'value="A"[^>]* checked', body)  # the other person's answer, with its version
    assert f'name="q{question.pk}-version" value="1"' in body


def test_an_unreadable_answer_gets_its_message_next_to_the_field_and_saves_nothing(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["koordinator_own"])
    response = post(client, lke_question("PPA1B"), "F")
    assert response.status_code == 422
    message = by_testid(response.content.decode(), "answer-error")
    assert message == 'Jawaban "F" tidak dikenal — pilih salah satu: A, B, C.'
    count = Question.objects.get(worksheet__year=2026, excel_row=126)
    response = post(client, count, "-3")
    assert response.status_code == 422
    assert (
        by_testid(response.content.decode(), "answer-error") == "Isi bilangan bulat 0 atau lebih."
    )
    assert 'value="-3"' in response.content.decode()  # what was typed stays in the field
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_rows_the_user_may_not_answer_are_read_only(
    client: Client, people: dict, assessment: Assessment
) -> None:
    save(assessment, people["koordinator_own"], "PPA1B", "B")
    client.force_login(people["koordinator_other_area"])
    body = client.get(area_url()).content.decode()
    assert '<form class="lke-answer-form' not in body
    assert body.count('data-testid="read-only"') == 18
    ppa1b = card(body, lke_question("PPA1B"))
    assert (
        "B – Jika sebagian menggunakan prosedur" in ppa1b and "Terakhir disimpan oleh k1" in ppa1b
    )
    # the koordinator of area I reads Hasil; the Sekretariat answers it
    client.force_login(people["koordinator_own"])
    body = client.get(area_url("hasil")).content.decode()
    assert body.count('data-testid="read-only"') == 3 and "lke-answer-form" not in body
    client.force_login(people["sekretariat"])
    body = client.get(area_url("hasil")).content.decode()
    assert body.count('<form class="lke-answer-form') == 3
    assert "Nilai Survey Persepsi Korupsi" in body and "Nilai survei (0–4)" in body


def test_without_htmx_a_save_redirects_to_the_question_with_a_message(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["koordinator_own"])
    question = lke_question("PPA1A")
    data = {f"q{question.pk}-answer": "Ya", f"q{question.pk}-version": "0"}
    url = reverse("lke_answer", args=[SLUG, YEAR, question.pk])
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == f"{area_url()}#q-{question.pk}"
    assert "Jawaban tersimpan." in response.content.decode()
    response = client.post(url, {**data, f"q{question.pk}-answer": "mungkin"}, follow=True)
    assert 'Jawaban "mungkin" tidak dikenal' in html.unescape(response.content.decode())


def test_the_history_of_an_answer_lists_each_save(
    client: Client, people: dict, assessment: Assessment
) -> None:
    save(assessment, people["koordinator_own"], "PPA1B", "B")
    save(assessment, people["ketua"], "PPA1B", "A")
    client.force_login(people["tpi"])
    url = reverse("lke_answer_history", args=[SLUG, YEAR, lke_question("PPA1B").pk])
    body = client.get(url).content.decode()
    assert body.count('<div class="card mb-2">') == 2
    assert "ketua-uji" in body and "k1" in body


def test_an_unknown_area_or_question_is_404(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["ketua"])
    assert client.get(area_url("bukan-area")).status_code == 404
    other = Question.objects.exclude(worksheet=assessment.worksheet).first()
    assert other is None  # one worksheet version is loaded; an id past the last is unknown
    last = Question.objects.order_by("-pk").first()
    response = client.post(reverse("lke_answer", args=[SLUG, YEAR, last.pk + 1]), {}, **HX)
    assert response.status_code == 404


def test_the_area_page_runs_a_fixed_number_of_queries(
    client: Client, people: dict, assessment: Assessment, django_assert_max_num_queries
) -> None:
    for code in AREA_I_CODES:
        save(assessment, people["koordinator_own"], code, lke_question(code).scheme[0]["key"])
    client.force_login(people["koordinator_own"])
    # 14, and the unit's internal surveys behind IPAK/IPKP (4: lke/selectors/survey_values.py)
    with django_assert_max_num_queries(18):
        assert client.get(area_url()).status_code == 200
    question = lke_question("PPA2A")
    # the save itself (the state locked, service, history) and the row and panel drawn again
    # (26), and the unit's internal surveys behind IPAK/IPKP (4); then the assessment's
    # summary row scored again on the saved side in the same transaction (12:
    # rollups/lke.py — the row locked and known, the side's scoring with its surveys, the update)
    # and the unit's data stamp bumped (2: rollups/stamps.py — the unit, the upsert)
    with django_assert_max_num_queries(30 + 12 + 2):
        assert post(client, question, "Tidak", version=1).status_code == 200


def test_nested_sub_areas_are_grouped_under_their_parent(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["ketua"])
    body = client.get(area_url("pengawasan")).content.decode()
    assert (
        "iii. Penyampaian Laporan Harta Kekayaan › "
        "a. Penyampaian Laporan Harta Kekayaan Pejabat Negara (LHKPN)"
    ) in body
    assert body.count('class="card mb-2 lke-question"') == 30


def test_after_the_self_assessment_is_submitted_its_rows_are_read_only(
    client: Client, people: dict, assessment: Assessment
) -> None:
    assessment.state = Assessment.State.SUBMITTED
    assessment.save()
    client.force_login(people["ketua"])
    body = client.get(area_url()).content.decode()
    assert "lke-answer-form" not in body and body.count('data-testid="read-only"') == 18
    response = post(client, lke_question("PPA1A"), "Ya")
    assert response.status_code == 422
    error = by_testid(response.content.decode(), "row-error")
    assert error.startswith("Penilaian mandiri sudah diajukan ke TPI")
    assert not Answer.objects.filter(assessment=assessment).exists()
