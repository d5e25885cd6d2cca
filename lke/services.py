"""Writes with rules for the LKE: loading the worksheet, starting an assessment, answers.

Answers are saved one at a time from the worksheet page (:func:`answer_save`, optimistic
locking like the progress rows) or all at once from the official workbook
(:func:`answers_import`, all-or-nothing). Both read the text with
:func:`lke.answers.parse_answer`, ask :func:`access.rules.can_answer_lke` and write the
history row with the user in the same transaction.

Sides and states: the unit's side is written while the assessment is a draft
(self-assessment); the TPI's side until the evaluation is completed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from access import rules
from access.models import Unit
from common.db import versioned_row, versioned_save
from common.rollups import ASSESSMENT, rollup_touch
from lke.selectors.questions import question_area_code, question_area_codes

from .answers import parse_answer
from .evaluation import correction_resolve, evaluation_begin, open_correction
from .loading import read_worksheet_files as read_worksheet_files
from .loading import worksheet_current as worksheet_current
from .loading import worksheet_load as worksheet_load
from .models import Answer, Assessment, Question, Side, Worksheet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

ANSWER_FIELDS = ("choice", "number", "note", "evidence_note")


@transaction.atomic
def assessment_start(
    *, unit: Unit, year: int, user: User | None, worksheet: Worksheet | None = None
) -> Assessment:
    """The unit's assessment for the plan year, created on ``worksheet`` (default: the
    current version) when there is none. An existing one keeps its own version."""
    existing = Assessment.objects.filter(unit=unit, year=year).select_related("worksheet").first()
    if existing is not None:
        if user is not None:
            rules.ensure_can_read_lke(user, unit)
        return existing
    if user is not None:
        rules.ensure_can_start_lke(user, unit)
    worksheet = worksheet or worksheet_current()
    if worksheet is None:
        raise ValidationError("Belum ada LKE yang dimuat (jalankan: python manage.py load_lke).")
    assessment = Assessment(unit=unit, year=year, worksheet=worksheet, created_by=user)
    assessment.full_clean(validate_unique=False, validate_constraints=False)
    assessment._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        # Started by another request in the meantime.
        return Assessment.objects.select_related("worksheet").get(unit=unit, year=year)
    rollup_touch(ASSESSMENT, assessment_ids=[assessment.pk])
    return assessment


def _hold_state(assessment: Assessment) -> None:
    """The state as it is now (a submission may have come since the page was loaded),
    locked until the write commits so that a submission waits for it."""
    rows = Assessment.objects.select_for_update().values_list("state", flat=True)
    assessment.state = rows.get(pk=assessment.pk)


def ensure_side_open(assessment: Assessment, side: str) -> None:
    """Refuse a write to a side the assessment's state has closed."""
    if side == Side.UNIT and assessment.state != Assessment.State.DRAFT:
        raise ValidationError(
            "Penilaian mandiri sudah diajukan ke TPI — jawaban unit tidak dapat diubah lagi."
        )
    if side == Side.TPI and assessment.state == Assessment.State.COMPLETED:
        raise ValidationError("Evaluasi TPI sudah selesai — jawaban TPI tidak dapat diubah lagi.")
    if side not in Side.values:
        raise ValidationError(f"Pihak tidak dikenal: {side}")


def _differs(answer: Answer, values: dict[str, object]) -> bool:
    return any(getattr(answer, name) != value for name, value in values.items())


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    side: str,
    version: int | None,
    user: User,
    text: str,
    note: str = "",
    evidence_note: str = "",
) -> Answer:
    """Save one side's answer to one question. The answer is the row of ``assessment``,
    ``question`` and ``side``; ``version`` is that row's version the form was loaded with (0
    for none yet; None skips the check). A save that changes nothing writes nothing."""
    if question.worksheet_id != assessment.worksheet_id:
        raise ValidationError("Pertanyaan ini bukan dari versi LKE penilaian ini.")
    _hold_state(assessment)
    # A question the TPI sent back is open to the unit alone, whatever the state.
    reopened = side == Side.UNIT and assessment.state != Assessment.State.DRAFT
    correction = open_correction(assessment, question) if reopened else None
    if correction is None:
        ensure_side_open(assessment, side)
    area_code = question_area_code(question)
    rules.ensure_can_answer_lke(user, assessment.unit, area_code=area_code, side=side)
    values = _row_values(question, text, note, evidence_note)
    lookup = {"assessment": assessment, "question": question, "side": side}
    answer = versioned_row(Answer, lookup, version) or Answer(**lookup, version=0)
    if correction is not None:
        correction_resolve(correction, user=user)
    if side == Side.TPI:
        evaluation_begin(assessment, user=user)
    if not _differs(answer, values):
        return answer
    for name, value in values.items():
        setattr(answer, name, value)
    versioned_save(answer, user=user, lookup=lookup)
    rollup_touch(ASSESSMENT, assessment_ids=[assessment.pk], sides=[side])
    return answer


