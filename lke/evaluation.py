"""The path from self-assessment to the TPI's evaluation (states of an assessment).

draft (the unit answers) → submitted (the Ketua submits; the unit's answers are locked) →
evaluating (the TPI has begun answering its side) → completed (the TPI's scores are the
unit's official scores for the year). The Ketua may reopen a submitted assessment with a
reason (back to draft); the TPI may send one question back, which reopens that question
for the unit alone until the unit saves it again.

Every change writes the assessment's (or the correction's) history row with the user in
the same transaction; the reason of a reopening is the history row's change reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access import rules
from access.models import RoleAssignment
from common.formatting import number_text
from common.limits import REASON_CHARS
from common.notices import notice_send
from common.rollups import UNITS, rollup_touch
from lke.selectors.questions import question_area_code

from .models import Answer, Assessment, Correction, Question, Side

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

State = Assessment.State
NEED_REASON = "Tuliskan alasan membuka kembali penilaian mandiri."
NEED_NOTE = "Tuliskan apa yang perlu diperbaiki."
REASON_TOO_LONG = (
    f"Alasan paling panjang {number_text(REASON_CHARS, places=0)} karakter; persingkat alasannya."
)


def _locked(assessment: Assessment) -> Assessment:
    """The assessment as it is now, locked for this transaction."""
    return Assessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)


def _move(
    assessment: Assessment, *, user: User, to: str, reason: str = "", **fields: object
) -> None:
    assessment.state = to
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.full_clean(validate_unique=False, validate_constraints=False)
    assessment._history_user = user  # type: ignore[attr-defined]
    if reason:
        assessment._change_reason = reason  # type: ignore[attr-defined]
    assessment.save()
    # No summary changes: the scores and predicates summarised (rollups/lke.py) do not
    # depend on the assessment's state; the dashboard's LKE panel shows it.
    rollup_touch(UNITS, unit_ids=[assessment.unit_id])


def _refuse_unless(assessment: Assessment, *states: str, message: str) -> None:
    if assessment.state not in states:
        current = assessment.get_state_display()
        raise ValidationError(f"{message} (status sekarang: {current}).")


def _evaluating(assessment: Assessment, *, user: User, message: str) -> Assessment:
    """The assessment locked, for a TPI action that needs the evaluation under way."""
    assessment = _locked(assessment)
    rules.ensure_can_evaluate_lke(user, assessment.unit)
    _refuse_unless(assessment, State.SUBMITTED, State.EVALUATING, message=message)
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    """The Ketua submits the self-assessment to the TPI; the unit's answers are locked."""
    assessment = _locked(assessment)
    rules.ensure_can_submit_lke(user, assessment.unit)
    _refuse_unless(assessment, State.DRAFT, message="Hanya penilaian mandiri yang dapat diajukan")
    _move(assessment, user=user, to=State.SUBMITTED, submitted_at=timezone.now())
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, user: User, reason: str) -> Assessment:
    """Back to the self-assessment, with the reason recorded in the history."""
    assessment = _locked(assessment)
    rules.ensure_can_submit_lke(user, assessment.unit)
    if not reason.strip():
        raise ValidationError({"reason": NEED_REASON})
    if len(reason.strip()) > REASON_CHARS:
        raise ValidationError({"reason": REASON_TOO_LONG})
    _refuse_unless(
        assessment,
        State.SUBMITTED,
        State.EVALUATING,
        message="Hanya penilaian yang sedang di TPI yang dapat dibuka kembali",
    )
    _move(assessment, user=user, to=State.DRAFT, reason=reason.strip(), submitted_at=None)
    return assessment


def evaluation_begin(assessment: Assessment, *, user: User) -> None:
    """The TPI's first answer after submission moves the assessment to "under evaluation"
    (called inside the answer's transaction)."""
    if assessment.state == State.SUBMITTED:
        _move(assessment, user=user, to=State.EVALUATING)


