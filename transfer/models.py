"""The audit record of every import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from access.models import Unit

from .choices import ImportDataset


class ImportRecord(models.Model):
    """The audit record of an import: who, when, which file, what it changed."""

    Dataset = ImportDataset

    unit = models.ForeignKey(
        Unit, verbose_name=_("satuan kerja"), on_delete=models.PROTECT, related_name="imports"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    dataset = models.CharField(_("data"), max_length=10, choices=Dataset.choices)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rows_created = models.PositiveIntegerField(_("baris baru"), default=0)
    rows_updated = models.PositiveIntegerField(_("baris diubah"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("baris tetap"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diimpor oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        # The table keeps the name it had when imports lived in the reports app.
        db_table = "reports_importrecord"
        verbose_name = verbose_name_plural = _("catatan impor")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} {self.unit} {self.year}: {self.file_name}"
