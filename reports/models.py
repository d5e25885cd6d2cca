"""Export jobs and the documents they issue."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.models import Unit
from common.db import free_text, month_field, part_of, unique_on, user_field
from common.formatting import month_year, quarter_name
from common.limits import REASON_CHARS

from .choices import JobStatus, ReportKind


def new_code() -> str:
    """A short, unguessable verification code (10 characters, no look-alikes)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class ReportJob(models.Model):
    """One export: queued, rendered by a Celery worker, issued as a signed PDF version (a
    submission package: a ZIP, see ``reports.builders``)."""

    Kind = ReportKind
    Status = JobStatus

    ACTIVE = (Status.ANTRE, Status.BERJALAN)

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("satuan kerja"), on_delete=models.PROTECT, related_name="report_jobs"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = month_field(null=True, blank=True)
    # A survey report is per quarter (triwulan 1–4; empty: the year, or no survey report).
    quarter = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)
    requested_by = user_field(_("diminta oleh"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ANTRE
    )
    progress = models.PositiveSmallIntegerField(
        _("kemajuan (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tanda hidup terakhir"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    error = models.TextField(_("pesan galat"), blank=True)
    output = models.FileField(_("berkas"), upload_to="documents/", max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), null=True, blank=True)
    code = models.CharField(_("kode verifikasi"), max_length=16, unique=True, default=new_code)
    doc_number = models.CharField(_("nomor dokumen"), max_length=120, blank=True)
    doc_title = models.TextField(_("judul dokumen"), blank=True)
    signer_name = models.CharField(_("penanda tangan"), max_length=150, blank=True)
    # The outbox: a job is committed first and handed to the broker after; while
    # ``dispatched_at`` is empty (broker unreachable) the sweeper keeps trying.
    dispatched_at = models.DateTimeField(_("dikirim ke antrean"), null=True, blank=True)
    # What a decree version says (reports.versions.decree_snapshot) and its fingerprint:
    # an export with the same fingerprint gives back the issued version.
    snapshot = models.JSONField(_("isi yang diterbitkan"), default=dict, blank=True)
    content_sha256 = models.CharField(_("sidik isi"), max_length=64, blank=True)
    change_reason = free_text(_("alasan perubahan"), REASON_CHARS, blank=True)
    changes = models.JSONField(_("perubahan dari versi sebelumnya"), default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("ekspor dokumen")
        ordering = ["-created_at"]
        constraints = [
            # Two requests for the same document while one is queued or running share it.
            unique_on(
                "kind",
                "unit",
                "year",
                "month",
                "quarter",
                name="reportjob_one_active_per_quarter_document",
                condition=Q(status__in=["antre", "berjalan"]),
                nulls_distinct=False,
            ),
            # Issued versions of one document are numbered 1, 2, 3 …
            unique_on(
                "kind",
                "unit",
                "year",
                "month",
                "quarter",
                "version",
                name="reportjob_unique_quarter_version",
                condition=Q(version__isnull=False),
                nulls_distinct=False,
            ),
            # A year has four quarters.
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="reportjob_quarter_1_4",
            ),
            # The job page's progress bar is a percent.
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="reportjob_progress_0_100"
            ),
        ]
        indexes = [
            # The sweeper looks for running jobs whose worker stopped beating.
            models.Index(fields=["status", "heartbeat_at"], name="reportjob_status_heartbeat"),
        ]

    def __str__(self) -> str:
        period = month_year(self.month, self.year) if self.month else str(self.year)
        if self.quarter:
            period = quarter_name(self.quarter, self.year)
        return f"{self.get_kind_display()} {self.unit} {period}"

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.pk])

    @property
    def is_pdf(self) -> bool:
        """A signed PDF with a verification code (the package is a ZIP, never verified)."""
        return self.kind != self.Kind.PACKAGE

    @property
    def suffix(self) -> str:
        return "pdf" if self.is_pdf else "zip"

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.is_pdf else "application/zip"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_done(self) -> bool:
        """Finished: the document can be downloaded."""
        return self.status == self.Status.SELESAI

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.GAGAL

    @property
    def waits_for_broker(self) -> bool:
        """Queued but not yet handed to the broker (it was unreachable)."""
        return self.status == self.Status.ANTRE and self.dispatched_at is None


class Notice(models.Model):
    """A message for a user inside the portal (e.g. the monthly reminder)."""

    user = part_of(settings.AUTH_USER_MODEL, related_name="notices")
    text = models.TextField(_("pesan"))
    link = models.CharField(_("tautan"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at"]
        indexes = [
            # The navigation counts a user's unread notices on every page.
            models.Index(fields=["user", "read_at"], name="notice_user_unread"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
