"""The Lembar Kerja Evaluasi (LKE) as data, and a unit's answers to it.

A ``Worksheet`` is one version of the official worksheet (2026: PermenPANRB 90/2021 as
amended by 5/2024). Its tree is ``Node`` rows (komponen → sub-komponen → area → sub-area,
sub-areas may nest) with the ``Question`` rows hanging from a sub-area (or, in Hasil, from a
sub-komponen). An ``Assessment`` is a unit's evaluation for a plan year, on the worksheet
version it was started with; each question has at most one ``Answer`` per side (the unit's
self-assessment, the TPI's evaluation).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from access.models import AreaCode, Unit
from common.db import VersionedModel, free_text, history, part_of, unique_on, user_field
from common.limits import NOTE_CHARS
from evidence.models import EvidenceFile, StoredFile, Uploads, UploadVersion

from .choices import (
    AssessmentState,
    MinimumRequirement,
    NodeLevel,
    Predicate,
    QuestionAnswerType,
    Side,
)

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def weight_field(label: Any = None) -> models.DecimalField:
    """A weight of the worksheet (0.25, 17.5 …); never negative."""
    return models.DecimalField(
        label or _("bobot"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0))],
    )


class Worksheet(models.Model):
    """One version of the official worksheet; an assessment keeps the one it began with."""

    year = models.PositiveSmallIntegerField(_("tahun LKE"), unique=True, validators=YEAR_VALIDATORS)
    regulation = models.CharField(_("dasar hukum"), max_length=300)
    source_sha256 = models.CharField(_("SHA-256 berkas sumber"), max_length=64)
    loaded_at = models.DateTimeField(_("dimuat"), auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("versi LKE")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"LKE {self.year}"


class Node(models.Model):
    """A komponen, sub-komponen, area or sub-area of the worksheet, with its weight."""

    Level = NodeLevel

    worksheet = part_of(Worksheet, related_name="nodes")
    parent = part_of("self", related_name="children", null=True, blank=True)
    source_id = models.PositiveIntegerField(_("id di berkas sumber"))
    level = models.CharField(_("tingkat"), max_length=12, choices=Level.choices)
    name = models.CharField(_("nama"), max_length=300, help_text=_("Persis seperti di LKE."))
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = weight_field()
    # The plan area an LKE area belongs to (both sub-komponen of Pengungkit name the same six):
    # its coordinator answers its questions. Empty above and below the area level.
    area_code = models.CharField(
        _("area rencana kerja"), max_length=30, choices=AreaCode.choices, blank=True
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("bagian LKE")
        ordering = ["worksheet", "parent_id", "order"]
        # load_lke upserts by the source file's id; the id is unique within a version.
        constraints = [unique_on("worksheet", "source_id", name="lke_node_source")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One of the 127 questions, with its answer type, scheme and cells in the Excel."""

    AnswerType = QuestionAnswerType

    worksheet = part_of(Worksheet, related_name="questions")
    node = part_of(Node, related_name="questions")
    source_id = models.PositiveIntegerField(_("id di berkas sumber"))
    # Question code of the bukti dukung list (PPA1A …); empty for count questions whose
    # derived percentage carries the code.
    code = models.CharField(_("kode"), max_length=10, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("pertanyaan"))
    criteria = models.TextField(_("kriteria penilaian"), blank=True)
    answer_type = models.CharField(_("jenis jawaban"), max_length=10, choices=AnswerType.choices)
    # Hasil questions carry their own weight (IPAK 17.5, capaian kinerja 5, IPKP 17.5);
    # Pengungkit questions weigh through their sub-area (0 here).
    weight = weight_field()
    # [{"key": "A", "label": "…", "multiplier": "0.67"}, …]; empty for counts and surveys.
    scheme = models.JSONField(_("skema penilaian"), default=list, blank=True)
    excel_row = models.PositiveSmallIntegerField(_("baris Excel (Jawaban)"))
    expected_documents = models.JSONField(
        _("bukti dukung yang diharapkan"), default=list, blank=True
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("pertanyaan LKE")
        ordering = ["worksheet", "excel_row"]
        constraints = [
            # load_lke upserts by the source file's id; the id is unique within a version.
            unique_on("worksheet", "source_id", name="lke_question_source"),
            # One question per row of the official sheet: import and export go by the row.
            unique_on("worksheet", "excel_row", name="lke_question_row"),
        ]

    def __str__(self) -> str:
        return self.code or self.text[:60]


class PredicateMinimum(models.Model):
    """One minimum of a predicate (editable by the admin, with history)."""

    Requirement = MinimumRequirement

    worksheet = part_of(Worksheet, related_name="minimums")
    predicate = models.CharField(_("predikat"), max_length=4, choices=Predicate.choices)
    requirement = models.CharField(_("syarat"), max_length=12, choices=Requirement.choices)
    minimum = weight_field(_("nilai minimal"))
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("syarat minimal predikat")
        ordering = ["worksheet", "predicate", "requirement"]
        # The forecast reads one minimum per predicate and requirement of a version.
        constraints = [unique_on("worksheet", "predicate", "requirement", name="lke_minimum_once")]

    def __str__(self) -> str:
        return f"{self.predicate}: {self.get_requirement_display()} ≥ {self.minimum}"


class Assessment(models.Model):
    """A unit's LKE for one plan year, on the worksheet version it was started with."""

    State = AssessmentState

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("tahun rencana"), validators=YEAR_VALIDATORS)
    worksheet = models.ForeignKey(
        Worksheet, verbose_name=_("versi LKE"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.DRAFT)
    # WBBM needs the unit to hold "Menuju WBK" already.
    holds_wbk = models.BooleanField(_("sudah berpredikat Menuju WBK"), default=False)
    created_by = user_field(_("dibuat oleh"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan ke TPI"), null=True, blank=True)
    completed_at = models.DateTimeField(_("evaluasi selesai"), null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("penilaian LKE")
        ordering = ["-year", "unit__order"]
        # One LKE per unit and plan year: its evidence and its LHE are found by (unit, year).
        constraints = [unique_on("unit", "year", name="lke_assessment_once")]

    def __str__(self) -> str:
        return f"LKE {self.unit} {self.year}"

    @property
    def is_completed(self) -> bool:
        """The TPI completed the evaluation: its scores are the official ones."""
        return self.state == self.State.COMPLETED


class Answer(VersionedModel):
    """One side's answer to one question: a scheme key, or a number (counts, surveys)."""

    assessment = part_of(Assessment, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    side = models.CharField(_("pihak"), max_length=4, choices=Side.choices)
    # The key of the question's scheme (Ya, Tidak, A … E) exactly as in the worksheet.
    choice = models.CharField(_("jawaban"), max_length=10, blank=True)
    # A count (whole number) or a survey value 0–4 (two decimals).
    number = models.DecimalField(
        _("angka"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    note = free_text(_("penjelasan/catatan"), NOTE_CHARS, blank=True)
    evidence_note = free_text(_("bukti dukung (uraian)"), NOTE_CHARS, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("jawaban LKE")
        ordering = ["assessment", "question__excel_row", "side"]
        constraints = [
            # One answer per side and question; a change is a new version of that row.
            unique_on("assessment", "question", "side", name="lke_answer_once_per_side"),
            # An answer is a key or a number, never both (an empty answer has neither).
            models.CheckConstraint(
                condition=models.Q(choice="") | models.Q(number__isnull=True),
                name="lke_answer_key_or_number",
            ),
            # Counts and surveys are never negative, whoever writes them.
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=0),
                name="lke_answer_number_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.side})"

    @property
    def is_answered(self) -> bool:
        return bool(self.choice) or self.number is not None


class Correction(models.Model):
    """The TPI's request that the unit corrects one answer: the question reopens for the
    unit alone until the unit saves it again."""

    assessment = part_of(Assessment, related_name="corrections")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    note = free_text(_("yang perlu diperbaiki"), NOTE_CHARS)
    requested_by = user_field(_("diminta oleh"))
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    resolved_by = user_field(_("diperbaiki oleh"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("diperbaiki"), null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("permintaan perbaikan LKE")
        ordering = ["assessment", "-requested_at"]
        constraints = [
            # One open request per question: the unit answers it once, the TPI may ask again.
            unique_on(
                "assessment",
                "question",
                name="lke_correction_one_open",
                condition=models.Q(resolved_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.assessment})"


# Evidence per question (lke.selectors.evidence): files attached to a question directly, in versions
# like an action item's evidence, and the expected documents the unit ticks by choosing a file.


class QuestionEvidence(Uploads):
    """The files a unit attached to one question directly (besides its plan evidence)."""

    assessment = part_of(Assessment, related_name="question_evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("lampiran pertanyaan LKE")
        ordering = ["assessment", "question__excel_row"]
        # A question's attachments are one record; each upload is a version of it.
        constraints = [unique_on("assessment", "question", name="lke_attachment_once")]

    def __str__(self) -> str:
        return f"Lampiran {self.question} ({self.assessment})"


class QuestionEvidenceVersion(UploadVersion):
    """One upload to a question: a note and its files (the files still in use with the new)."""

    evidence = part_of(QuestionEvidence, related_name="versions")
    history = history()

    class Meta(UploadVersion.Meta):
        verbose_name = verbose_name_plural = _("versi lampiran pertanyaan LKE")
        # Versions count 1, 2, 3 … per attachment; a save names the version it was loaded with.
        constraints = [unique_on("evidence", "number", name="lke_attachment_version")]


class QuestionEvidenceFile(StoredFile):
    """A file of one version of a question's attachments (same checks as plan evidence)."""

    version = part_of(QuestionEvidenceVersion, related_name="files")
    history = history()

    class Meta(StoredFile.Meta):
        verbose_name = verbose_name_plural = _("berkas lampiran pertanyaan LKE")


class DocumentMatch(models.Model):
    """An expected document of a question (``Question.expected_documents[document]``)
    ticked by the unit: the file it chose for it, from the plan's evidence or attached to
    the question. Unticking deletes the row (its history keeps who and when)."""

    assessment = part_of(Assessment, related_name="document_matches")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    document = models.PositiveSmallIntegerField(_("nomor dokumen"))
    text = models.TextField(_("dokumen yang diharapkan"))
    plan_file = part_of(EvidenceFile, related_name="+", null=True, blank=True)
    direct_file = part_of(QuestionEvidenceFile, related_name="+", null=True, blank=True)
    matched_by = user_field(_("dipilih oleh"))
    matched_at = models.DateTimeField(_("dipilih pada"), auto_now=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("dokumen LKE terpenuhi")
        ordering = ["assessment", "question__excel_row", "document"]
        constraints = [
            # A document of a question is marked as met once.
            unique_on("assessment", "question", "document", name="lke_document_once"),
            # The chosen file is either the plan's evidence or a direct attachment.
            models.CheckConstraint(
                condition=(
                    models.Q(plan_file__isnull=False, direct_file__isnull=True)
                    | models.Q(plan_file__isnull=True, direct_file__isnull=False)
                ),
                name="lke_document_one_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} #{self.document + 1} ({self.assessment})"
