"""Issuing documents: requesting an export (with the decree's version rules), what the user
is told about it, and verifying an issued file. Rendering is in ``rendering``, signing in
``signing``, a job's run, the outbox and the sweeper in ``jobs``."""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from access import rules
from access.models import Unit
from areas.models import WorkPlan
from common.dates import has_begun, quarter_has_begun
from common.formatting import datetime_text, month_name, quarter_name
from lke.models import Assessment
from reports.lhe import selectors as lhe
from reports.surveys import selectors as survey_documents
from surveys.models import SurveyPeriod

from . import versions
from .jobs import dispatch_on_commit, job_dispatch, job_revive, job_run, jobs_sweep
from .models import ReportJob
from .rendering import pdf_from_html, verify_url
from .signing import SignatureCheck, pdf_sign, pdf_signature_check

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = [
    "DecreeChanged",
    "SignatureCheck",
    "document_verify",
    "export_notice",
    "job_dispatch",
    "job_output_bytes",
    "job_request",
    "job_revive",
    "job_run",
    "jobs_sweep",
    "lhe_issue_current",
    "pdf_from_html",
    "pdf_sign",
    "pdf_signature_check",
    "verify_url",
]

REASON_MIN_LENGTH = 10
# Documents of a whole year: the decree, the Laporan Hasil Evaluasi, the submission package.
NO_MONTH = (ReportJob.Kind.DECREE, ReportJob.Kind.LHE, ReportJob.Kind.PACKAGE)
# Documents of a unit's LKE assessment (not of its plan).
LKE_KINDS = (ReportJob.Kind.LHE, ReportJob.Kind.PACKAGE)
# Documents of a unit's surveys: the survey report (a quarter, or the year) and the posters.
SURVEY_KINDS = (ReportJob.Kind.SURVEY_REPORT, ReportJob.Kind.SURVEY_POSTER)
NO_DESKS = "Belum ada loket layanan yang aktif: tambahkan loket pada halaman survei dahulu."
# How often the package job looks whether an LHE another worker renders is done.
LHE_WAIT_SECONDS = 1.0
WAITS_FOR_BROKER = (
    "Antrean pekerjaan sedang tidak tersedia. Permintaan ekspor Anda sudah dicatat dan akan "
    "dikirim otomatis begitu antrean pulih; halaman ini memperbarui statusnya sendiri."
)


class DecreeChanged(Exception):
    """The plan changed since the issued version: a new version needs the Sekretariat's
    confirmation with a reason. Carries what changed, and why the last try was refused."""

    def __init__(self, previous: ReportJob, changes: list[dict[str, str]], error: str = "") -> None:
        super().__init__(f"Rencana kerja berubah sejak versi {previous.version}.")
        self.previous = previous
        self.changes = changes
        self.summary = versions.changes_summary(changes)
        self.error = error


def _validated_quarter(
    user: AbstractBaseUser, kind: str, unit: Unit, year: int, quarter: int | None
) -> int | None:
    """A survey document: who runs the unit's surveys; the posters need an active desk;
    the report a quarter 1–4 that has begun (none: the year) with a survey quarter."""
    rules.ensure_can_manage_surveys(user, unit)
    if kind == ReportJob.Kind.SURVEY_POSTER:
        if not survey_documents.poster_desks(unit):
            raise ValidationError({"kind": NO_DESKS})
        return None
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError(
            {"quarter": "Pilih triwulan 1 sampai 4, atau kosongkan untuk laporan setahun."}
        )
    if not quarter_has_begun(year, quarter or 1):
        raise ValidationError({"quarter": f"{quarter_name(quarter, year)} belum dimulai."})
    periods = SurveyPeriod.objects.filter(unit=unit, year=year)
    if not periods.filter(**({"quarter": quarter} if quarter else {})).exists():
        raise ValidationError(
            {"quarter": f"{unit} belum membuka periode survei {quarter_name(quarter, year)}."}
        )
    return quarter


def _validated_month(
    user: AbstractBaseUser, kind: str, unit: Unit, year: int, month: int | None
) -> int | None:
    if kind == ReportJob.Kind.PACKAGE:
        rules.ensure_can_download_package(user, unit)
    else:
        rules.ensure_can_export(user, unit)
    if kind in NO_MONTH:
        month = None
    elif month is None or not 1 <= month <= 12:
        raise ValidationError({"month": "Pilih bulan laporan (1–12)."})
    elif not has_begun(year, month):
        raise ValidationError({"month": f"Bulan {month_name(month)} {year} belum dimulai."})
    if kind == ReportJob.Kind.PROVINCE_REPORT and not rules.can_export_province(user, unit):
        raise ValidationError({"kind": "Laporan provinsi hanya untuk satuan kerja provinsi."})
    if kind in LKE_KINDS:
        if not Assessment.objects.filter(unit=unit, year=year).exists():
            raise ValidationError({"year": f"{unit} belum memiliki penilaian LKE tahun {year}."})
    elif not WorkPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": f"{unit} belum memiliki rencana kerja tahun {year}."})
    return month