def _answerers(assessment: Assessment, area_code: str) -> list[object]:
    """Who answers the question for the unit: its area's coordinators, the Sekretariat for
    Hasil (filtered here: the area list is JSON, compared the same on every database)."""
    role = RoleAssignment.Role.KOORDINATOR if area_code else RoleAssignment.Role.SEKRETARIAT
    roles = RoleAssignment.objects.filter(unit=assessment.unit, role=role).select_related("user")
    return [r.user for r in roles if not area_code or area_code in (r.area_codes or [])]


def _question_link(assessment: Assessment, question: Question, area_code: str) -> str:
    """The unit's area page, at the question sent back."""
    kwargs = {"slug": assessment.unit.slug, "year": assessment.year, "part": area_code or "hasil"}
    return f"{reverse('lke_area', kwargs=kwargs)}#q-{question.pk}"


@transaction.atomic
def question_send_back(
    *, assessment: Assessment, question: Question, user: User, note: str
) -> Correction:
    """The TPI asks the unit to correct one answer; its coordinators (the Sekretariat for
    Hasil) get a notice and the question reopens for the unit alone."""
    assessment = _evaluating(
        assessment, user=user, message="Pertanyaan hanya dapat dikembalikan selama evaluasi TPI"
    )
    if question.worksheet_id != assessment.worksheet_id:
        raise ValidationError("Pertanyaan ini bukan dari versi LKE penilaian ini.")
    if not note.strip():
        raise ValidationError({"note": NEED_NOTE})
    if Correction.objects.filter(
        assessment=assessment, question=question, resolved_at=None
    ).exists():
        raise ValidationError("Pertanyaan ini sudah dikembalikan dan belum diperbaiki unit.")
    correction = Correction(
        assessment=assessment, question=question, note=note.strip(), requested_by=user
    )
    correction.full_clean(validate_constraints=False)
    correction._history_user = user  # type: ignore[attr-defined]
    correction.save()
    rollup_touch(UNITS, unit_ids=[assessment.unit_id])  # the LKE panel's open corrections
    evaluation_begin(assessment, user=user)
    area_code = question_area_code(question)
    label = question.code or f"baris {question.excel_row}"
    notice_send(
        users=_answerers(assessment, area_code),
        text=f"TPI meminta perbaikan jawaban LKE {label}: {correction.note}",
        link=_question_link(assessment, question, area_code),
        subject=f"Perbaikan jawaban LKE {assessment.unit.short_name} {assessment.year}",
    )
    return correction


def open_correction(assessment: Assessment, question: Question) -> Correction | None:
    return Correction.objects.filter(
        assessment=assessment, question=question, resolved_at=None
    ).first()


def correction_resolve(correction: Correction, *, user: User) -> None:
    """The unit saved the question again: the request is closed (inside the save)."""
    correction.resolved_by = user
    correction.resolved_at = timezone.now()
    correction._history_user = user  # type: ignore[attr-defined]
    correction.save(update_fields=["resolved_by", "resolved_at"])
    rollup_touch(UNITS, unit_ids=[correction.assessment.unit_id])  # the LKE panel


@transaction.atomic
def evaluation_complete(*, assessment: Assessment, user: User) -> Assessment:
    """The TPI completes the evaluation once every question has its answer and no question
    waits for the unit; the TPI's scores become the unit's official scores for the year."""
    assessment = _evaluating(
        assessment,
        user=user,
        message="Evaluasi hanya dapat diselesaikan setelah penilaian mandiri diajukan",
    )
    total = Question.objects.filter(worksheet_id=assessment.worksheet_id).count()
    answered = (
        Answer.objects.filter(assessment=assessment, side=Side.TPI)
        .exclude(choice="", number__isnull=True)
        .count()
    )
    if answered < total:
        raise ValidationError(f"Masih ada {total - answered} pertanyaan yang belum dijawab TPI.")
    waiting = Correction.objects.filter(assessment=assessment, resolved_at=None).count()
    if waiting:
        raise ValidationError(f"Masih ada {waiting} pertanyaan yang menunggu perbaikan unit.")
    _move(assessment, user=user, to=State.COMPLETED, completed_at=timezone.now())
    return assessment
