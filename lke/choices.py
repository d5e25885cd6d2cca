"""The fixed lists of the LKE: the worksheet (levels of its tree, answer types), the
assessment (its states, the two sides) and the predicates with what their minimums measure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeLevel(models.TextChoices):
    """The level of a part of the worksheet tree (``Node.Level``), from the top; sub-areas
    may nest."""

    KOMPONEN = "komponen", _("Komponen")
    SUB_KOMPONEN = "sub_komponen", _("Sub-komponen")
    AREA = "area", _("Area perubahan")
    SUB_AREA = "sub_area", _("Sub-area")


class QuestionAnswerType(models.TextChoices):
    """How a question is answered (``Question.AnswerType``): a key of its scheme, a count or
    a survey value 0–4; lke/answers.py reads each."""

    YA_TIDAK = "ya_tidak", _("Ya/Tidak")
    ABC = "abc", _("A–C")
    ABCD = "abcd", _("A–D")
    ABCDE = "abcde", _("A–E")
    COUNT = "count", _("Jumlah")
    SURVEY = "survey", _("Nilai survei 0–4")


class AssessmentState(models.TextChoices):
    """Where an assessment stands, in order (``Assessment.State``); lke/evaluation.py moves
    it from one to the next."""

    DRAFT = "draft", _("Penilaian mandiri")
    SUBMITTED = "submitted", _("Diajukan ke TPI")
    EVALUATING = "evaluating", _("Dievaluasi TPI")
    COMPLETED = "completed", _("Selesai dievaluasi")


class Side(models.TextChoices):
    """Who gave an answer (``Answer.side``): the unit (its self-assessment) or the TPI (its
    evaluation); a question has at most one answer per side."""

    UNIT = "unit", _("Penilaian mandiri")
    TPI = "tpi", _("Tim Penilai Internal")


class Predicate(models.TextChoices):
    """The two predicates a unit can be proposed for; WBBM needs "Menuju WBK" held already
    (``Assessment.holds_wbk``)."""

    WBK = "WBK", _("Menuju WBK")
    WBBM = "WBBM", _("Menuju WBBM")


class MinimumRequirement(models.TextChoices):
    """What a predicate minimum measures (``PredicateMinimum.Requirement``); lke/forecast.py
    checks each against the scores."""

    TOTAL = "total", _("Nilai total")
    PENGUNGKIT = "pengungkit", _("Komponen pengungkit")
    AREA_SHARE = "area_share", _("Setiap area, persen dari bobotnya")
    BERSIH = "bersih", _("Birokrasi yang Bersih dan Akuntabel")
    IPAK = "ipak", _("Indeks Persepsi Anti Korupsi")
    CAPAIAN = "capaian", _("Capaian kinerja lebih baik dari tahun sebelumnya")
    IPKP = "ipkp", _("Indeks Persepsi Kualitas Pelayanan")
