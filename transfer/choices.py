"""The fixed lists of the transfer app: the datasets an import writes, and what an import
does with each row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportDataset(models.TextChoices):
    """What an import wrote (``ImportRecord.Dataset``): the plan, the target matrix, the
    monthly progress, or one side's answers from the official LKE workbook."""

    PLAN = "rencana", _("Rencana (area, target, rencana aksi)")
    TARGETS = "target", _("Matriks target bulanan")
    PROGRESS = "progres", _("Progres bulanan")
    LKE_UNIT = "lke-unit", _("LKE: penilaian mandiri")
    LKE_TPI = "lke-tpi", _("LKE: penilaian TPI")


class RowAction(models.TextChoices):
    """What an import does with one row of the file (``RowResult.action``), shown in the
    preview before anything is saved."""

    BARU = "baru", "Baru"
    DIUBAH = "diubah", "Diubah"
    TETAP = "tetap", "Tetap"
    DILEWATI = "dilewati", "Dilewati"
    GALAT = "galat", "Galat"
