"""The fixed lists of the plan: the parts of the decree, the kinds of component, the drawn
figures and the sections of the Lampiran."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClauseKind(models.TextChoices):
    """The part of the decree a clause stands in (``DecreeClause.Kind``): the considerations,
    the legal bases and the dictums (KESATU, KEDUA …)."""

    MENIMBANG = "menimbang", _("Menimbang")
    MENGINGAT = "mengingat", _("Mengingat")
    DIKTUM = "diktum", _("Diktum")


class ComponentKind(models.TextChoices):
    """A row of the target table (``Component.Kind``): a Komponen Pengungkit, which belongs
    to an area, or a Komponen Hasil, which never does."""

    PENGUNGKIT = "pengungkit", _("Komponen Pengungkit")
    HASIL = "hasil", _("Komponen Hasil")


class ParagraphFigure(models.TextChoices):
    """The drawing a paragraph prints until an image is uploaded (``Paragraph.Figure``):
    none, or the component model drawn from the plan's areas and LKE weights."""

    NONE = "", _("tanpa gambar")
    COMPONENT_MODEL = "model_komponen", _("model komponen (Pengungkit → Hasil)")


class SectionKey(models.TextChoices):
    """The sections of the Lampiran in the order of the document (``LampiranSection.Key``);
    the decree finds its target table by the key (reports/selectors.py)."""

    # Kata Pengantar and BAB I Pendahuluan
    KATA_PENGANTAR = "kata_pengantar", _("Kata Pengantar")
    LATAR_BELAKANG = "latar_belakang", _("BAB I A. Latar Belakang")
    DASAR_HUKUM = "dasar_hukum", _("BAB I B. Dasar Hukum")
    MAKSUD_TUJUAN = "maksud_tujuan", _("BAB I C. Maksud dan Tujuan")
    PENGERTIAN_UMUM = "pengertian_umum", _("BAB I D. Pengertian Umum")
    # BAB II – IV
    PROGRAM_KERJA = "program_kerja", _("BAB II Program Kerja")
    PENCANANGAN = "pencanangan", _("BAB II A. Pencanangan")
    PROSES = "proses", _("BAB II B. Proses")
    RENCANA_AKSI = "rencana_aksi", _("BAB III Rencana Aksi")
    TABEL_TARGET = "tabel_target", _("Tabel target capaian")
    PENUTUP = "penutup", _("BAB IV Penutup")
