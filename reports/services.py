"""Issuing documents: export jobs, rendering with WeasyPrint, signing with pyHanko, verifying."""

from __future__ import annotations

import asyncio
import datetime
import functools
import hashlib
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import weasyprint
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from access import rules
from access.models import Unit
from areas.models import WorkPlan
from common.dates import has_begun
from common.formatting import month_name
from common.links import absolute_url
from dashboards import charts, selectors

from . import documents
from .models import ReportJob

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


class SigningNotConfiguredError(RuntimeError):
    pass


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
    return absolute_url(reverse("verify", args=[job.code]))


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
    title = f"LAPORAN MONITORING DAN EVALUASI\nPEMBANGUNAN ZONA INTEGRITAS\n{plan.unit.name.upper()}\n{month_name(month).upper()} {plan.year}"
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
    on = documents.month_end_view(year, month)
    overview = selectors.units_overview(units, year, on=on)
    chart = charts.bar_chart_svg(
        [(r.unit.short_name, r.achievement) for r in overview],
        title=f"Capaian per satuan kerja s.d. {month_name(month)} {year}",
    )
    contexts = []
    for index, plan in enumerate(plans, start=1):
        contexts.append(documents.unit_report_context(plan, month))
        progress(5 + int(55 * index / max(len(plans), 1)))
    title = f"LAPORAN MONITORING DAN EVALUASI\nPEMBANGUNAN ZONA INTEGRITAS SE-{unit.short_name.upper()}\n{month_name(month).upper()} {year}"
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
    active = ReportJob.objects.filter(
        kind=kind, unit=unit, year=year, month=month, status__in=ReportJob.ACTIVE
    ).first()
    if active:
        return active, False
    job = ReportJob(kind=kind, unit=unit, year=year, month=month, requested_by=user)
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # a concurrent request queued the same document a moment ago
        return ReportJob.objects.get(
            kind=kind, unit=unit, year=year, month=month, status__in=ReportJob.ACTIVE
        ), False
    _enqueue_on_commit(job.pk)
    return job, True


def _enqueue_on_commit(job_id: int) -> None:
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.delay(job_id))


def _set_progress(job_id: int, value: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.BERJALAN).update(
        progress=value, heartbeat_at=timezone.now()
    )


def job_run(*, job_id: int) -> ReportJob:
    """Render, sign and store the document of a job. Safe to call again for the same job:
    a finished or failed job is left as it is, so a redelivered message renders nothing."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("unit").get(pk=job_id)
        if job.status not in ReportJob.ACTIVE:
            return job
        job.status = ReportJob.Status.BERJALAN
        job.attempts += 1
        job.progress = 5
        job.started_at = job.heartbeat_at = timezone.now()
        job.error = ""
        job.save(
            update_fields=["status", "attempts", "progress", "started_at", "heartbeat_at", "error"]
        )

    def progress(value: int) -> None:
        _set_progress(job.pk, value)

    try:
        with translation.override("id"):
            pdf, number, title, signer = _render(job, progress)
            signed = pdf_sign(pdf, reason=f"Penetapan {title[:80]}", location=job.unit.city)
        progress(95)
        return _job_finish(job, signed, number=number, title=title, signer=signer)
    except (OperationalError, InterfaceError):
        # A passing database fault: the task retries with backoff; the job waits in the queue.
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.ANTRE, progress=0)
        raise
    except Exception as exc:
        log.exception("Export job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.GAGAL,
            finished_at=timezone.now(),
            error=f"Gagal membuat dokumen: {exc}",
        )
        job.refresh_from_db()
        return job


def _render(job: ReportJob, progress: Progress) -> tuple[bytes, str, str, str]:
    plan = WorkPlan.objects.select_related("unit").get(unit=job.unit, year=job.year)
    if job.kind == ReportJob.Kind.DECREE:
        pdf = render_decree(plan, job, progress)
        return (
            pdf,
            f"Nomor {plan.number} Tahun {plan.year}",
            f"Keputusan {plan.issuer.title()} tentang {plan.title.title()}",
            plan.signer_name,
        )
    if job.month is None:
        raise ValueError("Laporan bulanan memerlukan bulan.")
    period = f"{month_name(job.month)} {job.year}"
    if job.kind == ReportJob.Kind.UNIT_REPORT:
        pdf = render_unit_report(plan, job.month, job, progress)
        return (
            pdf,
            f"Laporan {period}",
            f"Laporan monitoring dan evaluasi ZI {job.unit.short_name} {period}",
            plan.signer_name,
        )
    pdf = render_province_report(job.unit, job.year, job.month, job, progress)
    return (
        pdf,
        f"Laporan {period}",
        f"Laporan monitoring dan evaluasi ZI se-{job.unit.short_name} {period}",
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
    return SignatureCheck(
        True, "Berkas sama persis dengan dokumen yang diterbitkan dan tanda tangannya sah."
    )
