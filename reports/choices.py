"""The fixed lists of the reports app: where an export job stands and what it renders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where an export job stands (``ReportJob.Status``); a queued or running job is
    ``ReportJob.ACTIVE``."""

    ANTRE = "antre", _("Antre")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    GAGAL = "gagal", _("Gagal")


class ReportKind(models.TextChoices):
    """The document an export job renders (``ReportJob.Kind``): a signed PDF, except the LKE
    submission package, a ZIP (``ReportJob.is_pdf``)."""

    DECREE = "keputusan", _("Keputusan dan Lampiran")
    UNIT_REPORT = "laporan", _("Laporan bulanan satuan kerja")
    PROVINCE_REPORT = "laporan_provinsi", _("Laporan bulanan provinsi")
    LHE = "lhe", _("Laporan Hasil Evaluasi")
    PACKAGE = "paket", _("Paket pengajuan LKE")
    SURVEY_REPORT = "laporan_skm", _("Laporan Hasil Survei Pelayanan")
    SURVEY_POSTER = "poster_survei", _("Poster QR survei loket layanan")