def _row_values(question: Question, text: str, note: str, evidence_note: str) -> dict[str, object]:
    choice, number = parse_answer(question, text)
    return {
        "choice": choice,
        "number": number,
        "note": (note or "").strip(),
        "evidence_note": (evidence_note or "").strip(),
    }


@transaction.atomic
def answers_import(
    *,
    assessment: Assessment,
    side: str,
    user: User,
    rows: list[tuple[Question, str, str, str]],
) -> int:
    """Write one side's answers from the workbook: all rows or none.

    ``rows`` are (question, answer text, note, evidence note). Only answers that change are
    written (in bulk, one history row each, with ``user``); the number written is
    returned. Problems are collected and raised together as one ValidationError, one
    message per problem: "Baris 126: …" (the question's row of the official sheet).
    """
    _hold_state(assessment)
    ensure_side_open(assessment, side)
    unit = assessment.unit
    area_codes = question_area_codes(assessment.worksheet)
    allowed = {
        code: rules.can_answer_lke(user, unit, area_code=code, side=side)
        for code in set(area_codes.values())
    }
    rules.ensure_can_answer_some_lke(user, unit, area_codes=allowed, side=side)
    existing = {
        a.question_id: a
        for a in Answer.objects.select_for_update().filter(assessment=assessment, side=side)
    }
    problems: list[str] = []
    seen: set[int] = set()
    new: list[Answer] = []
    changed: list[Answer] = []
    now = timezone.now()
    for question, text, note, evidence_note in rows:
        where = f"Baris {question.excel_row}"
        if question.worksheet_id != assessment.worksheet_id:
            problems.append(f"{where}: pertanyaan bukan dari versi LKE penilaian ini.")
            continue
        if question.pk in seen:
            problems.append(f"{where}: pertanyaan ini muncul lebih dari sekali.")
            continue
        seen.add(question.pk)
        try:
            values = _row_values(question, text, note, evidence_note)
        except ValidationError as exc:
            problems.extend(f"{where}: {message}" for message in exc.messages)
            continue
        answer = existing.get(question.pk)
        if answer is None:
            answer = Answer(assessment=assessment, question=question, side=side, version=0)
        if not _differs(answer, values):
            continue
        if not allowed[area_codes[question.pk]]:
            problems.append(f"{where}: {rules.ANSWER_LKE_REFUSED}")
            continue
        for name, value in values.items():
            setattr(answer, name, value)
        answer.version += 1
        answer.updated_by = user
        answer.updated_at = now
        answer.full_clean(
            exclude=["assessment", "question", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        (changed if answer.pk else new).append(answer)
    if problems:
        raise ValidationError(problems)
    _write(new, changed, user)
    rollup_touch(ASSESSMENT, assessment_ids=[assessment.pk], sides=[side])
    return len(new) + len(changed)


def _write(new: list[Answer], changed: list[Answer], user: User) -> None:
    """Bulk insert and update, each with its history rows (``user``)."""
    try:
        with transaction.atomic():
            if new:
                bulk_create_with_history(new, Answer, default_user=user)
            if changed:
                fields = [*ANSWER_FIELDS, "version", "updated_by", "updated_at"]
                bulk_update_with_history(changed, Answer, fields=fields, default_user=user)
    except IntegrityError as exc:
        raise ValidationError(
            "Jawaban diubah bersamaan oleh pengguna lain — ulangi impor."
        ) from exc
