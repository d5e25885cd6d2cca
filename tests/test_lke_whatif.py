"""The what-if sandbox: changed answers move the scores and the predicate on the page, and
nothing is ever written (no answer, no version, no history row)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.formatting import score_text
from lke.models import Answer, Assessment, Question
from lke.scoring import AnswerValue
from lke.selectors import assessment_result
from lke.selectors.pages import predicate_text
from lke.services import answer_save
from tests.factories import lke_assessment, lke_question

pytestmark = pytest.mark.django_db

URL = reverse("lke_whatif", args=["kpu-kalbar", 2025])


@pytest.fixture
def assessment(province: Unit, people: dict) -> Assessment:
    assessment = lke_assessment(province)
    for code, text in [("PPA1A", "Tidak"), ("PPA1B", "C"), ("PRA2A", "E")]:
        answer_save(
            assessment=assessment,
            question=lke_question(code),
            side="unit",
            user=people["ketua"],
            text=text,
            version=None,
        )
    return assessment


def stored(assessment: Assessment) -> tuple[list[tuple], int]:
    """Every answer as stored (with its version) and the number of history rows."""
    rows = list(
        Answer.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("pk", "question_id", "side", "choice", "number", "note", "version")
    )
    return rows, Answer.history.count()


def best(question: Question) -> str:
    """The best answer: the first key of the scheme, 4 for a survey, 10 for a count."""
    if question.scheme:
        return question.scheme[0]["key"]
    return "4" if question.answer_type == Question.AnswerType.SURVEY else "10"


def cell(body: str, row: str) -> list[str]:
    """The cells of the what-if table's row ``row`` ("Nilai total" …)."""
    table = body.split('data-testid="whatif-scores"', 1)[1].split("</table>", 1)[0]
    line = table.split(f"<td>{row}</td>", 1)[1].split("</tr>", 1)[0]
    return [html.unescape(c) for c in re.findall(r">([^<]*)</td>", line)]


def test_changed_answers_move_the_scores_and_the_predicate_and_nothing_is_saved(
    client: Client, people: dict, assessment: Assessment
) -> None:
    before = stored(assessment)
    questions = list(Question.objects.filter(worksheet=assessment.worksheet))
    data = {f"q{q.pk}": best(q) for q in questions}
    client.force_login(people["koordinator_own"])  # reading is enough: nothing is written
    response = client.post(URL, data)
    assert response.status_code == 200
    body = response.content.decode()
    overrides = {
        q.pk: AnswerValue(choice=best(q)) if q.scheme else AnswerValue(number=int(best(q)))
        for q in questions
    }
    now = assessment_result(assessment, "unit")
    then = assessment_result(assessment, "unit", overrides=overrides)
    assert then.scores.total > now.scores.total
    assert cell(body, "Nilai total") == [
        score_text(now.scores.total),
        score_text(then.scores.total),
        score_text(then.scores.total - now.scores.total),
    ]
    assert predicate_text(now.verdicts) == "Belum memenuhi syarat"
    assert predicate_text(then.verdicts) == "Menuju WBK"  # WBBM needs Menuju WBK held already
    predicate = re.search(r'data-testid="whatif-predicate">([^<]*)<', body)
    assert predicate and predicate.group(1) == "Menuju WBK"
    assert f"{len(questions)} jawaban diubah dalam simulasi (tidak disimpan)" in body
    assert stored(assessment) == before


def test_htmx_gets_only_the_result_and_one_change_moves_the_total(
    client: Client, people: dict, assessment: Assessment
) -> None:
    before = stored(assessment)
    question = lke_question("PPA1A")
    client.force_login(people["tpi"])
    response = client.post(URL, {f"q{question.pk}": "Ya"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="whatif-result"') and "<html" not in body
    # the fields left out of the post are left as they are stored, not cleared
    then = assessment_result(assessment, "unit", overrides={question.pk: AnswerValue(choice="Ya")})
    assert cell(body, "Nilai total")[1] == score_text(then.scores.total)
    assert "1 jawaban diubah" in body
    assert stored(assessment) == before


def test_the_sandbox_opens_with_the_stored_answers(
    client: Client, people: dict, assessment: Assessment
) -> None:
    client.force_login(people["koordinator_other_area"])
    body = client.get(URL).content.decode()
    ppa1b = lke_question("PPA1B")
    select = body.split(f'name="q{ppa1b.pk}"', 1)[1].split("</select>", 1)[0]
    assert '<option value="C" selected>' in select
    assert "Belum ada jawaban yang diubah." in body
    now = assessment_result(assessment, "unit")
    assert cell(body, "Nilai total")[:2] == [score_text(now.scores.total)] * 2


def test_an_unreadable_value_is_named_and_ignored(
    client: Client, people: dict, assessment: Assessment
) -> None:
    before = stored(assessment)
    ipak = Question.objects.get(worksheet=assessment.worksheet, excel_row=199)
    ppa1a = lke_question("PPA1A")
    client.force_login(people["ketua"])
    body = html.unescape(
        client.post(URL, {f"q{ipak.pk}": "5", f"q{ppa1a.pk}": "Ya"}).content.decode()
    )
    assert "Isi nilai 0 sampai 4 dengan paling banyak dua angka desimal" in body
    assert "1 jawaban diubah" in body  # PPA1A only
    assert stored(assessment) == before
