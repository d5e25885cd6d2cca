"""Evidence (bukti dukung): per action item and covered month, in versions, reviewed by the TPI."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.models import action_field
from common.db import (
    free_text,
    history,
    month_field,
    monthly_constraints,
    part_of,
    unique_on,
    user_field,
)
from common.formatting import month_name
from common.limits import COMMENT_CHARS

from .choices import EvidenceStatus, FileKind, ReviewDecision


class Uploads(models.Model):
    """What holds numbered uploads (its versions): the number of the latest, when it began
    and when it last changed. Also the shape of a unit's direct attachments to an LKE
    question (lke.QuestionEvidence)."""

    current_version = models.PositiveIntegerField(_("versi terakhir"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class Evidence(Uploads):
    """The evidence of one action item for the month it covers (not the upload date)."""

    Status = EvidenceStatus

    action = action_field("evidence")
    month = month_field(_("bulan yang dibuktikan"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DIUNGGAH
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("bukti dukung")
        ordering = ["action", "month"]
        # New uploads for the same action item and month are versions of one evidence.
        constraints = monthly_constraints(
            "evidence", "action", unique="evidence_one_per_action_month"
        )
        indexes = [
            # The TPI's queue and the dashboard filter by status.
            models.Index(fields=["status"], name="evidence_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Bukti {self.action} {month_name(self.month)}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.DITERIMA

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.DITOLAK


class UploadVersion(models.Model):
    """One upload, numbered per owner: its note, who and when. Also the shape of the
    versions of a unit's direct attachments to an LKE question (lke.QuestionEvidenceVersion);
    a concrete version names its ``evidence``."""

    number = models.PositiveIntegerField(_("versi"))
    note = free_text(_("keterangan"), COMMENT_CHARS, blank=True)
    uploaded_by = user_field(_("diunggah oleh"))
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["evidence", "-number"]  # newest first

    def __str__(self) -> str:
        return f"{self.evidence} v{self.number}"  # type: ignore[attr-defined]


class EvidenceVersion(UploadVersion):
    """One upload: a note and one or more files."""

    evidence = part_of(Evidence, _("bukti dukung"), related_name="versions")
    history = history()

    class Meta(UploadVersion.Meta):
        verbose_name = verbose_name_plural = _("versi bukti dukung")
        # Versions count 1, 2, 3 … per evidence; a save names the version it was loaded with.
        constraints = [unique_on("evidence", "number", name="evidenceversion_unique_number")]


class StoredFile(models.Model):
    """A stored file: generated name under the private root, sanitised original name, the
    kind read from its content (evidence.filetypes). Also the shape of the files a unit
    attaches to an LKE question directly (lke.QuestionEvidenceFile)."""

    Kind = FileKind

    file = models.FileField(_("berkas"), upload_to="evidence/", max_length=255)
    original_name = models.CharField(_("nama asli"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices)
    content_type = models.CharField(_("tipe MIME"), max_length=120)
    size = models.PositiveBigIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        abstract = True
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.original_name


class EvidenceFile(StoredFile):
    """A file of one version of an action item's evidence."""

    version = part_of(EvidenceVersion, _("versi"), related_name="files")
    history = history()

    class Meta(StoredFile.Meta):
        verbose_name = verbose_name_plural = _("berkas bukti dukung")


class Review(models.Model):
    """A TPI decision on one version of an evidence."""

    Decision = ReviewDecision

    evidence = part_of(Evidence, _("bukti dukung"), related_name="reviews")
    version = part_of(EvidenceVersion, _("versi"), related_name="reviews")
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices)
    comment = free_text(_("komentar"), COMMENT_CHARS, blank=True)
    reviewer = user_field(_("penilai"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("reviu TPI")
        ordering = ["evidence", "-created_at"]
        constraints = [
            # A rejection must say why, so that the coordinator can revise.
            models.CheckConstraint(
                condition=~models.Q(decision="ditolak", comment=""),
                name="review_reject_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} – {self.evidence}"

    @property
    def is_rejected(self) -> bool:
        return self.decision == self.Decision.DITOLAK
