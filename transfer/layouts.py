"""The file layouts: one declaration per layout drives both the export and the import.

A layout is a list of columns. Each column names its header, the key the importer knows it
by, how the export gets its value from a row object, how the import reads the cell (None:
written for information, ignored on import), whether an import needs it and the other
headers it is recognised by. The django-import-export resource of a layout (the portal's
downloads, usable in the admin too) and the importer's column lookup (rows.Bound) are both
built from this list, so what is written is what is read back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Literal

from django.db.models import QuerySet
from import_export import fields
from openpyxl.utils import get_column_letter

from areas.models import Component, WorkPlan
from common.formatting import MONTH_ABBR, person_name, roman
from common.spreadsheet import SafeExportResource

from .cells import MONTH_WORDS, cell_number, month_full_name, norm, timestamp_text, yes_no

HASIL_NAME = "Komponen Hasil"

# The parts of the plan file: which kind of row a row of it is.
PART_AREA = "Area"
PART_TARGET = "Target"
PART_ACTION = "Rencana Aksi"
PARTS = {
    "area": PART_AREA,
    "area perubahan": PART_AREA,
    "target": PART_TARGET,
    "target area": PART_TARGET,
    "rencana aksi": PART_ACTION,
    "aksi": PART_ACTION,
}

MONTH_KEYS = {m: MONTH_ABBR[m - 1].lower() for m in range(1, 13)}  # jan … des
Read = Literal["text", "integer", "decimal", "percent", "month", "boolean", "date"]


@dataclass(frozen=True)
class Column:
    key: str  # what the importer calls the column
    headers: str | tuple[str, ...]  # the header written, then others the importer recognises
    get: Callable[[Any], Any]  # the exported value of a row object
    read: Read | None = "text"  # how the importer reads the cell; None: ignored on import
    required: bool = False  # an import refuses a file without this column
    wrap: bool = False  # long text: wrapped and wide in XLSX
    pin: bool = False  # this column and those before it stay in view when scrolling right
    band: bool = False  # a change of its value starts a new shaded group of rows

    @property
    def header(self) -> str:
        return self.headers if isinstance(self.headers, str) else self.headers[0]

    def names(self) -> set[str]:
        headers = (self.headers,) if isinstance(self.headers, str) else self.headers
        return {norm(h) for h in headers}

    def field(self) -> fields.Field:
        return fields.Field(column_name=self.header, dehydrate_method=self.get)


@dataclass(frozen=True, eq=False)
class Layout:
    sheet: str  # the XLSX sheet it is written to and read from
    columns: tuple[Column, ...]
    prepare: Callable[[QuerySet], QuerySet] | None = None  # joins for a queryset's rows

    @property
    def wrap(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.wrap)

    @property
    def freeze(self) -> str:
        """The top left cell that does not stay in view: below the header, right of the
        last pinned column."""
        pinned = [i for i, c in enumerate(self.columns, start=1) if c.pin]
        return f"{get_column_letter(pinned[-1] + 1)}2" if pinned else "A2"

    @property
    def bands(self) -> str | None:
        return next((c.header for c in self.columns if c.band), None)

    def resource_class(self, class_name: str, title: str) -> type[LayoutResource]:
        """A django-import-export resource with one field per column, in order. The admin's
        export form builds its field names from ``class_name`` and shows ``title``."""

        class Meta:
            name = title

        attrs: dict[str, Any] = {c.key: c.field() for c in self.columns}
        attrs.update(Meta=Meta, layout=self, __module__=__name__, __doc__=f"{title}.")
        return type(class_name, (LayoutResource,), attrs)


class LayoutResource(SafeExportResource):
    """A layout's resource: exports raw values (numbers stay numbers), text escaped."""

    layout: Layout

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        if isinstance(queryset, QuerySet) and self.layout.prepare is not None:
            return self.layout.prepare(queryset)
        return queryset


# --- values a column shows ------------------------------------------------------------------


def hasil_number(plan: WorkPlan) -> str:
    """The roman number the decree's table gives the Komponen Hasil group (after the areas)."""
    cached = getattr(plan, "_zi_hasil_number", None)
    if cached is None:
        cached = roman(plan.areas.count() + 1)
        plan._zi_hasil_number = cached  # type: ignore[attr-defined]
    return cached


def area_number(component: Component) -> str:
    if component.area_id:
        return component.area.number
    return hasil_number(component.plan)


def area_name(component: Component) -> str:
    return component.area.name if component.area_id else HASIL_NAME


def month_targets(component: Component) -> dict[int, Any]:
    """Month → target percent, from the prefetched targets when there are any."""
    cached = getattr(component, "_zi_targets", None)
    if cached is None:
        cached = {t.month: t.percent for t in component.targets.all()}
        component._zi_targets = cached  # type: ignore[attr-defined]
    return cached


def _unit_year(plan_of: Callable[[Any], WorkPlan]) -> tuple[Column, Column]:
    return (
        Column("satuan_kerja", ("Satuan Kerja", "Satker", "Unit"), lambda r: plan_of(r).unit.slug),
        Column("tahun", ("Tahun", "Year"), lambda r: plan_of(r).year, "integer"),
    )


def _component(
    of: Callable[[Any], Component], area: tuple[str, ...], *, band: str
) -> tuple[Column, ...]:
    """The columns that name a component: unit, year, its area, its number and its name
    (which stays in view); ``band`` names the column whose groups are shaded."""
    columns = (
        *_unit_year(lambda r: of(r).plan),
        Column("no_area", "No. Area", lambda r: area_number(of(r)), None),
        Column("area", ("Area", *area), lambda r: area_name(of(r)), required=True),
        Column("no", ("No.", "No", "Nomor"), lambda r: of(r).order, None),
        Column("komponen", ("Komponen", "Nama Komponen"), lambda r: of(r).name, required=True),
    )
    return tuple(replace(c, band=c.key == band, pin=c.key == "komponen") for c in columns)


