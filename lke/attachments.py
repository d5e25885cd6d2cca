"""Writes with rules for a question's evidence: files attached to it directly, and the
expected documents ticked by choosing a file (lke.selectors.evidence reads them).

Both are the unit's side of the question: who may answer it for the unit
(``access.rules.can_answer_lke``), while the self-assessment is open, or when the TPI has
sent the question back. Attachments follow the evidence rules of the plan's evidence
(evidence.services): typed by content, size-capped while streaming (common/uploads.py),
stored privately under generated names, in versions, with history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from access import rules
from common.rollups import UNITS, rollup_touch
from evidence.models import StoredFile
from evidence.services import evidence_check_files, files_store
from lke.selectors.evidence import DIRECT, QuestionFile, question_evidence, worksheet_items
from lke.selectors.questions import question_area_code

from .models import (
    Assessment,
    Correction,
    DocumentMatch,
    Question,
    QuestionEvidence,
    QuestionEvidenceFile,
    QuestionEvidenceVersion,
    Side,
)
from .services import ensure_side_open

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

    User = AbstractBaseUser

NOT_FIRST = "Bukti dukung butir ini dilampirkan pada pertanyaan pertama butirnya."
NOTHING = "Pilih sedikitnya satu berkas, atau lepaskan berkas yang tidak dipakai lagi."


def ensure_unit_may_attach(assessment: Assessment, question: Question, user: User) -> None:
    """The unit's side of the question is open to ``user`` (403, or a ValidationError
    saying why the question is closed)."""
    if question.worksheet_id != assessment.worksheet_id:
        raise ValidationError("Pertanyaan ini bukan dari versi LKE penilaian ini.")
    area_code = question_area_code(question)
    rules.ensure_can_answer_lke(user, assessment.unit, area_code=area_code, side=Side.UNIT)
    items = worksheet_items(assessment.worksheet_id)
    if items.holder(question.pk) != question.pk:
        raise ValidationError(NOT_FIRST)
    same_item = [pk for pk, holder in items.holder_of.items() if holder == question.pk]
    sent_back = Correction.objects.filter(
        assessment=assessment, question_id__in=same_item or [question.pk], resolved_at=None
    ).exists()
    if not sent_back:
        ensure_side_open(assessment, Side.UNIT)


def attach_state(user: User, assessment: Assessment, question: Question) -> tuple[bool, str]:
    """(may the user attach and tick now, why not when the user answers the question but
    the unit's side is closed)."""
    try:
        ensure_unit_may_attach(assessment, question, user)
    except PermissionDenied:
        return False, ""
    except ValidationError as error:
        return False, " ".join(error.messages)
    return True, ""


def _locked(assessment: Assessment) -> Assessment:
    """The assessment as it is now, locked: a submission waits for the write, or the write
    sees the submission."""
    return Assessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)


def _evidence_locked(assessment: Assessment, question: Question, user: User) -> QuestionEvidence:
    """The question's attachment record, locked for this transaction (created when none)."""
    lookup = {"assessment": assessment, "question": question}
    found = QuestionEvidence.objects.select_for_update().filter(**lookup).first()
    if found is not None:
        return found
    created = QuestionEvidence(**lookup)
    created._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            created.save()
    except IntegrityError:
        return QuestionEvidence.objects.select_for_update().get(**lookup)
    return created


def _keep_files(
    current: list[QuestionEvidenceFile],
    keep: Sequence[int] | None,
    version: QuestionEvidenceVersion,
    user: User,
) -> None:
    """Carry the kept files into the new version (the stored file is shared) and move
    their ticks along; ticks of files let go are removed."""
    kept_ids = {f.pk for f in current} if keep is None else set(keep)
    moved: dict[int, QuestionEvidenceFile] = {}
    for old in current:
        if old.pk not in kept_ids:
            continue
        stored = {f.attname: getattr(old, f.attname) for f in StoredFile._meta.fields}
        new = QuestionEvidenceFile(version=version, **stored)
        new._history_user = user  # type: ignore[attr-defined]
        new.save()
        moved[old.pk] = new
    for match in DocumentMatch.objects.filter(direct_file__in=current):
        match._history_user = user  # type: ignore[attr-defined]
        if match.direct_file_id in moved:
            match.direct_file = moved[match.direct_file_id]
            match.save(update_fields=["direct_file"])
        else:
            match.delete()


@transaction.atomic
def question_evidence_submit(
    *,
    assessment: Assessment,
    question: Question,
    user: User,
    files: list[UploadedFile],
    note: str = "",
    keep: Sequence[int] | None = None,
) -> QuestionEvidenceVersion:
    """Attach files to a question as a new version of its attachments: the current files
    named in ``keep`` (all when None) and the new uploads."""
    assessment = _locked(assessment)
    ensure_unit_may_attach(assessment, question, user)
    evidence = _evidence_locked(assessment, question, user)
    current = list(
        QuestionEvidenceFile.objects.filter(
            version__evidence=evidence, version__number=evidence.current_version
        )
    )
    unknown = set(keep or []) - {f.pk for f in current}
    if unknown:
        raise ValidationError({"keep": "Berkas yang dipertahankan bukan lampiran terakhir."})
    letting_go = keep is not None and set(keep) != {f.pk for f in current}
    if not files and not letting_go:
        raise ValidationError({"files": NOTHING})
    checked = evidence_check_files(files) if files else []
    evidence.current_version += 1
    evidence._history_user = user  # type: ignore[attr-defined]
    evidence.save()
    version = QuestionEvidenceVersion(
        evidence=evidence, number=evidence.current_version, note=note.strip(), uploaded_by=user
    )
    version.full_clean(validate_unique=False, validate_constraints=False)
    version._history_user = user  # type: ignore[attr-defined]
    version.save()
    _keep_files(current, keep, version, user)
    unit = assessment.unit
    folder = f"lke/{unit.slug}/{assessment.year}/{question.code or question.pk}"
    files_store(
        checked=checked, folder=folder, model=QuestionEvidenceFile, user=user, version=version
    )
    rollup_touch(UNITS, unit_ids=[unit.pk])  # the LKE panel's questions without evidence
    return version


@transaction.atomic
def document_match_set(
    *,
    assessment: Assessment,
    question: Question,
    document: int,
    file: QuestionFile | None,
    user: User,
) -> DocumentMatch | None:
    """Tick an expected document by choosing one of the question's files (``None``
    unticks it). The file must be one the question's page offers now."""
    assessment = _locked(assessment)
    ensure_unit_may_attach(assessment, question, user)
    documents = question.expected_documents or []
    if not 0 <= document < len(documents):
        raise ValidationError({"document": "Dokumen ini tidak ada pada daftar pertanyaan ini."})
    lookup = {"assessment": assessment, "question": question, "document": document}
    match = DocumentMatch.objects.select_for_update().filter(**lookup).first()
    if file is None:
        if match is not None:
            match._history_user = user  # type: ignore[attr-defined]
            match.delete()
        return None
    offered = {f.key for f in question_evidence(assessment, question).files}
    if file.question_id != question.pk or file.key not in offered:
        raise ValidationError({"file": "Pilih salah satu berkas bukti dukung pertanyaan ini."})
    match = match or DocumentMatch(**lookup)
    match.text = documents[document]
    match.plan_file_id = None if file.source == DIRECT else file.file_id
    match.direct_file_id = file.file_id if file.source == DIRECT else None
    match.matched_by = user
    match.full_clean(validate_unique=False)
    match._history_user = user  # type: ignore[attr-defined]
    match.save()
    return match
