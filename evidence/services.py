"""Writes with rules for evidence: submitting versions and the TPI's review."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from access import rules
from access.models import RoleAssignment
from areas.models import ActionItem
from common.db import StaleVersionError
from common.formatting import month_year
from common.notices import notice_send
from common.rollups import PLAN, rollup_touch
from common.uploads import sanitize_name
from periods.services import ensure_month_open

from .filetypes import ALLOWED_LABEL, CONTENT_TYPES, detect, name_for_kind
from .models import Evidence, EvidenceFile, EvidenceVersion, Review, StoredFile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.core.files.uploadedfile import UploadedFile

MAX_FILES_PER_UPLOAD = 10
F = TypeVar("F", bound=StoredFile)


def _evidence_label(action: ActionItem, month: int) -> tuple[str, str]:
    """ "bukti dukung rencana aksi 1.a April 2025" and the evidence page's link."""
    plan = action.area.plan
    label = f"bukti dukung rencana aksi {action.area.number}.{action.label} {month_year(month, plan.year)}"
    link = reverse("evidence_action", args=[plan.unit.slug, plan.year, month, action.pk])
    return label, link


def _notify_reviewers(*, version: EvidenceVersion, action: ActionItem, month: int) -> None:
    """The unit's TPI: a new version waits for their review."""
    label, link = _evidence_label(action, month)
    reviewers = RoleAssignment.objects.filter(
        unit_id=action.area.plan.unit_id, role=RoleAssignment.Role.TPI
    ).select_related("user")
    notice_send(
        users=[r.user for r in reviewers],
        text=f"{label[0].upper()}{label[1:]} (versi {version.number}) menunggu reviu.",
        link=link,
        subject=f"Bukti dukung menunggu reviu: {action.area.number}.{action.label}",
    )


def _notify_uploader(*, review: Review, action: ActionItem, month: int) -> None:
    """The coordinator who uploaded the reviewed version: accepted, or rejected and why."""
    label, link = _evidence_label(action, month)
    decision = review.get_decision_display().lower()
    text = f"{label[0].upper()}{label[1:]} (versi {review.version.number}) {decision} oleh TPI."
    if review.comment:
        text += f" Catatan: {review.comment}"
    notice_send(
        users=[review.version.uploaded_by],
        text=text,
        link=link,
        subject=f"Bukti dukung {decision}: {action.area.number}.{action.label}",
    )


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_check_files(files: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file's kind, or a ValidationError naming every refused file."""
    if not files:
        raise ValidationError({"files": "Pilih sedikitnya satu berkas."})
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            {"files": f"Paling banyak {MAX_FILES_PER_UPLOAD} berkas sekali unggah."}
        )
    kinds = []
    errors = []
    for upload in files:
        kind = detect(upload)
        if kind is None:
            errors.append(
                f"{sanitize_name(upload.name)}: jenis berkas tidak diizinkan. "
                f"Jenis yang diizinkan: {ALLOWED_LABEL}."
            )
        elif upload.size == 0:
            errors.append(f"{sanitize_name(upload.name)}: berkas kosong.")
        kinds.append((upload, kind))
    if errors:
        raise ValidationError({"files": errors})
    return kinds


def files_store(
    *,
    checked: list[tuple[UploadedFile, str]],
    folder: str,
    model: type[F],
    user: AbstractBaseUser,
    **owner: object,
) -> list[F]:
    """Save checked uploads (:func:`evidence_check_files`) under ``folder`` in private
    storage with generated names, and write a row of ``model`` (a StoredFile) for each,
    with ``owner`` (its version) and the history user. When one fails, the files already
    saved are removed again."""
    stored: list[str] = []
    rows: list[F] = []
    try:
        for upload, kind in checked:
            sha = _sha256(upload)
            saved = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{kind}", upload)
            stored.append(saved)
            row = model(
                **owner,
                file=saved,
                original_name=name_for_kind(sanitize_name(upload.name), kind),
                kind=kind,
                content_type=CONTENT_TYPES[kind],
                size=upload.size,
                sha256=sha,
            )
            row.full_clean()
            row._history_user = user
            row.save()
            rows.append(row)
    except Exception:
        for saved in stored:
            default_storage.delete(saved)
        raise
    return rows


@transaction.atomic
def evidence_submit(
    *,
    user: AbstractBaseUser,
    action: ActionItem,
    month: int,
    files: list[UploadedFile],
    note: str = "",
) -> EvidenceVersion:
    """Store the files as a new version of the action item's evidence for the month.

    A new version puts the evidence back to "Diunggah" for the TPI.
    """
    rules.ensure_can_enter(user, action.area.plan.unit, action.area.code)
    plan = action.area.plan
    ensure_month_open(plan.unit, plan.year, month)
    checked = evidence_check_files(files)

    evidence = Evidence.objects.select_for_update().filter(action=action, month=month).first()
    if evidence is None:
        evidence = Evidence(action=action, month=month)
    evidence.current_version += 1
    evidence.status = Evidence.Status.DIUNGGAH
    evidence.full_clean(validate_unique=False, validate_constraints=False)
    evidence._history_user = user
    evidence.save()
    version = EvidenceVersion(
        evidence=evidence, number=evidence.current_version, note=note.strip(), uploaded_by=user
    )
    version.full_clean(validate_unique=False, validate_constraints=False)
    version._history_user = user
    version.save()

    files_store(
        checked=checked,
        folder=f"evidence/{plan.unit.slug}/{plan.year}",
        model=EvidenceFile,
        user=user,
        version=version,
    )
    _notify_reviewers(version=version, action=action, month=month)
    rollup_touch(PLAN, plan_ids=[plan.pk])
    return version


@transaction.atomic
def evidence_review(
    *,
    user: AbstractBaseUser,
    evidence: Evidence,
    decision: str,
    comment: str = "",
    version_number: int,
) -> Review:
    """The TPI accepts or rejects the latest version; a rejection needs a comment."""
    unit = evidence.action.area.plan.unit
    rules.ensure_can_review(user, unit)
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if locked.current_version != version_number:
        raise StaleVersionError(
            f"Koordinator telah mengunggah versi {locked.current_version} setelah halaman ini dimuat "
            "— muat ulang dan reviu versi terbaru."
        )
    comment = comment.strip()
    if decision == Review.Decision.DITOLAK and not comment:
        raise ValidationError(
            {"comment": "Tuliskan alasan penolakan agar koordinator dapat memperbaiki."}
        )
    version = locked.versions.get(number=version_number)
    review = Review(
        evidence=locked, version=version, decision=decision, comment=comment, reviewer=user
    )
    review.full_clean()
    review._history_user = user
    review.save()
    locked.status = decision
    locked._history_user = user
    locked.save(update_fields=["status", "updated_at"])
    evidence.status = locked.status
    _notify_uploader(review=review, action=locked.action, month=locked.month)
    rollup_touch(PLAN, plan_ids=[locked.action.area.plan_id])
    return review
