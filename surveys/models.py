"""The public service surveys: questionnaires as versioned data, a unit's quarters, its
services and desks, the responses with their answers, one-time codes and follow-ups.

One set of tables serves the three surveys (SKM, SPAK, SPKP): a survey is a questionnaire
row with its elements, never a table of its own. A questionnaire version that has responses
is frozen: an edit makes a new version (``surveys.services.element_update``).
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.models import Unit
from areas.models import ActionItem
from common.db import free_text, history, part_of, unique_on, user_field
from common.limits import COMMENT_CHARS, NOTE_CHARS

from .choices import (
    Channel,
    CommentStatus,
    Education,
    FollowUpStatus,
    Occupation,
    PeriodStatus,
    Sex,
    SurveyKind,
)

SCALE = (1, 2, 3, 4)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (0/O, 1/I)


def new_token(length: int = 10) -> str:
    """A short unguessable code of the alphabet above."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class Questionnaire(models.Model):
    """One version of a survey's questionnaire. ``unit`` empty: the portal's shipped
    version (``load_surveys``); a unit's Sekretariat that edits an item gets a version of
    its own, numbered on from the one it started from."""

    Kind = SurveyKind

    kind = models.CharField(_("survei"), max_length=4, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("satuan kerja"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    version = models.PositiveSmallIntegerField(_("versi"))
    title = models.CharField(_("judul"), max_length=200)
    intro = free_text(_("pengantar"), NOTE_CHARS, blank=True)
    source = models.CharField(_("dasar"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = history()

    class Meta:
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")
        ordering = ["kind", "unit_id", "version"]
        constraints = [
            # Versions of one survey's questionnaire (the shipped one, or a unit's) are
            # numbered once each; the shipped one has no unit, so nulls are one value.
            unique_on(
                "kind",
                "unit",
                "version",
                name="questionnaire_one_per_version",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} versi {self.version}"

    @property
    def is_frozen(self) -> bool:
        """A version someone answered no longer changes (its answers refer to its texts)."""
        return self.responses.exists()


class Element(models.Model):
    """An element (unsur) of a questionnaire: SKM U1–U9, SPKP and SPAK indicators. Each is
    answered on 1–4; ``labels`` are the four answers' words (1 first)."""

    questionnaire = part_of(Questionnaire, related_name="elements")
    code = models.CharField(_("kode"), max_length=8)
    order = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("unsur"), max_length=120)
    question = free_text(_("pertanyaan"), COMMENT_CHARS)
    labels = models.JSONField(_("jawaban 1–4"), default=list)
    # Empty: every element weighs the same (1/n); a questionnaire may weigh otherwise.
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("unsur kuesioner")
        verbose_name_plural = _("unsur kuesioner")
        ordering = ["questionnaire", "order"]
        constraints = [
            # Results join answers of every version by code: a code once per version.
            unique_on("questionnaire", "code", name="element_code_once"),
            # A weight, when given, is positive.
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0), name="element_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Service(models.Model):
    """A jenis layanan of a unit: the respondent says which service they received."""

    unit = part_of(Unit, related_name="survey_services")
    name = models.CharField(_("jenis layanan"), max_length=150)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = history()

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["unit_id", "order", "name"]
        constraints = [unique_on("unit", "name", name="service_name_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class SurveyPeriod(models.Model):
    """A unit's survey quarter (triwulan): its population of service users and whether it
    takes responses. The three surveys of a quarter share it."""

    Status = PeriodStatus

    unit = part_of(Unit, related_name="survey_periods")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    population = models.PositiveIntegerField(
        _("populasi pengguna layanan"),
        null=True,
        blank=True,
        help_text=_("Jumlah pengguna layanan pada triwulan ini (dasar ukuran sampel)."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    # The Sekretariat publishes a quarter's results (aggregates only) on /publik/; the LKE's
    # question on published results reads it.
    published_at = models.DateTimeField(_("dipublikasikan"), null=True, blank=True)
    changed_by = user_field(_("diubah oleh"), null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        ordering = ["unit_id", "year", "quarter"]
        constraints = [
            unique_on("unit", "year", "quarter", name="surveyperiod_one_per_quarter"),
            # A year has four quarters.
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="surveyperiod_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} triwulan {self.quarter} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Desk(models.Model):
    """A service desk (loket) with its QR poster. Its link asks for a one-time code unless
    the desk runs an open link (then the anonymous limits apply)."""

    unit = part_of(Unit, related_name="survey_desks")
    name = models.CharField(_("nama loket"), max_length=120)
    token = models.CharField(_("token tautan"), max_length=16, unique=True, default=new_token)
    kinds = models.JSONField(_("survei"), default=list, help_text=_('Misalnya ["skm", "spkp"].'))
    service = models.ForeignKey(
        Service,
        verbose_name=_("jenis layanan bawaan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    open_link = models.BooleanField(
        _("tautan terbuka"),
        default=False,
        help_text=_("Tanpa kode: siapa pun dengan tautan dapat mengisi (dibatasi per alamat)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = history()

    class Meta:
        verbose_name = _("loket layanan")
        verbose_name_plural = _("loket layanan")
        ordering = ["unit_id", "name"]
        constraints = [unique_on("unit", "name", name="desk_name_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.name}"


class Response(models.Model):
    """One respondent's answers to one questionnaire version, in one quarter."""

    Channel = Channel
    CommentStatus = CommentStatus

    period = models.ForeignKey(
        SurveyPeriod, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="responses"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("kuesioner"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    kind = models.CharField(_("survei"), max_length=4, choices=SurveyKind.choices)
    service = models.ForeignKey(
        Service,
        verbose_name=_("jenis layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    channel = models.CharField(_("cara"), max_length=8, choices=Channel.choices)
    service_date = models.DateField(_("tanggal layanan"))
    submitted_at = models.DateTimeField(_("diterima"), auto_now_add=True)
    age = models.PositiveSmallIntegerField(
        _("usia"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(120)],
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=8, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    comment = free_text(_("saran dan masukan"), COMMENT_CHARS, blank=True)
    comment_status = models.CharField(
        _("status komentar"), max_length=10, choices=CommentStatus.choices, blank=True
    )
    imported_by = user_field(_("diimpor oleh"), null=True, blank=True)

    class Meta:
        verbose_name = _("jawaban responden")
        verbose_name_plural = _("jawaban responden")
        ordering = ["-submitted_at"]
        constraints = [
            # Age, when given, is a person's (the regulation's profile asks it in years).
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=10, age__lte=120),
                name="response_age_plausible",
            ),
            # A comment waits for the Sekretariat; no comment, no status.
            models.CheckConstraint(
                condition=Q(comment="", comment_status="") | ~Q(comment=""),
                name="response_comment_status_needs_comment",
            ),
        ]
        indexes = [
            # Results read a period's responses of one survey.
            models.Index(fields=["period", "kind"], name="response_period_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} #{self.pk}"


class Answer(models.Model):
    """One element's value 1–4 in a response (a blank on paper: no row)."""

    response = part_of(Response, related_name="answers")
    element = models.ForeignKey(
        Element, verbose_name=_("unsur"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("nilai"))

    class Meta:
        verbose_name = _("jawaban unsur")
        verbose_name_plural = _("jawaban unsur")
        constraints = [
            unique_on("response", "element", name="answer_once_per_element"),
            # The scale of all three surveys is 1–4; no writer may store another value.
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=4), name="answer_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}={self.value}"


class AccessCode(models.Model):
    """A one-time code handed out with a finished service: it answers one survey once."""

    period = part_of(SurveyPeriod, related_name="codes")
    kind = models.CharField(_("survei"), max_length=4, choices=SurveyKind.choices)
    code = models.CharField(_("kode"), max_length=12, unique=True, default=new_token)
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("loket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codes",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("jenis layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = user_field(_("dibuat oleh"), null=True, blank=True)
    response = models.OneToOneField(
        Response,
        verbose_name=_("jawaban"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_code",
    )
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("kode survei")
        verbose_name_plural = _("kode survei")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


class FollowUp(models.Model):
    """A tindak lanjut of a weak element: what the unit does about it, optionally an action
    item of the plan's area VI, and how far it is."""

    Status = FollowUpStatus

    period = part_of(SurveyPeriod, related_name="follow_ups")
    kind = models.CharField(_("survei"), max_length=4, choices=SurveyKind.choices)
    element_code = models.CharField(_("kode unsur"), max_length=8)
    action = free_text(_("rencana tindak lanjut"), NOTE_CHARS)
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("rencana aksi (area VI)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_follow_ups",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    due_date = models.DateField(_("target selesai"), null=True, blank=True)
    changed_by = user_field(_("diubah oleh"), null=True, blank=True)
    history = history()

    class Meta:
        verbose_name = _("tindak lanjut survei")
        verbose_name_plural = _("tindak lanjut survei")
        ordering = ["period", "kind", "element_code", "pk"]

    def __str__(self) -> str:
        return f"{self.element_code}: {self.action[:60]}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class CommentReview(models.Model):
    """The Sekretariat's decision on a respondent's comment: the audit of the moderation
    (who, when, which decision), one row per decision, written in the transaction that
    sets ``Response.comment_status`` (``surveys.comments.comment_moderate``). Responses
    carry no history of their own (the public answer endpoint writes them by the
    thousand); this table is the comment's."""

    response = part_of(Response, related_name="comment_reviews")
    status = models.CharField(_("keputusan"), max_length=10, choices=CommentStatus.choices)
    decided_by = user_field(_("diputuskan oleh"))
    decided_at = models.DateTimeField(_("waktu keputusan"), auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan komentar")
        verbose_name_plural = _("keputusan komentar")
        ordering = ["response", "-decided_at", "-pk"]
        constraints = [
            # A decision approves or rejects; "waiting" is no decision.
            models.CheckConstraint(
                condition=Q(status__in=[CommentStatus.APPROVED, CommentStatus.REJECTED]),
                name="commentreview_is_a_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.get_status_display()}"