def _decree_issued_unchanged(
    unit: Unit, year: int, reason: str, base_version: int | None
) -> ReportJob | None:
    """The issued decree when the plan says exactly what it says; None when a new version
    may be issued (none yet, or a change confirmed with a reason against the version the
    Sekretariat saw). Otherwise DecreeChanged."""
    previous = versions.last_issued(
        kind=ReportJob.Kind.DECREE, unit_id=unit.pk, year=year, month=None
    )
    if previous is None:
        return None
    snapshot, fingerprint = versions.decree_snapshot(WorkPlan.objects.get(unit=unit, year=year))
    if fingerprint == previous.content_sha256:
        return previous
    changes = versions.snapshot_changes(previous.snapshot, snapshot) if previous.snapshot else []
    if base_version is not None and base_version != previous.version:
        error = f"Versi {previous.version} diterbitkan sementara Anda mengisi; periksa lagi perubahannya."
        raise DecreeChanged(previous, changes, error)
    if len(reason) < REASON_MIN_LENGTH:
        error = (
            f"Tuliskan alasan perubahan, paling sedikit {REASON_MIN_LENGTH} karakter."
            if reason or base_version is not None  # the confirmation step, sent without one
            else ""
        )
        raise DecreeChanged(previous, changes, error)
    return None


def job_request(
    *,
    user: AbstractBaseUser,
    kind: str,
    unit: Unit,
    year: int,
    month: int | None = None,
    quarter: int | None = None,
    reason: str = "",
    base_version: int | None = None,
    here: bool = False,
) -> tuple[ReportJob, bool]:
    """Ask for a document; ``(job, created)``. Every door (the web's "Ekspor PDF", the
    export commands, the submission package) comes here, so the same rules hold: who may,
    which month (a survey report: which quarter, or none for the year), and the issue rule
    — a decree, LHE, survey report or poster whose content is unchanged gives back its
    issued version; a changed decree needs a ``reason`` (else DecreeChanged). While the
    same document is queued or running, that job (revived now if its worker is gone or it
    never reached the broker). The job is committed first and sent after commit; with
    ``here`` it is rendered in this process instead and returned when it has ended."""
    if kind in SURVEY_KINDS:
        month, quarter = None, _validated_quarter(user, kind, unit, year, quarter)
    else:
        month, quarter = _validated_month(user, kind, unit, year, month), None
    same = {"kind": kind, "unit": unit, "year": year, "month": month, "quarter": quarter}
    active = ReportJob.objects.filter(**same, status__in=ReportJob.ACTIVE).first()
    if active:
        if here:
            return _job_await(active), False
        job_revive(job_id=active.pk)
        active.refresh_from_db()
        return active, False
    reason = reason.strip()
    if kind in SURVEY_KINDS:
        issued = _survey_issued_current(kind, unit, year, quarter, user)
    else:
        issued = _issued_unchanged(kind, unit, year, reason, base_version)
    if issued is not None:
        return issued, False
    return _job_create(same, user, reason, here)


def _job_create(
    same: dict[str, object], user: AbstractBaseUser, reason: str, here: bool
) -> tuple[ReportJob, bool]:
    """A new job (or the one a concurrent request queued a moment ago): committed, then
    sent after commit; with ``here`` marked as sent (the sweeper has nothing to send),
    rendered in this process and returned when it has ended."""
    job = ReportJob(
        **same,
        requested_by=user,
        change_reason=reason,
        dispatched_at=timezone.now() if here else None,
    )
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
            if not here:
                dispatch_on_commit(job.pk)
    except IntegrityError:
        active = ReportJob.objects.get(**same, status__in=ReportJob.ACTIVE)
        return (_job_await(active) if here else active), False
    if here:
        return _job_await(job), True
    job.refresh_from_db(fields=["dispatched_at"])
    return job, True


def _issued_unchanged(
    kind: str, unit: Unit, year: int, reason: str, base_version: int | None
) -> ReportJob | None:
    """The issue rule of the documents that say what their source says now: the issued
    version when nothing changed, None when a new version may be issued."""
    if kind == ReportJob.Kind.DECREE:
        return _decree_issued_unchanged(unit, year, reason, base_version)
    if kind == ReportJob.Kind.LHE:
        return _lhe_issued_current(unit, year)
    return None


