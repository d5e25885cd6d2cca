"""From self-assessment to the TPI's evaluation: submit, reopen, send back, complete."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import Unit
from lke.evaluation import (
    assessment_reopen,
    assessment_submit,
    evaluation_complete,
    question_send_back,
)
from lke.models import Answer, Assessment, Correction, Question
from lke.services import answer_save, answers_import
from reports.models import Notice
from tests.factories import lke_assessment, lke_question

State = Assessment.State


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def first_key(question: Question) -> str:
    return question.scheme[0]["key"] if question.scheme else "3"


def save(assessment: Assessment, user: object, question: Question, side: str = "unit") -> Answer:
    return answer_save(
        assessment=assessment,
        question=question,
        side=side,
        user=user,
        text=first_key(question),
        version=None,
    )


def tpi_answers_all(assessment: Assessment, tpi: object) -> None:
    questions = Question.objects.filter(worksheet=assessment.worksheet)
    rows = [(q, first_key(q), "sesuai", "") for q in questions]
    answers_import(assessment=assessment, side="tpi", user=tpi, rows=rows)


def test_only_the_ketua_submits_and_the_units_answers_are_then_locked(
    assessment: Assessment, people: dict
) -> None:
    question = lke_question("PPA1A")
    with pytest.raises(PermissionDenied):
        assessment_submit(assessment=assessment, user=people["sekretariat"])
    assessment_submit(assessment=assessment, user=people["ketua"])
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED
    assert assessment.submitted_at is not None
    with pytest.raises(ValidationError, match="sudah diajukan"):
        save(assessment, people["koordinator_own"], question)
    with pytest.raises(ValidationError, match="Hanya penilaian mandiri"):
        assessment_submit(assessment=assessment, user=people["ketua"])


def test_reopening_needs_a_reason_and_records_it_in_the_history(
    assessment: Assessment, people: dict
) -> None:
    assessment_submit(assessment=assessment, user=people["ketua"])
    with pytest.raises(ValidationError) as refused:
        assessment_reopen(assessment=assessment, user=people["ketua"], reason="  ")
    assert "alasan" in str(refused.value.message_dict["reason"])
    assessment_reopen(assessment=assessment, user=people["ketua"], reason="Bukti area II kurang")
    assessment.refresh_from_db()
    assert assessment.state == State.DRAFT
    last = assessment.history.latest("history_date")
    assert last.history_change_reason == "Bukti area II kurang"
    assert last.history_user == people["ketua"]
    save(assessment, people["koordinator_own"], lke_question("PPA1A"))  # open again


def test_a_question_sent_back_reopens_for_the_unit_alone_and_tells_its_coordinator(
    assessment: Assessment, people: dict
) -> None:
    question, other = lke_question("PPA1A"), lke_question("PPA1B")
    assessment_submit(assessment=assessment, user=people["ketua"])
    with pytest.raises(PermissionDenied):
        question_send_back(assessment=assessment, question=question, user=people["ketua"], note="x")
    question_send_back(
        assessment=assessment, question=question, user=people["tpi"], note="SK belum diunggah"
    )
    assessment.refresh_from_db()
    assert assessment.state == State.EVALUATING
    notices = Notice.objects.filter(user=people["koordinator_own"])
    assert [n.text for n in notices] == [
        "TPI meminta perbaikan jawaban LKE PPA1A: SK belum diunggah"
    ]
    assert notices[0].link.endswith(f"/lke/2025/area/manajemen_perubahan/#q-{question.pk}")
    assert not Notice.objects.filter(user=people["koordinator_other_area"]).exists()
    with pytest.raises(ValidationError, match="sudah diajukan"):
        save(assessment, people["koordinator_own"], other)
    save(assessment, people["koordinator_own"], question)
    correction = Correction.objects.get(assessment=assessment, question=question)
    assert correction.resolved_by == people["koordinator_own"]
    with pytest.raises(ValidationError, match="sudah diajukan"):
        save(assessment, people["koordinator_own"], question)  # closed again after the fix


def test_a_hasil_question_sent_back_tells_the_sekretariat(
    assessment: Assessment, people: dict
) -> None:
    assessment_submit(assessment=assessment, user=people["ketua"])
    question_send_back(
        assessment=assessment, question=lke_question(row=199), user=people["tpi"], note="Survei?"
    )
    assert Notice.objects.filter(user=people["sekretariat"]).count() == 1
    assert not Notice.objects.filter(user=people["koordinator_own"]).exists()


def test_sending_back_needs_a_note_and_the_evaluation_under_way(
    assessment: Assessment, people: dict
) -> None:
    question = lke_question("PPA1A")
    with pytest.raises(ValidationError, match="selama evaluasi"):
        question_send_back(assessment=assessment, question=question, user=people["tpi"], note="x")
    assessment_submit(assessment=assessment, user=people["ketua"])
    with pytest.raises(ValidationError):
        question_send_back(assessment=assessment, question=question, user=people["tpi"], note=" ")
    question_send_back(assessment=assessment, question=question, user=people["tpi"], note="a")
    with pytest.raises(ValidationError, match="sudah dikembalikan"):
        question_send_back(assessment=assessment, question=question, user=people["tpi"], note="b")


def test_the_tpi_completes_only_with_every_answer_and_no_question_waiting(
    assessment: Assessment, people: dict
) -> None:
    tpi = people["tpi"]
    assessment_submit(assessment=assessment, user=people["ketua"])
    save(assessment, tpi, lke_question("PPA1A"), side="tpi")
    with pytest.raises(ValidationError, match="126 pertanyaan yang belum dijawab TPI"):
        evaluation_complete(assessment=assessment, user=tpi)
    tpi_answers_all(assessment, tpi)
    question_send_back(assessment=assessment, question=lke_question("PPA1B"), user=tpi, note="?")
    with pytest.raises(ValidationError, match="1 pertanyaan yang menunggu perbaikan"):
        evaluation_complete(assessment=assessment, user=tpi)
    save(assessment, people["koordinator_own"], lke_question("PPA1B"))
    with pytest.raises(PermissionDenied):
        evaluation_complete(assessment=assessment, user=people["ketua"])
    evaluation_complete(assessment=assessment, user=tpi)
    assessment.refresh_from_db()
    assert (assessment.state, assessment.completed_at is not None) == (State.COMPLETED, True)
    with pytest.raises(ValidationError, match="sudah selesai"):
        save(assessment, tpi, lke_question("PPA1A"), side="tpi")
