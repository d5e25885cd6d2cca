"""Who and what the plan is: units, the decree with its Lampiran, areas and components.

Every part of the decree is an ordered, editable record so that the decree PDF can be
rendered from the database alone.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.models import AreaCode, Unit
from common.db import (
    free_text,
    history,
    month_field,
    monthly_constraints,
    part_of,
    percent_field,
    unique_on,
)
from common.formatting import month_name, percent_text
from common.limits import NOTE_CHARS

from .choices import ClauseKind, ComponentKind, ParagraphFigure, SectionKey
from .lke_codes import component_code_error, question_codes_clean
from .validators import validate_figure_image


def parent_field() -> models.ForeignKey:
    """The parent of a nested Lampiran paragraph or action item (I.e 1)–6))."""
    return part_of("self", _("induk"), related_name="children", null=True, blank=True)


class WorkPlan(models.Model):
    """The Keputusan establishing a unit's Rencana Kerja for one year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("satuan kerja"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.CharField(_("nomor keputusan"), max_length=60)
    issuer = models.CharField(
        _("penerbit"),
        max_length=200,
        help_text=_("Dicetak setelah kata KEPUTUSAN, misalnya KOMISI PEMILIHAN UMUM PROVINSI …"),
    )
    title = free_text(_("tentang"), NOTE_CHARS)
    official_title = models.CharField(_("jabatan penetap"), max_length=200)
    establishes = free_text(_("menetapkan"), NOTE_CHARS)
    enacted_place = models.CharField(_("ditetapkan di"), max_length=100)
    enacted_date = models.DateField(_("tanggal penetapan"))
    signer_title = free_text(_("jabatan penanda tangan"), NOTE_CHARS)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    copy_office = free_text(_("salinan: kantor"), NOTE_CHARS, blank=True)
    copy_title = free_text(_("salinan: jabatan"), NOTE_CHARS, blank=True)
    copy_name = models.CharField(_("salinan: nama"), max_length=150, blank=True)
    lampiran_heading = free_text(_("judul lampiran"), NOTE_CHARS)
    cover_title = free_text(_("judul sampul"), NOTE_CHARS)
    cover_footer = free_text(_("kaki sampul"), NOTE_CHARS, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("rencana kerja")
        ordering = ["unit__order", "unit__name", "-year"]
        # One decree per unit and year: every figure is looked up by (unit, year).
        constraints = [unique_on("unit", "year", name="workplan_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("admin:areas_workplan_change", args=[self.pk])


class DecreeClause(models.Model):
    """One item of Menimbang, Mengingat or the dictums (KESATU, KEDUA …)."""

    Kind = ClauseKind

    plan = part_of(WorkPlan, _("rencana kerja"), related_name="clauses")
    kind = models.CharField(_("bagian"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("label"), max_length=20, help_text=_("a., 1., KESATU"))
    text = free_text(_("teks"), NOTE_CHARS)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("butir keputusan")
        ordering = ["plan", "kind", "order"]
        # Clauses print in this order within their part: two at one place would swap at random.
        constraints = [unique_on("plan", "kind", "order", name="decreeclause_unique_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


class LampiranSection(models.Model):
    """A section of the Lampiran (Kata Pengantar, BAB I A … BAB IV)."""

    Key = SectionKey

    plan = part_of(WorkPlan, _("rencana kerja"), related_name="sections")
    key = models.CharField(_("bagian"), max_length=20, choices=Key.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    chapter = models.CharField(_("bab"), max_length=20, blank=True)
    chapter_title = models.CharField(_("judul bab"), max_length=200, blank=True)
    letter = models.CharField(_("huruf"), max_length=5, blank=True)
    heading = free_text(_("judul"), NOTE_CHARS, blank=True)
    signature_place_date = models.CharField(
        _("tempat dan tanggal tanda tangan"), max_length=100, blank=True
    )
    signature_title = free_text(_("jabatan penanda tangan"), NOTE_CHARS, blank=True)
    signature_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("bagian lampiran")
        ordering = ["plan", "order"]
        # The Lampiran is put together by section key: each section once per plan.
        constraints = [unique_on("plan", "key", name="lampiransection_unique_key")]

    def __str__(self) -> str:
        return self.get_key_display()


class Paragraph(models.Model):
    """A paragraph (empty label) or a list item of a Lampiran section; nested by parent."""

    Figure = ParagraphFigure

    section = part_of(LampiranSection, _("bagian lampiran"), related_name="paragraphs")
    parent = parent_field()
    order = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("label"), max_length=10, blank=True)
    text = free_text(_("teks"), NOTE_CHARS)
    # A paragraph that announces a figure ("Di bawah ini adalah gambar …") carries it: an
    # uploaded image, or until one is uploaded the drawing named by ``figure``.
    figure = models.CharField(
        _("gambar bawaan"),
        max_length=20,
        choices=Figure.choices,
        blank=True,
        default="",
        help_text=_(
            "Digambar dari area dan bobot LKE rencana ini selama belum ada gambar unggahan."
        ),
    )
    figure_image = models.FileField(
        _("gambar unggahan"),
        upload_to="lampiran/gambar/",
        max_length=255,
        blank=True,
        validators=[validate_figure_image],
        help_text=_("PNG atau JPEG, paling besar 5 MB; dicetak di bawah paragraf ini."),
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("paragraf")
        ordering = ["section", "order"]
        # Paragraphs print in this order within their section.
        constraints = [unique_on("section", "order", name="paragraph_unique_order")]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}".strip()


class Area(models.Model):
    """One of the six reform areas (area perubahan) of a plan."""

    Code = AreaCode

    plan = part_of(WorkPlan, _("rencana kerja"), related_name="areas")
    code = models.CharField(_("kode"), max_length=30, choices=Code.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    number = models.CharField(_("nomor romawi"), max_length=5)
    letter = models.CharField(_("huruf"), max_length=5)
    name = models.CharField(_("nama"), max_length=150)
    intro = free_text(_("pengantar rencana aksi"), NOTE_CHARS, blank=True)
    lke_weight = models.DecimalField(
        _("bobot LKE (pemenuhan)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("area perubahan")
        ordering = ["plan", "order"]
        # Figures, coordinators and LKE questions find an area by its code within the plan.
        constraints = [unique_on("plan", "code", name="area_unique_code_per_plan")]

    def __str__(self) -> str:
        return f"Area {self.number} – {self.name}"


class ListItem(models.Model):
    """A numbered item of one of the decree's lists (an area's targets, its rencana aksi)."""

    order = models.PositiveSmallIntegerField(_("urutan"))
    label = models.CharField(_("label"), max_length=10)
    text = free_text(_("teks"), NOTE_CHARS)

    class Meta:
        abstract = True
        ordering = ["area", "order"]
        constraints = [
            # order is global within an area (an action's children follow their parent),
            # so that ordering by it alone reproduces the document.
            unique_on("area", "order", name="%(class)s_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:60]}"


class AreaTarget(ListItem):
    """An item of an area's "Target" list."""

    area = part_of(Area, _("area"), related_name="targets")
    history = history()

    class Meta(ListItem.Meta):
        verbose_name = verbose_name_plural = _("target area")


class ActionItem(ListItem):
    """A rencana aksi of an area; nested items (I.e 1)–6)) point to their parent."""

    area = part_of(Area, _("area"), related_name="actions")
    parent = parent_field()
    # The LKE questions this item's evidence supports (PPA1A …): their pages show it.
    lke_codes = models.JSONField(
        _("kode pertanyaan LKE"),
        default=list,
        blank=True,
        help_text=_(
            "Pertanyaan LKE yang didukung bukti dukung rencana aksi ini, mis. PPA1A, PPA1B."
        ),
    )
    history = history()

    class Meta(ListItem.Meta):
        verbose_name = verbose_name_plural = _("rencana aksi")

    def __str__(self) -> str:
        return f"{self.area.number}.{super().__str__()}"

    def clean(self) -> None:
        super().clean()
        try:
            self.lke_codes = question_codes_clean(self.lke_codes)
        except ValidationError as error:
            raise ValidationError({"lke_codes": error.messages}) from None


def action_field(related_name: str) -> models.ForeignKey:
    """The rencana aksi a monthly record belongs to (evidence, statuses); gone with it."""
    return part_of(ActionItem, _("rencana aksi"), related_name=related_name)


class Component(models.Model):
    """A row of the monthly target table: a component of an area, or a Komponen Hasil."""

    Kind = ComponentKind

    plan = part_of(WorkPlan, _("rencana kerja"), related_name="components")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    area = part_of(Area, _("area"), related_name="components", null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    lke_weight = models.DecimalField(
        _("bobot LKE"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Bobot sub-area pada Lembar Kerja Evaluasi, misalnya Tim Kerja 0,5."),
    )
    # The LKE sub-area (or Hasil sub-komponen) of the row: areas/lke_codes.py.
    lke_code = models.CharField(
        _("kode sub-area LKE"),
        max_length=8,
        blank=True,
        help_text=_("Mis. PPA1 (Pemenuhan, area A, sub-area 1); HB atau HP untuk Komponen Hasil."),
    )
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("komponen")
        ordering = ["plan", "kind", "area__order", "order"]
        constraints = [
            # A Komponen Pengungkit always belongs to an area; a Komponen Hasil never does.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="pengungkit", area__isnull=False)
                    | models.Q(kind="hasil", area__isnull=True)
                ),
                name="component_area_matches_kind",
            ),
            # Components print in this order within their area (Hasil: within the plan).
            unique_on(
                "plan",
                "kind",
                "area",
                "order",
                name="component_unique_order",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.lke_code = self.lke_code.strip().upper()
        area_code = self.area.code if self.area_id else None
        hasil = self.kind == self.Kind.HASIL
        message = component_code_error(self.lke_code, hasil=hasil, area_code=area_code)
        if message:
            raise ValidationError({"lke_code": message})


class MonthlyTarget(models.Model):
    """A filled cell of the target table. A blank cell has no row: no target that month."""

    component = part_of(Component, _("komponen"), related_name="targets")
    month = month_field()
    percent = percent_field(_("target (%)"))
    history = history(table_name="targets_historicalmonthlytarget")

    class Meta:
        # The cells are part of the decree; the table keeps its name from the targets app.
        db_table = "targets_monthlytarget"
        verbose_name = verbose_name_plural = _("target bulanan")
        ordering = ["component", "month"]
        constraints = monthly_constraints("target", "component", percent=True)

    def __str__(self) -> str:
        return f"{self.component} {month_name(self.month)}: {percent_text(self.percent)}"
