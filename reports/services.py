"""Issuing documents: requesting an export (with the decree's version rules), what the user
is told about it, and verifying an issued file. Rendering is in ``rendering``, signing in
``signing``, a job's run, the outbox and the sweeper in ``jobs``."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from access import rules
from access.models import Unit
from areas.models import WorkPlan
from common.dates import has_begun
from common.formatting import datetime_text, month_name

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
    "pdf_from_html",
    "pdf_sign",
    "pdf_signature_check",
    "verify_url",
]

REASON_MIN_LENGTH = 10
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


<<<<<<< HEAD
def _validated_month(
    user: AbstractBaseUser, kind: str, unit: Unit, year: int, month: int | None
) -> int | None:
=======
# ---------------------------------------------------------------- rendering


def pdf_from_html(html: str) -> bytes:
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _signer() -> object:
    key, cert = Path(settings.SIGNING_KEY_FILE), Path(settings.SIGNING_CERT_FILE)
    if not key.exists() or not cert.exists():
        raise SigningNotConfiguredError(
            "Sertifikat penandatanganan belum tersedia: jalankan `python manage.py create_signing_certificate` "
            "atau isi SIGNING_KEY_FILE dan SIGNING_CERT_FILE."
        )
    # Loaded once per worker process (and again when a file is replaced): ~36 ms a document.
    return _load_signer(
        str(key),
        str(cert),
        settings.SIGNING_KEY_PASSPHRASE,
        key.stat().st_mtime,
        cert.stat().st_mtime,
    )


@functools.lru_cache(maxsize=4)
def _load_signer(
    key: str, cert: str, passphrase: str, key_mtime: float, cert_mtime: float
) -> object:
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key, cert, key_passphrase=passphrase.encode() or None)


def pdf_sign(data: bytes, *, reason: str, location: str) -> bytes:
    """A PAdES signature over the whole file with the portal's signing key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="Tandatangan",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    return signers.sign_pdf(writer, meta, signer=_signer()).getvalue()


@dataclass
class SignatureCheck:
    valid: bool
    message: str


