"""The fixed lists of the evidence app: the state of an evidence, the kinds of stored file
and the TPI's decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceStatus(models.TextChoices):
    """Where an evidence stands (``Evidence.Status``): uploaded, then accepted or rejected by
    the TPI's latest review."""

    DIUNGGAH = "diunggah", _("Diunggah")
    DITERIMA = "diterima", _("Diterima")
    DITOLAK = "ditolak", _("Ditolak")


class FileKind(models.TextChoices):
    """The kind of a stored file (``StoredFile.Kind``), read from its content by
    evidence/filetypes.py, never from its name."""

    PDF = "pdf", "PDF"
    JPG = "jpg", "JPG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PPTX = "pptx", "PPTX"


class ReviewDecision(models.TextChoices):
    """A TPI decision on one version of an evidence (``Review.Decision``); a rejection must
    say why."""

    DITERIMA = "diterima", _("Diterima")
    DITOLAK = "ditolak", _("Ditolak")
