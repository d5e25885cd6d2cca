"""Importing one side's answers from the workbook: all or nothing, only changes written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import Unit
from lke.models import Answer, Assessment, Question
from lke.services import answer_save, answers_import
from tests.factories import lke_assessment, lke_question

Row = tuple[Question, str, str, str]


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def a_value(question: Question) -> str:
    if question.scheme:
        return question.scheme[0]["key"].lower()
    return "5" if question.answer_type == "count" else "3,5"


def every_row() -> list[Row]:
    questions = Question.objects.filter(worksheet__year=2026).order_by("excel_row")
    return [(q, a_value(q), f"Catatan {q.excel_row}", "") for q in questions]


def run(assessment: Assessment, user: object, rows: list[Row], side: str = "unit") -> int:
    return answers_import(assessment=assessment, side=side, user=user, rows=rows)


def history(assessment: Assessment) -> int:
    return Answer.history.filter(assessment_id=assessment.pk).count()


def test_the_whole_sheet_is_written_in_bulk_with_one_history_row_each(
    assessment: Assessment, people: dict, django_assert_max_num_queries: Any
) -> None:
    rows = every_row()
    # 12 for the import, 14 for the assessment's summary row brought up to date in the same
    # transaction (rollups/lke.py: a lock, both sides scored, the upsert): neither grows
    # with the number of rows.
    with django_assert_max_num_queries(12 + 14):
        assert run(assessment, people["sekretariat"], rows) == 127
    answers = Answer.objects.filter(assessment=assessment, side="unit")
    assert answers.count() == 127
    assert answers.get(question__code="PPA1A").choice == "Ya"
    assert str(answers.get(question__excel_row=199).number) == "3.50"
    records = Answer.history.filter(assessment_id=assessment.pk)
    assert records.count() == 127
    assert {r.history_user_id for r in records} == {people["sekretariat"].pk}
    assert set(answers.values_list("version", flat=True)) == {1}


def test_importing_the_same_sheet_again_changes_nothing(
    assessment: Assessment, people: dict
) -> None:
    run(assessment, people["sekretariat"], every_row())
    assert run(assessment, people["ketua"], every_row()) == 0
    assert history(assessment) == 127


def test_only_changed_rows_are_written(assessment: Assessment, people: dict) -> None:
    rows = every_row()
    run(assessment, people["sekretariat"], rows)
    rows[0] = (rows[0][0], "tidak", rows[0][2], "")
    rows[1] = (rows[1][0], rows[1][1], "Catatan baru", "SK Tim 2025")
    rows[2] = (rows[2][0], "", "", "")  # cleared
    assert run(assessment, people["ketua"], rows) == 3
    changed = Answer.objects.filter(assessment=assessment, version=2)
    assert set(changed.values_list("question__excel_row", flat=True)) == {6, 7, 9}
    assert Answer.objects.get(assessment=assessment, question__excel_row=9).is_answered is False
    assert history(assessment) == 130


def test_a_bad_row_stops_the_whole_import_with_every_problem_listed(
    assessment: Assessment, people: dict
) -> None:
    rows = every_row()
    by_row = {r[0].excel_row: i for i, r in enumerate(rows)}
    rows[by_row[7]] = (rows[by_row[7]][0], "D", "", "")
    rows[by_row[126]] = (rows[by_row[126]][0], "1,5", "", "")
    rows[by_row[202]] = (rows[by_row[202]][0], "4,5", "", "")
    with pytest.raises(ValidationError) as refused:
        run(assessment, people["sekretariat"], rows)
    assert refused.value.messages == [
        'Baris 7: Jawaban "D" tidak dikenal — pilih salah satu: A, B, C.',
        "Baris 126: Isi bilangan bulat 0 atau lebih.",
        "Baris 202: Isi nilai 0 sampai 4 dengan paling banyak dua angka desimal (misalnya 3,45).",
    ]
    assert not Answer.objects.filter(assessment=assessment).exists()
    assert history(assessment) == 0


def test_a_koordinator_may_import_the_whole_sheet_when_only_their_area_changes(
    assessment: Assessment, people: dict
) -> None:
    rows = every_row()
    run(assessment, people["sekretariat"], rows)
    own = lke_question("PPA1A")
    other = lke_question("PPB1A")
    rows = [(q, "tidak" if q == own else v, n, e) for q, v, n, e in rows]
    assert run(assessment, people["koordinator_own"], rows) == 1
    rows = [(q, "b" if q == other else v, n, e) for q, v, n, e in rows]
    with pytest.raises(ValidationError) as refused:
        run(assessment, people["koordinator_own"], rows)
    assert refused.value.messages == [
        "Baris 23: Anda tidak berwenang mengisi jawaban pertanyaan ini."
    ]


def test_who_may_not_answer_the_side_is_refused_outright(
    assessment: Assessment, people: dict
) -> None:
    with pytest.raises(PermissionDenied):
        run(assessment, people["koordinator_own"], every_row(), side="tpi")
    with pytest.raises(PermissionDenied):
        run(assessment, people["ketua_other_unit"], every_row())
    assert run(assessment, people["tpi"], every_row(), side="tpi") == 127
    assert not Answer.objects.filter(assessment=assessment, side="unit").exists()


def test_a_question_given_twice_is_a_problem_row(assessment: Assessment, people: dict) -> None:
    question = lke_question("PPA1A")
    with pytest.raises(ValidationError) as refused:
        run(assessment, people["ketua"], [(question, "ya", "", ""), (question, "tidak", "", "")])
    assert refused.value.messages == ["Baris 6: pertanyaan ini muncul lebih dari sekali."]


def test_an_import_after_a_page_save_takes_the_next_version(
    assessment: Assessment, people: dict
) -> None:
    question = lke_question("PPA1A")
    answer_save(
        assessment=assessment,
        question=question,
        side="unit",
        user=people["koordinator_own"],
        text="Tidak",
        version=0,
    )
    assert run(assessment, people["ketua"], [(question, "YA", "", "")]) == 1
    answer = Answer.objects.get(assessment=assessment, question=question)
    assert (answer.choice, answer.version, answer.updated_by) == ("Ya", 2, people["ketua"])


def test_a_submitted_self_assessment_takes_no_unit_import(
    assessment: Assessment, people: dict
) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    with pytest.raises(ValidationError, match="sudah diajukan ke TPI"):
        run(assessment, people["ketua"], every_row())