def pdf_signature_check(data: bytes) -> SignatureCheck:
    """Is the file signed by the portal's certificate, intact and covering the whole file?

    pyHanko validates with asyncio.run(), which cannot run inside a running event loop
    (an async caller, Playwright's sync API): then it runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _pdf_signature_check(data)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_pdf_signature_check, data).result()


def _pdf_signature_check(data: bytes) -> SignatureCheck:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except Exception:
        return SignatureCheck(False, "Berkas bukan PDF yang dapat dibaca.")
    if not signatures:
        return SignatureCheck(False, "Berkas tidak memiliki tanda tangan elektronik.")
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(settings.SIGNING_CERT_FILE))]
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception as exc:
        return SignatureCheck(False, f"Tanda tangan tidak dapat diperiksa: {exc}")
    if not status.intact:
        return SignatureCheck(False, "Isi berkas telah berubah setelah ditandatangani.")
    if not (status.valid and status.trusted):
        return SignatureCheck(False, "Tanda tangan tidak berasal dari sertifikat portal ini.")
    if status.coverage.name != "ENTIRE_FILE":
        return SignatureCheck(False, "Ada perubahan pada berkas setelah ditandatangani.")
    return SignatureCheck(True, "Tanda tangan elektronik sah dan berkas utuh.")


def verify_url(job: ReportJob) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("verify", args=[job.code])


def _verify_context(job: ReportJob) -> dict[str, object]:
    url = verify_url(job)
    return {"job": job, "verify_url": url, "qr_data_uri": documents.qr_data_uri(url)}


def render_decree(plan: WorkPlan, job: ReportJob, progress: Progress) -> bytes:
    html = documents.decree_html(plan, verify_url=verify_url(job), code_context={"job": job})
    progress(30)
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


def render_unit_report(plan: WorkPlan, month: int, job: ReportJob, progress: Progress) -> bytes:
    context = documents.unit_report_context(plan, month)
    progress(30)
    title = documents.report_heading(plan.unit, plan.year, month, province=False)
    html = documents.report_html(
        [context], title=title, overview=None, chart=None, verify=_verify_context(job)
    )
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


def render_province_report(
    unit: Unit, year: int, month: int, job: ReportJob, progress: Progress
) -> bytes:
    units = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).order_by("order", "name")
    plans = list(
        WorkPlan.objects.filter(unit__in=units, year=year)
        .select_related("unit")
        .order_by("unit__order")
    )
    overview = selectors.units_overview(units, year, as_of=month)
    chart = charts.bar_chart_svg(
        [(r.unit.short_name, r.achievement) for r in overview],
        title=f"Capaian per satuan kerja s.d. {month_name(month)} {year}",
    )
    contexts = []
    for index, plan in enumerate(plans, start=1):
        contexts.append(documents.unit_report_context(plan, month))
        progress(5 + int(55 * index / max(len(plans), 1)))
    title = documents.report_heading(unit, year, month, province=True)
    html = documents.report_html(
        contexts, title=title, overview=overview, chart=chart, verify=_verify_context(job)
    )
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


# ---------------------------------------------------------------- jobs


def _document_key(job: ReportJob) -> Q:
    return Q(kind=job.kind, unit=job.unit, year=job.year, month=job.month)


def job_request(
    *, user: AbstractBaseUser, kind: str, unit: Unit, year: int, month: int | None = None
) -> tuple[ReportJob, bool]:
    """Queue an export; while the same document is queued or running, return that job."""
>>>>>>> h-figures
    if not rules.can_export(user, unit):
        raise PermissionDenied("Hanya Sekretariat dan admin yang dapat mengekspor dokumen.")
    if kind == ReportJob.Kind.DECREE:
        month = None
    elif month is None or not 1 <= month <= 12:
        raise ValidationError({"month": "Pilih bulan laporan (1–12)."})
    elif not has_begun(year, month):
        raise ValidationError({"month": f"Bulan {month_name(month)} {year} belum dimulai."})
    if kind == ReportJob.Kind.PROVINCE_REPORT and unit.kind != Unit.Kind.PROVINSI:
        raise ValidationError({"kind": "Laporan provinsi hanya untuk satuan kerja provinsi."})
    if not WorkPlan.objects.filter(unit=unit, year=year).exists():
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
    reason: str = "",
    base_version: int | None = None,
) -> tuple[ReportJob, bool]:
    """Queue an export; ``(job, created)``. While the same document is queued or running,
    that job (revived now if its worker is gone or it never reached the broker). A decree
    whose content is unchanged gives back its issued version; a changed one needs a
    ``reason`` (else DecreeChanged). The job is committed first and sent after commit."""
    month = _validated_month(user, kind, unit, year, month)
    same = {"kind": kind, "unit": unit, "year": year, "month": month}
    active = ReportJob.objects.filter(**same, status__in=ReportJob.ACTIVE).first()
    if active:
        job_revive(job_id=active.pk)
        active.refresh_from_db()
        return active, False
    reason = reason.strip()
    if kind == ReportJob.Kind.DECREE:
        issued = _decree_issued_unchanged(unit, year, reason, base_version)
        if issued is not None:
            return issued, False
    job = ReportJob(**same, requested_by=user, change_reason=reason)
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
            dispatch_on_commit(job.pk)
    except IntegrityError:
        # a concurrent request queued the same document a moment ago
        return ReportJob.objects.get(**same, status__in=ReportJob.ACTIVE), False
    job.refresh_from_db(fields=["dispatched_at"])
    return job, True


def export_notice(job: ReportJob, *, created: bool) -> tuple[int, str] | None:
    """What the user who clicked "Ekspor PDF" is told besides the job page itself."""
    if job.status == ReportJob.Status.SELESAI:
        return messages.INFO, (
            f"Isi keputusan tidak berubah sejak versi {job.version} "
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
<<<<<<< HEAD
    return None
=======
    if job.month is None:
        raise ValueError("Laporan bulanan memerlukan bulan.")
    period = f"{month_name(job.month)} {job.year}"
    if job.kind == ReportJob.Kind.UNIT_REPORT:
        pdf = render_unit_report(plan, job.month, job, progress)
        return (
            pdf,
            f"Laporan {period}",
            documents.report_title(job.unit, job.year, job.month, province=False),
            plan.signer_name,
        )
    pdf = render_province_report(job.unit, job.year, job.month, job, progress)
    return (
        pdf,
        f"Laporan {period}",
        documents.report_title(job.unit, job.year, job.month, province=True),
        plan.signer_name,
    )


@transaction.atomic
def _job_finish(job: ReportJob, data: bytes, *, number: str, title: str, signer: str) -> ReportJob:
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ReportJob.Status.BERJALAN:
        return job
    latest = ReportJob.objects.filter(_document_key(job)).aggregate(v=Max("version"))["v"] or 0
    job.version = latest + 1
    job.sha256 = hashlib.sha256(data).hexdigest()
    job.size = len(data)
    slug = job.unit.slug
    month = f"-{job.month:02d}" if job.month else ""
    job.output.save(
        f"documents/{slug}/{job.year}/{job.kind}{month}-v{job.version}-{job.code}.pdf",
        ContentFile(data),
        save=False,
    )
    job.status = ReportJob.Status.SELESAI
    job.progress = 100
    job.finished_at = timezone.now()
    job.doc_number, job.doc_title, job.signer_name = number, title, signer
    job.save()
    return job


def job_requeue_stale(
    *, older_than: datetime.timedelta | None = None, max_attempts: int | None = None
) -> list[int]:
    """Jobs whose worker stopped (no heartbeat) go back to the queue, or fail after too many tries."""
    older_than = older_than or datetime.timedelta(seconds=settings.REPORT_STALE_SECONDS)
    max_attempts = max_attempts or settings.REPORT_MAX_ATTEMPTS
    limit = timezone.now() - older_than
    requeued = []
    stale = ReportJob.objects.filter(
        Q(status=ReportJob.Status.BERJALAN, heartbeat_at__lt=limit)
        | Q(status=ReportJob.Status.ANTRE, created_at__lt=limit)
    )
    for job_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None or job.status not in ReportJob.ACTIVE:
                continue
            if job.attempts >= max_attempts:
                job.status = ReportJob.Status.GAGAL
                job.finished_at = timezone.now()
                job.error = f"Pekerja berhenti saat membuat dokumen; sudah dicoba {job.attempts} kali. Silakan ekspor ulang."
                job.save(update_fields=["status", "finished_at", "error"])
                continue
            job.status = ReportJob.Status.ANTRE
            job.progress = 0
            job.save(update_fields=["status", "progress"])
            _enqueue_on_commit(job.pk)
            requeued.append(job.pk)
    return requeued
>>>>>>> h-figures


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
