"""The fixed lists of the transfer app: the datasets an import writes, and what an import
does with each row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportDataset(models.TextChoices):
    """What an import wrote (``ImportRecord.Dataset``): the plan, the target matrix, the
    monthly progress, one side's answers from the official LKE workbook, a survey's paper
    responses (the value is the survey's, ``surveys.choices.SurveyKind``) or the survey
    quarters' populations."""

    PLAN = "rencana", _("Rencana (area, target, rencana aksi)")
    TARGETS = "target", _("Matriks target bulanan")
    PROGRESS = "progres", _("Progres bulanan")
    LKE_UNIT = "lke-unit", _("LKE: penilaian mandiri")
    LKE_TPI = "lke-tpi", _("LKE: penilaian TPI")
    SURVEY_SKM = "skm", _("Survei SKM (kuesioner kertas)")
    SURVEY_SPAK = "spak", _("Survei SPAK (kuesioner kertas)")
    SURVEY_SPKP = "spkp", _("Survei SPKP (kuesioner kertas)")
    SURVEY_POPULATION = "populasi", _("Populasi survei per triwulan")


class RowAction(models.TextChoices):
    """What an import does with one row of the file (``RowResult.action``), shown in the
    preview before anything is saved."""

    BARU = "baru", "Baru"
    DIUBAH = "diubah", "Diubah"
    TETAP = "tetap", "Tetap"
    DILEWATI = "dilewati", "Dilewati"
    GALAT = "galat", "Galat"
