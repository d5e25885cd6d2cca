"""The fixed lists of the surveys app: which survey, how a response came in, the
respondent profile's answers, a comment's moderation and a follow-up's state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyKind(models.TextChoices):
    """Which survey a questionnaire is (``Questionnaire.kind``): the SKM of PermenPANRB
    14/2017 (IKM on 25–100), and the two external surveys of PermenPANRB 90/2021 (IPAK and
    IPKP on the 1–4 scale)."""

    SKM = "skm", _("Survei Kepuasan Masyarakat (SKM)")
    SPAK = "spak", _("Survei Persepsi Anti Korupsi (SPAK)")
    SPKP = "spkp", _("Survei Persepsi Kualitas Pelayanan (SPKP)")


class Channel(models.TextChoices):
    """How a response reached the portal (``Response.channel``)."""

    CODE = "kode", _("Kode sekali pakai")
    LINK = "tautan", _("Tautan terbuka loket")
    PAPER = "kertas", _("Kuesioner kertas (impor)")


class PeriodStatus(models.TextChoices):
    """Whether a quarter's survey takes responses (``SurveyPeriod.status``)."""

    OPEN = "dibuka", _("Dibuka")
    CLOSED = "ditutup", _("Ditutup")


class Sex(models.TextChoices):
    """Jenis kelamin in the respondent profile of PermenPANRB 14/2017."""

    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    """Pendidikan terakhir in the respondent profile."""

    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/sederajat")
    DIPLOMA = "diploma", _("D1–D4")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class Occupation(models.TextChoices):
    """Pekerjaan utama in the respondent profile."""

    PNS = "pns", _("PNS/ASN")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("POLRI")
    SWASTA = "swasta", _("Pegawai swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    PELAJAR = "pelajar", _("Pelajar/mahasiswa")
    LAINNYA = "lainnya", _("Lainnya")


class CommentStatus(models.TextChoices):
    """A free-text comment is never public unless the Sekretariat approves it
    (``Response.comment_status``)."""

    NONE = "", _("Tanpa komentar")
    PENDING = "menunggu", _("Menunggu persetujuan")
    APPROVED = "disetujui", _("Disetujui untuk publik")
    REJECTED = "ditolak", _("Tidak ditampilkan")


class FollowUpStatus(models.TextChoices):
    """Where a tindak lanjut stands (``FollowUp.status``)."""

    PLANNED = "rencana", _("Direncanakan")
    IN_PROGRESS = "berjalan", _("Sedang berjalan")
    DONE = "selesai", _("Selesai")