def _lhe_issued_current(unit: Unit, year: int) -> ReportJob | None:
    """The latest issued LHE when it says what the assessment says now."""
    assessment = lhe.lhe_assessment(unit, year)
    latest = versions.last_issued(kind=ReportJob.Kind.LHE, unit_id=unit.pk, year=year, month=None)
    if assessment is None or latest is None:
        return None
    return latest if latest.content_sha256 == lhe.lhe_fingerprint(assessment) else None


def _survey_issued_current(
    kind: str, unit: Unit, year: int, quarter: int | None, user: AbstractBaseUser
) -> ReportJob | None:
    """The latest issued survey report (of the quarter or year) or posters when they say
    what a new one would (same fingerprint), else None."""
    latest = versions.last_issued(
        kind=kind, unit_id=unit.pk, year=year, month=None, quarter=quarter
    )
    if latest is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):  # the document's words, as rendered
        if kind == ReportJob.Kind.SURVEY_POSTER:
            context = survey_documents.poster_context(unit)
            fingerprint = survey_documents.poster_fingerprint(context)
        else:
            context = survey_documents.survey_report_context(unit, year, quarter, requested_by=user)
            fingerprint = survey_documents.survey_report_fingerprint(context)
    return latest if latest.content_sha256 == fingerprint else None


def _job_await(job: ReportJob) -> ReportJob:
    """Run a job in this process (a no-op when another worker holds it) and wait, up to
    the longest run a job may take, until it has ended."""
    job = job_run(job_id=job.pk)
    deadline = time.monotonic() + settings.REPORT_MAX_RUN_SECONDS
    while job.is_active and time.monotonic() < deadline:
        time.sleep(LHE_WAIT_SECONDS)
        job.refresh_from_db()
    return job


def lhe_issue_current(*, unit: Unit, year: int, user: AbstractBaseUser) -> ReportJob:
    """The issued LHE that says what the unit's assessment says now (same
    ``lhe.lhe_fingerprint``): the latest version when it is current, else a new version
    rendered, signed and issued in this process, requested by ``user`` (no rule is asked:
    the caller is a job that was allowed, the submission package). An LHE that another
    worker is rendering is waited for. ValueError when no LHE can be issued."""
    if lhe.lhe_assessment(unit, year) is None:
        raise ValueError(f"{unit} belum memiliki penilaian LKE tahun {year}.")
    current = _lhe_issued_current(unit, year)
    if current is not None:
        return current
    same = {"kind": ReportJob.Kind.LHE, "unit": unit, "year": year, "month": None}
    active = ReportJob.objects.filter(**same, status__in=ReportJob.ACTIVE).first()
    job = _job_await(active) if active else _job_create(same, user, "", here=True)[0]
    if job.status != ReportJob.Status.SELESAI:
        raise ValueError(f"LHE tidak dapat diterbitkan. {job.error}".strip())
    return job


def export_notice(job: ReportJob, *, created: bool) -> tuple[int, str] | None:
    """What the user who clicked "Ekspor PDF" is told besides the job page itself."""
    if job.status == ReportJob.Status.SELESAI:
        document = "keputusan" if job.kind == ReportJob.Kind.DECREE else "dokumen"
        return messages.INFO, (
            f"Isi {document} tidak berubah sejak versi {job.version} "
            f"(diterbitkan {datetime_text(job.finished_at)}): ini dokumen yang sudah "
            "diterbitkan, tidak ada versi baru."
        )
    if job.waits_for_broker:
        return messages.WARNING, WAITS_FOR_BROKER
    if not created:
        return (
            messages.INFO,
            "Dokumen yang sama sedang dibuat; Anda diarahkan ke proses yang berjalan.",
        )
    return None


def job_output_bytes(job: ReportJob) -> bytes:
    with job.output.open("rb") as fh:
        return fh.read()


def document_verify(*, job: ReportJob, data: bytes) -> SignatureCheck:
    """Is ``data`` exactly the issued document of ``job``, with a valid signature?"""
    if hashlib.sha256(data).hexdigest() != job.sha256:
        return SignatureCheck(
            False, "Berkas TIDAK sama dengan dokumen yang diterbitkan (SHA-256 berbeda)."
        )
    check = pdf_signature_check(data)
    if not check.valid:
        return check
    message = "Berkas sama persis dengan dokumen yang diterbitkan dan tanda tangannya sah."
    successor = versions.job_successor(job)
    if successor is not None:
        message += (
            f" Namun versi {job.version} ini telah digantikan oleh versi {successor.version}"
            f" (diterbitkan {datetime_text(successor.finished_at)})."
        )
    return SignatureCheck(True, message)