def _month_target(month: int) -> Column:
    headers = (MONTH_ABBR[month - 1], *MONTH_WORDS[month])
    get = partial(_target, month=month)
    return Column(MONTH_KEYS[month], headers, get, "percent", required=True)


def _target(component: Component, month: int) -> int | float | None:
    return cell_number(month_targets(component).get(month))


def _changed(row_of: Callable[[Any], Any]) -> tuple[Column, Column]:
    """Who changed the saved row (``row_of`` gives None when there is none) last, and when."""
    return (
        Column(
            "diubah_oleh",
            "Diubah Oleh",
            lambda r: person_name(getattr(row_of(r), "updated_by", None)),
            None,
        ),
        Column(
            "diubah_pada",
            "Diubah Pada",
            lambda r: timestamp_text(getattr(row_of(r), "updated_at", None)),
            None,
        ),
    )


def _with_components(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("plan__unit", "area").prefetch_related("targets")


def _with_entries(queryset: QuerySet) -> QuerySet:
    related = ("component__plan__unit", "component__area", "updated_by")
    return queryset.select_related(*related).prefetch_related("component__targets")


def _status(r: Any) -> str:
    return r.status.get_status_display() if r.status else ""


def _evidence(r: Any) -> str:
    return r.evidence.get_status_display() if r.evidence else ""


# --- the layouts ----------------------------------------------------------------------------

PLAN = Layout(
    "Rencana",
    (
        *_unit_year(lambda r: r.plan),
        Column("bagian", "Bagian", lambda r: r.part, required=True),
        Column("kode_area", "Kode Area", lambda r: r.area.code, required=True, band=True),
        Column("no_area", "No. Area", lambda r: r.area.number),
        Column("urutan", ("Urutan", "No. Urut"), lambda r: r.order, "integer", required=True),
        Column("label", "Label", lambda r: r.label, required=True),
        Column("induk", "Induk", lambda r: r.parent, "integer"),
        Column("teks", "Teks", lambda r: r.text, required=True, wrap=True),
        Column("pengantar", "Pengantar", lambda r: r.intro, wrap=True),
        Column("bobot", "Bobot LKE", lambda r: r.weight, "decimal"),
    ),
)
TARGETS = Layout(
    "Matriks Target",
    (
        *_component(lambda c: c, ("Area Perubahan", "Area Pembangunan"), band="no_area"),
        *(_month_target(m) for m in range(1, 13)),
    ),
    _with_components,
)
PROGRESS = Layout(
    "Progres",
    (
        *_component(lambda e: e.component, ("Area Perubahan",), band="komponen"),
        Column(
            "bulan",
            ("Bulan", "Bulan (1-12)", "Bulan (1–12)"),
            lambda e: e.month,
            "month",
            required=True,
            pin=True,
        ),
        Column("nama_bulan", "Nama Bulan", lambda e: month_full_name(e.month), None),
        Column(
            "target",
            ("Target (%)", "Target", "Target %"),
            lambda e: _target(e.component, e.month),
            None,
        ),
        Column(
            "realisasi",
            ("Realisasi (%)", "Realisasi", "Realisasi %", "Capaian (%)"),
            lambda e: cell_number(e.percent),
            "percent",
            required=True,
        ),
        Column(
            "kegiatan",
            ("Kegiatan", "Kegiatan yang Dilaksanakan"),
            lambda e: e.activities,
            wrap=True,
        ),
        Column("kendala", "Kendala", lambda e: e.obstacles, wrap=True),
        Column("tindak_lanjut", "Tindak Lanjut", lambda e: e.follow_up, wrap=True),
        Column(
            "internal",
            ("Narasi Internal", "Internal"),
            lambda e: yes_no(e.is_internal) if e.pk else "",
            "boolean",
        ),
        *_changed(lambda e: e if e.pk else None),
    ),
    _with_entries,
)
STATUS = Layout(  # export only: action-item status and evidence counts
    "Status Rencana Aksi",
    (
        *_unit_year(lambda r: r.action.area.plan),
        Column("no_area", "No. Area", lambda r: r.action.area.number, None),
        Column("area", "Area", lambda r: r.action.area.name, None),
        Column("urutan", "Urutan", lambda r: r.action.order, None),
        Column("label", "Label", lambda r: r.action.label, None),
        Column("rencana_aksi", "Rencana Aksi", lambda r: r.action.text, None, wrap=True, pin=True),
        Column("bulan", "Bulan", lambda r: r.month, None),
        Column("nama_bulan", "Nama Bulan", lambda r: month_full_name(r.month), None),
        Column("status", "Status", _status, None),
        Column("catatan", "Catatan", lambda r: r.status.note if r.status else "", None, wrap=True),
        *_changed(lambda r: r.status),
        Column("bukti", "Bukti Dukung", _evidence, None),
        Column(
            "versi", "Versi Bukti", lambda r: r.evidence.current_version if r.evidence else 0, None
        ),
        Column("berkas", "Jumlah Berkas", lambda r: r.files, None),
    ),
)

# The resources: the portal's downloads, and what the admin's export can use.
PlanResource, TargetMatrixResource, ProgressResource, ActionStatusResource = (
    layout.resource_class(class_name, title)
    for layout, class_name, title in (
        (PLAN, "PlanResource", "Rencana (area, target, rencana aksi)"),
        (TARGETS, "TargetMatrixResource", "Matriks target (tata letak keputusan)"),
        (PROGRESS, "ProgressResource", "Progres bulanan (format impor portal)"),
        (STATUS, "ActionStatusResource", "Status rencana aksi dan bukti dukung"),
    )
)
