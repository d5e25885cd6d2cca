"""Import, export and copy of a unit's plan, target matrix and progress (XLSX and CSV).

Exports are built from django-import-export resources (one per file layout, also usable in
the admin) and written as XLSX (openpyxl: bold frozen header row, column widths, filters) or
CSV (UTF-8 with BOM). Text that a spreadsheet would run as a formula (= + - @ tab CR) gets a
leading apostrophe (OWASP CSV injection); the importer removes it again, so a file exported
from the portal imports back without a change.

Imports read the same layouts. Every row is checked (columns, units, areas, components,
months, percents, duplicates, month locks) and compared with the database; the result lists,
row by row, what would be created or changed and every error with its row and column. A
dry run stops there. A real run repeats all of it inside one transaction, writes every row
or none, and records an ImportRecord. Unchanged rows are not saved (no history rows).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import filetype
import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Model, Q, QuerySet
from django.utils import timezone
from import_export import fields, resources
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history

from access import rules
from access.models import Unit
from areas.models import ActionItem, Area, AreaTarget, Component, MonthlyTarget, WorkPlan
from areas.services import plan_copy
from common.forms import PercentField
from evidence.models import Evidence
from periods.services import ensure_month_open
from targets.models import ActionItemStatus, ProgressEntry

from .models import ImportRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Dataset = ImportRecord.Dataset
STATUS_DATASET = "status"  # export only: action-item status and evidence counts
EXPORT_DATASETS = {
    Dataset.PLAN.value: "Rencana (area, target, rencana aksi)",
    Dataset.TARGETS.value: "Matriks target bulanan",
    Dataset.PROGRESS.value: "Progres bulanan",
    STATUS_DATASET: "Status rencana aksi dan bukti dukung",
}
FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")
MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTH_ALIASES: dict[int, tuple[str, ...]] = {
    1: ("Januari",),
    2: ("Februari", "Pebruari", "Peb"),
    3: ("Maret",),
    4: ("April",),
    5: (),
    6: ("Juni",),
    7: ("Juli",),
    8: ("Agu", "Agus", "Agustus"),
    9: ("Sept", "September"),
    10: ("Oktober",),
    11: ("November", "Nop", "Nopember"),
    12: ("Desember",),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
HASIL_NAME = "Komponen Hasil"
BLANK_STREAK_END = 1000  # this many blank rows in a row end the table (formatted empty rows)
MAX_COLUMNS = 60
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
STASH_DIR = "imports"

ACTION_LABELS = {
    "baru": "Baru",
    "diubah": "Diubah",
    "tetap": "Tetap",
    "dilewati": "Dilewati",
    "galat": "Galat",
}


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20000))


# --- cells --------------------------------------------------------------------------------

_FORMULA_START = frozenset("=+-@")
_FORMULA_CONTROL = frozenset("\t\r")


def _formula_like(text: str) -> bool:
    """Would a spreadsheet read this text (after any apostrophes) as a formula?"""
    rest = text.lstrip("'")
    if not rest:
        return False
    return rest[0] in _FORMULA_CONTROL or rest.lstrip(" ")[:1] in _FORMULA_START


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (OWASP).

    Text that already starts with apostrophes before such a character gets one more, so that
    ``unescape_formula(escape_formula(x)) == x`` for every text.
    """
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    if text.startswith("'") and _formula_like(text[1:]):
        return text[1:]
    return text


def _clean_text(value: str) -> str:
    """Text as stored: one newline style, no characters a workbook cannot hold, stripped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()


def _norm(value: Any) -> str:
    """A name for matching: case, spacing and line breaks do not count."""
    return " ".join(str(value).split()).casefold()


def _number(value: Decimal | None) -> int | float | None:
    """A percent for a cell: 100 rather than 100.00, 62.5 rather than Decimal('62.50')."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def percent_text(value: Decimal | None) -> str:
    """Indonesian notation for the preview: 62,5."""
    if value is None:
        return "(kosong)"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if not text:
        return "(kosong)"
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _who(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _when(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def hasil_number(plan: WorkPlan) -> str:
    """The roman number the decree's table gives the Komponen Hasil group (after the areas)."""
    cached = getattr(plan, "_zi_hasil_number", None)
    if cached is None:
        count = plan.areas.count()
        cached = ROMAN[count] if count < len(ROMAN) else str(count + 1)
        plan._zi_hasil_number = cached  # type: ignore[attr-defined]
    return cached


def _area_number(component: Component) -> str:
    if component.area_id:
        return component.area.number
    return hasil_number(component.plan)


def _area_name(component: Component) -> str:
    return component.area.name if component.area_id else HASIL_NAME


def _month_targets(component: Component) -> dict[int, Decimal]:
    """Month → target percent, from the prefetched targets when there are any."""
    cached = getattr(component, "_zi_targets", None)
    if cached is None:
        cached = {t.month: t.percent for t in component.targets.all()}
        component._zi_targets = cached  # type: ignore[attr-defined]
    return cached


# --- resources (django-import-export) -----------------------------------------------------
#
# One resource per file layout. Each column is a Field with a dehydrate callable, so numbers
# stay numbers (XLSX cells) and text is escaped in one place (export_field). The portal
# builds its downloads from these resources; the admin can use them with ExportMixin.

H_UNIT = "Satuan Kerja"
H_YEAR = "Tahun"
H_AREA_NO = "No. Area"
H_AREA = "Area"
H_NO = "No."
H_COMPONENT = "Komponen"
H_MONTH = "Bulan"
H_MONTH_NAME = "Nama Bulan"
H_TARGET = "Target (%)"
H_PERCENT = "Realisasi (%)"
H_ACTIVITIES = "Kegiatan"
H_OBSTACLES = "Kendala"
H_FOLLOW_UP = "Tindak Lanjut"
H_INTERNAL = "Narasi Internal"
H_UPDATED_BY = "Diubah Oleh"
H_UPDATED_AT = "Diubah Pada"
H_PART = "Bagian"
H_AREA_CODE = "Kode Area"
H_ORDER = "Urutan"
H_LABEL = "Label"
H_PARENT = "Induk"
H_TEXT = "Teks"
H_INTRO = "Pengantar"
H_WEIGHT = "Bobot LKE"

PART_AREA = "Area"
PART_TARGET = "Target"
PART_ACTION = "Rencana Aksi"


def _col(header: str, getter: Callable[[Any], Any]) -> fields.Field:
    return fields.Field(column_name=header, dehydrate_method=getter)


class SafeExportResource(resources.Resource):
    """Exports raw values (numbers stay numbers); text is escaped against formulas."""

    def export_field(self, field: fields.Field, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))

    @classmethod
    def get_display_name(cls) -> str:
        """The name the admin's export form shows (ModelResource has it; Resource does not)."""
        return getattr(cls._meta, "name", None) or cls.__name__


@dataclass
class PlanRow:
    """One row of the plan file: an area, one of its targets or one of its action items."""

    unit: str
    year: int
    part: str
    area_code: str
    area_number: str
    order: int
    label: str
    parent: int | None
    text: str
    intro: str = ""
    weight: int | float | None = None


class PlanResource(SafeExportResource):
    """Areas, their targets and action items (with labels, order and nesting)."""

    class Meta:
        name = "Rencana (area, target, rencana aksi)"

    satuan_kerja = _col(H_UNIT, lambda r: r.unit)
    tahun = _col(H_YEAR, lambda r: r.year)
    bagian = _col(H_PART, lambda r: r.part)
    kode_area = _col(H_AREA_CODE, lambda r: r.area_code)
    no_area = _col(H_AREA_NO, lambda r: r.area_number)
    urutan = _col(H_ORDER, lambda r: r.order)
    label = _col(H_LABEL, lambda r: r.label)
    induk = _col(H_PARENT, lambda r: r.parent)
    teks = _col(H_TEXT, lambda r: r.text)
    pengantar = _col(H_INTRO, lambda r: r.intro)
    bobot = _col(H_WEIGHT, lambda r: r.weight)


def _month_col(month: int) -> fields.Field:
    return _col(MONTH_ABBR[month - 1], lambda c: _number(_month_targets(c).get(month)))


class TargetMatrixResource(SafeExportResource):
    """The decree's target table: one row per component, grouped by area, Jan … Des."""

    class Meta:
        name = "Matriks target (tata letak keputusan)"

    satuan_kerja = _col(H_UNIT, lambda c: c.plan.unit.slug)
    tahun = _col(H_YEAR, lambda c: c.plan.year)
    no_area = _col(H_AREA_NO, _area_number)
    area = _col(H_AREA, _area_name)
    no = _col(H_NO, lambda c: c.order)
    komponen = _col(H_COMPONENT, lambda c: c.name)
    jan = _month_col(1)
    feb = _month_col(2)
    mar = _month_col(3)
    apr = _month_col(4)
    mei = _month_col(5)
    jun = _month_col(6)
    jul = _month_col(7)
    agt = _month_col(8)
    sep = _month_col(9)
    okt = _month_col(10)
    nov = _month_col(11)
    des = _month_col(12)

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        if isinstance(queryset, QuerySet):
            queryset = queryset.select_related("plan__unit", "area").prefetch_related("targets")
        return queryset


class ProgressResource(SafeExportResource):
    """Component × month: target, realisation, narrative, who and when.

    Exports ProgressEntry rows; the portal adds unsaved entries (percent None) for the cells
    nobody has filled in, so that the file is also a form to fill in.
    """

    class Meta:
        name = "Progres bulanan (format impor portal)"

    satuan_kerja = _col(H_UNIT, lambda e: e.component.plan.unit.slug)
    tahun = _col(H_YEAR, lambda e: e.component.plan.year)
    no_area = _col(H_AREA_NO, lambda e: _area_number(e.component))
    area = _col(H_AREA, lambda e: _area_name(e.component))
    no = _col(H_NO, lambda e: e.component.order)
    komponen = _col(H_COMPONENT, lambda e: e.component.name)
    bulan = _col(H_MONTH, lambda e: e.month)
    nama_bulan = _col(H_MONTH_NAME, lambda e: MONTH_NAMES[e.month - 1])
    target = _col(H_TARGET, lambda e: _number(_month_targets(e.component).get(e.month)))
    realisasi = _col(H_PERCENT, lambda e: _number(e.percent))
    kegiatan = _col(H_ACTIVITIES, lambda e: e.activities)
    kendala = _col(H_OBSTACLES, lambda e: e.obstacles)
    tindak_lanjut = _col(H_FOLLOW_UP, lambda e: e.follow_up)
    internal = _col(H_INTERNAL, lambda e: ("Ya" if e.is_internal else "Tidak") if e.pk else "")
    diubah_oleh = _col(H_UPDATED_BY, lambda e: _who(e.updated_by) if e.updated_by_id else "")
    diubah_pada = _col(H_UPDATED_AT, lambda e: _when(e.updated_at) if e.pk else "")

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        if isinstance(queryset, QuerySet):
            queryset = queryset.select_related(
                "component__plan__unit", "component__area", "updated_by"
            ).prefetch_related("component__targets")
        return queryset


@dataclass
class StatusRow:
    action: ActionItem
    month: int
    status: ActionItemStatus | None
    evidence: Evidence | None
    files: int


class ActionStatusResource(SafeExportResource):
    """Action item × month: status, note, who and when, and the month's evidence."""

    class Meta:
        name = "Status rencana aksi dan bukti dukung"

    satuan_kerja = _col(H_UNIT, lambda r: r.action.area.plan.unit.slug)
    tahun = _col(H_YEAR, lambda r: r.action.area.plan.year)
    no_area = _col(H_AREA_NO, lambda r: r.action.area.number)
    area = _col(H_AREA, lambda r: r.action.area.name)
    urutan = _col(H_ORDER, lambda r: r.action.order)
    label = _col(H_LABEL, lambda r: r.action.label)
    rencana_aksi = _col("Rencana Aksi", lambda r: r.action.text)
    bulan = _col(H_MONTH, lambda r: r.month)
    nama_bulan = _col(H_MONTH_NAME, lambda r: MONTH_NAMES[r.month - 1])
    status = _col("Status", lambda r: r.status.get_status_display() if r.status else "")
    catatan = _col("Catatan", lambda r: r.status.note if r.status else "")
    diubah_oleh = _col(H_UPDATED_BY, lambda r: _who(r.status.updated_by) if r.status else "")
    diubah_pada = _col(H_UPDATED_AT, lambda r: _when(r.status.updated_at) if r.status else "")
    bukti = _col("Bukti Dukung", lambda r: r.evidence.get_status_display() if r.evidence else "")
    versi = _col("Versi Bukti", lambda r: r.evidence.current_version if r.evidence else 0)
    berkas = _col("Jumlah Berkas", lambda r: r.files)


# --- export -------------------------------------------------------------------------------


@dataclass
class ExportFile:
    name: str
    content_type: str
    content: bytes


@dataclass
class Sheet:
    title: str
    data: tablib.Dataset
    wrap: tuple[str, ...] = ()  # headers of long-text columns (wrapped, wide)
    freeze: str = "A2"
    bands: str | None = None  # header whose value changes start a new shaded group


def _plan_rows(plan: WorkPlan) -> list[PlanRow]:
    rows: list[PlanRow] = []
    slug, year = plan.unit.slug, plan.year
    areas = list(plan.areas.prefetch_related("targets", "actions__parent").order_by("order"))
    for area in areas:
        common = {"unit": slug, "year": year, "area_code": area.code, "area_number": area.number}
        rows.append(
            PlanRow(
                **common,
                part=PART_AREA,
                order=area.order,
                label=area.letter,
                parent=None,
                text=area.name,
                intro=area.intro,
                weight=_number(area.lke_weight),
            )
        )
        for target in area.targets.all():
            rows.append(
                PlanRow(
                    **common,
                    part=PART_TARGET,
                    order=target.order,
                    label=target.label,
                    parent=None,
                    text=target.text,
                )
            )
        for action in area.actions.all():
            rows.append(
                PlanRow(
                    **common,
                    part=PART_ACTION,
                    order=action.order,
                    label=action.label,
                    parent=action.parent.order if action.parent_id else None,
                    text=action.text,
                )
            )
    return rows


def _components(plan: WorkPlan, *, pengungkit_only: bool = False) -> list[Component]:
    """The plan's components in the decree's order: areas in order, then Komponen Hasil."""
    queryset = Component.objects.filter(plan=plan).select_related("area", "plan__unit")
    if pengungkit_only:
        queryset = queryset.filter(kind=Component.Kind.PENGUNGKIT)
    components = list(queryset.prefetch_related("targets"))
    for c in components:
        c.plan = plan  # one plan object: hasil_number is computed once
    components.sort(key=lambda c: (c.area_id is None, c.area.order if c.area_id else 0, c.order))
    return components


def _progress_rows(plan: WorkPlan) -> list[ProgressEntry]:
    components = _components(plan, pengungkit_only=True)
    entries = {
        (e.component_id, e.month): e
        for e in ProgressEntry.objects.filter(component__plan=plan).select_related("updated_by")
    }
    rows = []
    for c in components:
        for month in range(1, 13):
            entry = entries.get((c.pk, month))
            if entry is None:
                entry = ProgressEntry(component=c, month=month, percent=None, version=0)
            else:
                entry.component = c
            rows.append(entry)
    return rows


def _status_rows(plan: WorkPlan) -> list[StatusRow]:
    actions = list(
        ActionItem.objects.filter(area__plan=plan)
        .select_related("area__plan__unit")
        .order_by("area__order", "order")
    )
    statuses = {
        (s.action_id, s.month): s
        for s in ActionItemStatus.objects.filter(action__area__plan=plan).select_related(
            "updated_by"
        )
    }
    evidence = {
        (e.action_id, e.month): e
        for e in Evidence.objects.filter(action__area__plan=plan).annotate(
            current_files=Count("versions__files", filter=Q(versions__number=F("current_version")))
        )
    }
    rows = []
    for action in actions:
        for month in range(1, 13):
            ev = evidence.get((action.pk, month))
            rows.append(
                StatusRow(
                    action=action,
                    month=month,
                    status=statuses.get((action.pk, month)),
                    evidence=ev,
                    files=ev.current_files if ev else 0,
                )
            )
    return rows


def _sheets(dataset: str, plan: WorkPlan) -> list[Sheet]:
    if dataset == Dataset.PLAN:
        data = PlanResource().export(queryset=_plan_rows(plan))
        return [Sheet("Rencana", data, wrap=(H_TEXT, H_INTRO), bands=H_AREA_CODE)]
    if dataset == Dataset.TARGETS:
        data = TargetMatrixResource().export(queryset=_components(plan))
        return [Sheet("Matriks Target", data, freeze="G2", bands=H_AREA_NO)]
    status = Sheet(
        "Status Rencana Aksi",
        ActionStatusResource().export(queryset=_status_rows(plan)),
        wrap=("Rencana Aksi", "Catatan"),
        freeze="H2",
    )
    if dataset == STATUS_DATASET:
        return [status]
    progress = Sheet(
        "Progres",
        ProgressResource().export(queryset=_progress_rows(plan)),
        wrap=(H_ACTIVITIES, H_OBSTACLES, H_FOLLOW_UP),
        freeze="H2",
        bands=H_COMPONENT,
    )
    return [progress, status]


def _cell_width(value: Any) -> int:
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook that opens cleanly in Excel and LibreOffice: bold frozen header row,
    column widths from the content, filters, wrapped long text, shaded area groups."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "ZI Portal"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E9ECEF")
    band_fill = PatternFill("solid", fgColor="F6F7F8")
    thin = Side(style="thin", color="ADB5BD")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        headers = list(sheet.data.headers or [])
        ws.append(headers)
        for row in sheet.data:
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.border = Border(bottom=thin)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        wrapped = {i for i, h in enumerate(headers, start=1) if h in sheet.wrap}
        for index, header in enumerate(headers, start=1):
            letter = get_column_letter(index)
            if index in wrapped:
                width = 60
            else:
                sample = [_cell_width(r[index - 1]) for r in sheet.data[:2000]]
                width = min(max([len(header) + 2, *(w + 2 for w in sample)]), 50)
            ws.column_dimensions[letter].width = max(width, 6)
        band_index = headers.index(sheet.bands) if sheet.bands in headers else None
        shaded, previous = False, object()
        for row_cells in ws.iter_rows(min_row=2):
            if band_index is not None:
                value = row_cells[band_index].value
                if value != previous:
                    shaded, previous = not shaded, value
            for cell in row_cells:
                cell.alignment = wrap if cell.column in wrapped else top
                if band_index is not None and shaded:
                    cell.fill = band_fill
        ws.freeze_panes = sheet.freeze
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        ws.sheet_view.zoomScale = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return value


def csv_bytes(data: tablib.Dataset) -> bytes:
    """RFC 4180 CSV (comma, CRLF, decimal point) in UTF-8 with a BOM, for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(data.headers or [])
    for row in data:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _require_manage(user: AbstractBaseUser, unit: Unit) -> None:
    if not rules.can_manage(user, unit):
        raise PermissionDenied("Hanya Sekretariat satuan kerja ini dan admin.")


def _plan_of(unit: Unit, year: int) -> WorkPlan:
    plan = WorkPlan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        raise ValidationError(f"{unit} belum memiliki rencana kerja tahun {year}.")
    return plan


def data_export(
    *, user: AbstractBaseUser, unit: Unit, year: int, dataset: str, fmt: str
) -> ExportFile:
    """A download of one dataset (rencana, target, progres, status) as XLSX or CSV.

    XLSX of progres holds two sheets (Progres, Status Rencana Aksi); CSV holds one table, so
    the status table is its own CSV.
    """
    _require_manage(user, unit)
    if dataset not in EXPORT_DATASETS or fmt not in FORMATS:
        raise ValidationError("Jenis data atau format tidak dikenal.")
    plan = _plan_of(unit, year)
    sheets = _sheets(dataset, plan)
    content = xlsx_bytes(sheets) if fmt == "xlsx" else csv_bytes(sheets[0].data)
    return ExportFile(
        name=f"{dataset}-{unit.slug}-{year}.{fmt}", content_type=CONTENT_TYPES[fmt], content=content
    )


def plan_export(*, user: AbstractBaseUser, unit: Unit, year: int, fmt: str) -> ExportFile:
    return data_export(user=user, unit=unit, year=year, dataset=Dataset.PLAN, fmt=fmt)


def targets_export(*, user: AbstractBaseUser, unit: Unit, year: int, fmt: str) -> ExportFile:
    return data_export(user=user, unit=unit, year=year, dataset=Dataset.TARGETS, fmt=fmt)


def progress_export(*, user: AbstractBaseUser, unit: Unit, year: int, fmt: str) -> ExportFile:
    return data_export(user=user, unit=unit, year=year, dataset=Dataset.PROGRESS, fmt=fmt)


# --- reading a file -----------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported (type, size, encoding, columns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    kind: str  # "xlsx" or "csv"
    headers: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)


def sniff_format(content: bytes) -> str:
    """ "xlsx" or "csv", by content (never by name); ImportFileError otherwise."""
    if not content or not content.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError("Berkas kosong: tidak ada data yang dapat diimpor.")
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                infos = package.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFileError(
                "Berkas ini bukan XLSX yang utuh (arsip ZIP rusak). Simpan ulang sebagai .xlsx."
            ) from None
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise ImportFileError(
                "Berkas ini arsip ZIP atau dokumen Office lain, bukan lembar kerja XLSX. "
                "Unggah berkas XLSX atau CSV."
            )
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
            raise ImportFileError("Isi berkas XLSX terlalu besar setelah diekstrak.")
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "Berkas Excel lama (.xls) atau berkas terenkripsi tidak didukung. "
            "Simpan sebagai .xlsx (tanpa kata sandi) atau CSV UTF-8."
        )
    guess = filetype.guess(content[:8192])
    if guess is not None:
        raise ImportFileError(
            f"Berkas ini berjenis {guess.extension.upper()}, bukan XLSX atau CSV. "
            "Unggah berkas XLSX atau CSV."
        )
    if b"\x00" in content:
        raise ImportFileError("Berkas ini bukan teks CSV maupun XLSX. Unggah berkas XLSX atau CSV.")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Berkas CSV harus berenkode UTF-8. Di Excel pilih “CSV UTF-8 (Comma delimited)”, "
            "atau unggah XLSX."
        ) from None
    return "csv"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _bounded_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows with their row numbers; a long blank stretch ends the table."""
    blank_streak = 0
    for number, values in enumerate(rows, start=1):
        cells = list(values)
        if len(cells) > MAX_COLUMNS:
            if not all(_blank(v) for v in cells[MAX_COLUMNS:]):
                raise ImportFileError(f"Berkas memiliki lebih dari {MAX_COLUMNS} kolom berisi.")
            cells = cells[:MAX_COLUMNS]
        if all(_blank(v) for v in cells):
            blank_streak += 1
            if blank_streak >= BLANK_STREAK_END:
                return
            continue
        blank_streak = 0
        yield number, cells


def _table(kind: str, rows: Iterable[Sequence[Any]], *, limit: int) -> Table:
    iterator = _bounded_rows(rows)
    first = next(iterator, None)
    if first is None:
        raise ImportFileError("Berkas kosong: tidak ada judul kolom maupun data.")
    header_row, headers = first
    data: list[tuple[int, list[Any]]] = []
    for number, cells in iterator:
        if len(data) >= limit:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(limit)} baris data; batas impor "
                f"{thousands(limit)} baris. Bagi berkas menjadi beberapa bagian."
            )
        data.append((number, cells))
    if not data:
        raise ImportFileError("Berkas hanya berisi judul kolom; tidak ada baris data.")
    return Table(kind=kind, headers=headers, header_row=header_row, rows=data)


def read_table(content: bytes, *, sheet: str | None = None) -> Table:
    """The first table of an XLSX (the named sheet when it exists) or CSV file."""
    kind = sniff_format(content)
    limit = max_rows()
    if kind == "csv":
        text = content.decode("utf-8").removeprefix("\ufeff")
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
        try:
            return _table("csv", csv.reader(io.StringIO(text), delimiter=delimiter), limit=limit)
        except csv.Error as error:
            raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {error}.") from None
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca (rusak atau dilindungi kata sandi)."
        ) from None
    try:
        if not book.worksheets:
            raise ImportFileError("Berkas XLSX tidak memiliki lembar kerja.")
        ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        try:
            return _table("xlsx", ws.iter_rows(values_only=True), limit=limit)
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(
                "Berkas XLSX tidak dapat dibaca (isi lembar kerja rusak)."
            ) from None
    finally:
        book.close()


# --- columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    readonly: bool = False  # exported for information; ignored on import

    def names(self) -> set[str]:
        return {_norm(self.header), *(_norm(a) for a in self.aliases)}


UNIT_COLUMNS = (
    Column("satker", H_UNIT, ("Satker", "Unit")),
    Column("tahun", H_YEAR, ("Year",)),
)
MONTH_COLUMNS = tuple(
    Column(f"m{m}", MONTH_ABBR[m - 1], (MONTH_NAMES[m - 1], *MONTH_ALIASES[m]), required=True)
    for m in range(1, 13)
)
TARGET_LAYOUT = (
    *UNIT_COLUMNS,
    Column("no_area", H_AREA_NO, readonly=True),
    Column("area", H_AREA, ("Area Perubahan", "Area Pembangunan"), required=True),
    Column("no", H_NO, ("No", "Nomor"), readonly=True),
    Column("komponen", H_COMPONENT, ("Nama Komponen",), required=True),
    *MONTH_COLUMNS,
)
PROGRESS_LAYOUT = (
    *UNIT_COLUMNS,
    Column("no_area", H_AREA_NO, readonly=True),
    Column("area", H_AREA, ("Area Perubahan",), required=True),
    Column("no", H_NO, ("No", "Nomor"), readonly=True),
    Column("komponen", H_COMPONENT, ("Nama Komponen",), required=True),
    Column("bulan", H_MONTH, ("Bulan (1-12)", "Bulan (1–12)"), required=True),
    Column("nama_bulan", H_MONTH_NAME, readonly=True),
    Column("target", H_TARGET, ("Target", "Target %"), readonly=True),
    Column("realisasi", H_PERCENT, ("Realisasi", "Realisasi %", "Capaian (%)"), required=True),
    Column("kegiatan", H_ACTIVITIES, ("Kegiatan yang Dilaksanakan",)),
    Column("kendala", H_OBSTACLES),
    Column("tindak_lanjut", H_FOLLOW_UP),
    Column("internal", H_INTERNAL, ("Internal",)),
    Column("diubah_oleh", H_UPDATED_BY, readonly=True),
    Column("diubah_pada", H_UPDATED_AT, readonly=True),
)
PLAN_LAYOUT = (
    *UNIT_COLUMNS,
    Column("bagian", H_PART, required=True),
    Column("kode_area", H_AREA_CODE, required=True),
    Column("no_area", H_AREA_NO),
    Column("urutan", H_ORDER, ("No. Urut",), required=True),
    Column("label", H_LABEL, required=True),
    Column("induk", H_PARENT),
    Column("teks", H_TEXT, required=True),
    Column("pengantar", H_INTRO),
    Column("bobot", H_WEIGHT),
)


class Bound:
    """A layout bound to a file's header row: which column holds which key."""

    def __init__(self, layout: Sequence[Column], table: Table) -> None:
        self.layout = {c.key: c for c in layout}
        self.index: dict[str, int] = {}
        self.written: dict[str, str] = {}
        self.errors: list[str] = []
        by_name = {name: c for c in layout for name in c.names()}
        unknown: list[str] = []
        blank_headers: list[int] = []
        for i, raw in enumerate(table.headers):
            text = unescape_formula(str(raw).strip()) if raw is not None else ""
            if not text:
                blank_headers.append(i)
                continue
            column = by_name.get(_norm(text))
            if column is None:
                unknown.append(f"“{text}” (kolom {get_column_letter(i + 1)})")
            elif column.key in self.index:
                first = get_column_letter(self.index[column.key] + 1)
                self.errors.append(
                    f"Kolom “{column.header}” muncul dua kali (kolom {first} dan "
                    f"{get_column_letter(i + 1)})."
                )
            else:
                self.index[column.key] = i
                self.written[column.key] = text
        if unknown:
            known = ", ".join(f"“{c.header}”" for c in layout)
            self.errors.append(
                f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenali: {known}."
            )
        missing = [c.header for c in layout if c.required and c.key not in self.index]
        if missing:
            self.errors.append(
                "Kolom wajib tidak ada: " + ", ".join(f"“{m}”" for m in missing) + "."
            )
        width = len(table.headers)
        for number, cells in table.rows:
            stray = [
                i
                for i, v in enumerate(cells)
                if (i >= width or i in blank_headers) and not _blank(v)
            ]
            if stray:
                self.errors.append(
                    f"Baris {number}: kolom {get_column_letter(stray[0] + 1)} berisi data "
                    "tetapi tidak memiliki judul kolom."
                )
                break

    def has(self, key: str) -> bool:
        return key in self.index

    def value(self, cells: list[Any], key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(cells):
            return None
        return cells[i]

    def where(self, key: str) -> str:
        i = self.index.get(key)
        name = self.written.get(key) or self.layout[key].header
        if i is None:
            return name
        return f"{get_column_letter(i + 1)} ({name})"


# --- import results -----------------------------------------------------------------------


@dataclass
class CellError:
    column: str
    message: str

    def __str__(self) -> str:
        return f"kolom {self.column}: {self.message}" if self.column else self.message


@dataclass
class RowResult:
    number: int
    label: str = ""
    action: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass
class ImportResult:
    dataset: str
    unit: Unit
    year: int
    file_name: str
    sha256: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    digest: str = ""
    stale: bool = False
    record: ImportRecord | None = None

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    def count(self, *actions: str) -> int:
        return sum(1 for r in self.rows if r.action in actions)

    @property
    def created(self) -> int:
        return self.count("baru")

    @property
    def updated(self) -> int:
        return self.count("diubah")

    @property
    def unchanged(self) -> int:
        return self.count("tetap", "dilewati")

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    @property
    def changed(self) -> bool:
        return self.created + self.updated > 0

    def messages(self) -> list[str]:
        """Every error as one line: the file's own, then "Baris N, kolom X (…): …"."""
        out = list(self.file_errors)
        for r in self.rows:
            out.extend(f"Baris {r.number}, {e}" for e in r.errors)
        return out


def _digest(rows: list[RowResult]) -> str:
    payload = [[r.number, r.action, r.changes] for r in rows]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


class _Row:
    """Reads and checks the cells of one data row, collecting errors with their column."""

    def __init__(self, bound: Bound, number: int, cells: list[Any]) -> None:
        self.bound = bound
        self.cells = cells
        self.result = RowResult(number=number)

    def error(self, key: str | None, message: str) -> None:
        self.result.errors.append(CellError(self.bound.where(key) if key else "", message))

    def raw(self, key: str) -> Any:
        return self.bound.value(self.cells, key)

    def text(self, key: str) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        return _clean_text(unescape_formula(str(value).strip()))

    def integer(self, key: str, *, label: str) -> int | None:
        value = self.raw(key)
        if isinstance(value, bool):
            self.error(key, f"{label} harus bilangan bulat.")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            self.error(key, f"{label} harus bilangan bulat, bukan {value}.")
            return None
        text = self.text(key)
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", ".") if text.count(",") == 1 else text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            self.error(key, f"{label} harus bilangan bulat, bukan “{text}”.")
            return None
        return int(number)

    def percent(self, key: str) -> Decimal | None:
        value = self.raw(key)
        if isinstance(value, bool):
            self.error(key, "Isi dengan angka 0–100, misalnya 75 atau 62,5.")
            return None
        text = str(value) if isinstance(value, int | float | Decimal) else self.text(key)
        if not text.strip():
            return None
        try:
            return PercentField().to_python(text)
        except forms.ValidationError as error:
            shown = text.strip()
            if error.code == "range":
                number = Decimal(shown.replace("%", "").strip().replace(",", "."))
                if number < 0:
                    message = f"Persentase tidak boleh negatif ({shown}); isi 0–100."
                else:
                    message = f"Persentase tidak boleh lebih dari 100 ({shown})."
            elif error.code == "precision":
                message = f"Paling banyak dua angka di belakang koma ({shown})."
            else:
                message = f"“{shown}” bukan angka; isi 0–100, misalnya 75 atau 62,5."
            self.error(key, message)
            return None

    def decimal(self, key: str, *, label: str) -> Decimal | None:
        value = self.raw(key)
        text = str(value) if isinstance(value, int | float | Decimal) else self.text(key)
        text = text.strip()
        if not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.error(key, f"{label} harus angka, bukan “{value}”.")
            return None
        if number < 0:
            self.error(key, f"{label} tidak boleh negatif.")
            return None
        if number != number.quantize(Decimal("0.01")) or number >= 1000:
            self.error(key, f"{label} paling banyak 999,99 dengan dua angka di belakang koma.")
            return None
        return number.quantize(Decimal("0.01"))

    def month(self, key: str) -> int | None:
        value = self.raw(key)
        if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
            wanted = _norm(value)
            for m in range(1, 13):
                names = {MONTH_ABBR[m - 1], MONTH_NAMES[m - 1], *MONTH_ALIASES[m]}
                if wanted in {_norm(n) for n in names}:
                    return m
            self.error(key, f"Bulan “{value.strip()}” tidak dikenal; isi angka 1–12.")
            return None
        errors = len(self.result.errors)
        month = self.integer(key, label="Bulan")
        if month is None:
            if len(self.result.errors) == errors:
                self.error(key, "Bulan wajib diisi (1–12).")
            return None
        if not 1 <= month <= 12:
            self.error(key, f"Bulan harus antara 1 dan 12, bukan {month}.")
            return None
        return month

    def boolean(self, key: str) -> bool:
        text = _norm(self.text(key))
        if text in {"", "tidak", "t", "n", "no", "false", "0", "bukan"}:
            return False
        if text in {"ya", "y", "yes", "true", "1", "internal"}:
            return True
        self.error(key, f"Isi “Ya” atau “Tidak”, bukan “{self.text(key)}”.")
        return False

    def unit_year(self, plan: WorkPlan) -> None:
        unit = plan.unit
        if self.bound.has("satker"):
            given = self.text("satker")
            if given and _norm(given) not in {
                _norm(unit.slug),
                _norm(unit.short_name),
                _norm(unit.name),
            }:
                self.error(
                    "satker",
                    f"Baris ini untuk satuan kerja “{given}”, sedangkan impor ini untuk "
                    f"{unit.short_name} ({unit.slug}). Hapus kolom “{H_UNIT}” bila memang "
                    "hendak memakai data ini untuk satuan kerja lain.",
                )
        if self.bound.has("tahun"):
            year = self.integer("tahun", label="Tahun")
            if year is not None and year != plan.year:
                self.error(
                    "tahun",
                    f"Baris ini untuk tahun {year}, sedangkan impor ini untuk tahun {plan.year}.",
                )


HASIL = object()  # the Komponen Hasil group in an area index


def _area_index(plan: WorkPlan) -> tuple[dict[str, Any], list[Area]]:
    areas = list(plan.areas.order_by("order"))
    index: dict[str, Any] = {}
    for a in areas:
        for key in (a.name, a.code, a.number, f"{a.number}. {a.name}", f"Area {a.number}"):
            index.setdefault(_norm(key), a)
    for key in (HASIL_NAME, "Hasil", hasil_number(plan)):
        index.setdefault(_norm(key), HASIL)
    return index, areas


def _find_area(row: _Row, index: dict[str, Any], areas: list[Area], *, hasil: bool) -> Any:
    given = row.text("area")
    if not given:
        row.error("area", "Area wajib diisi.")
        return None
    area = index.get(_norm(given))
    if area is None or (area is HASIL and not hasil):
        names = ", ".join(f"{a.number}. {a.name}" for a in areas)
        if hasil:
            names += f", {HASIL_NAME}"
        row.error("area", f"Area “{given}” tidak dikenal. Area rencana ini: {names}.")
        return None
    return area


def _find_component(
    row: _Row, area: Any, index: dict[tuple[int | None, str], Component], *, progress: bool
) -> Component | None:
    given = row.text("komponen")
    if not given:
        row.error("komponen", "Komponen wajib diisi.")
        return None
    area_id = None if area is HASIL else area.pk
    component = index.get((area_id, _norm(given)))
    where = HASIL_NAME if area is HASIL else f"area {area.number} ({area.name})"
    if component is None:
        row.error("komponen", f"Komponen “{given}” tidak ada di {where}.")
        return None
    if progress and component.area_id is None:
        row.error(
            "komponen",
            f"“{component.name}” adalah Komponen Hasil; progresnya tidak diisi. Hapus baris ini.",
        )
        return None
    return component


def _component_index(plan: WorkPlan) -> dict[tuple[int | None, str], Component]:
    components = Component.objects.filter(plan=plan).select_related("area")
    return {(c.area_id, _norm(c.name)): c for c in components}


def _model_errors(row: _Row, error: ValidationError, columns: dict[str, str]) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                row.error(columns.get(name), message)
    else:
        for message in error.messages:
            row.error(None, message)


# --- target matrix import -----------------------------------------------------------------


@dataclass
class _TargetOps:
    create: list[MonthlyTarget] = field(default_factory=list)
    update: list[MonthlyTarget] = field(default_factory=list)
    delete: list[MonthlyTarget] = field(default_factory=list)


def _targets_check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], _TargetOps]:
    area_index, areas = _area_index(plan)
    components = _component_index(plan)
    queryset = MonthlyTarget.objects.filter(component__plan=plan).order_by()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    cells = {(t.component_id, t.month): t for t in queryset}
    ops = _TargetOps()
    rows: list[RowResult] = []
    seen: dict[int, int] = {}
    for number, values in table.rows:
        row = _Row(bound, number, values)
        result = row.result
        rows.append(result)
        row.unit_year(plan)
        area = _find_area(row, area_index, areas, hasil=True)
        component = _find_component(row, area, components, progress=False) if area else None
        wanted = {m: row.percent(f"m{m}") for m in range(1, 13)}
        if component is not None:
            result.label = f"{_area_label(area)} · {component.name}"
            if component.pk in seen:
                row.error(
                    "komponen",
                    f"Baris ganda: komponen “{component.name}” sudah ada di baris "
                    f"{seen[component.pk]}.",
                )
            else:
                seen[component.pk] = number
        if result.errors or component is None:
            result.action = "galat"
            continue
        had_any = any((component.pk, m) in cells for m in range(1, 13))
        for m in range(1, 13):
            old = cells.get((component.pk, m))
            new = wanted[m]
            before = old.percent if old is not None else None
            if before == new:
                continue
            if old is None:
                target = MonthlyTarget(component=component, month=m, percent=new)
                ops.create.append(target)
            elif new is None:
                ops.delete.append(old)
                target = None
            else:
                old.percent = new
                ops.update.append(old)
                target = old
            if target is not None:
                try:
                    target.full_clean(
                        exclude=["component"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as error:
                    _model_errors(row, error, {"percent": f"m{m}"})
            result.changes.append(
                f"{MONTH_ABBR[m - 1]}: {percent_text(before)} → {percent_text(new)}"
            )
        if result.errors:
            result.action = "galat"
        elif not result.changes:
            result.action = "tetap"
        else:
            result.action = "diubah" if had_any else "baru"
    return rows, ops


def _area_label(area: Any) -> str:
    return HASIL_NAME if area is HASIL else area.number


def _targets_apply(ops: _TargetOps, user: AbstractBaseUser) -> None:
    for target in ops.delete:
        target._history_user = user
        target.delete()
    for target in ops.update:
        target._history_user = user
        target.save(update_fields=["percent"])
    for target in ops.create:
        target._history_user = user
        target.save()


# --- progress import ----------------------------------------------------------------------

PROGRESS_TEXT = {"kegiatan": "activities", "kendala": "obstacles", "tindak_lanjut": "follow_up"}
PROGRESS_FIELD_COLUMNS = {
    "percent": "realisasi",
    "month": "bulan",
    "activities": "kegiatan",
    "obstacles": "kendala",
    "follow_up": "tindak_lanjut",
    "is_internal": "internal",
}
PROGRESS_SAVED_FIELDS = [
    "percent",
    "activities",
    "obstacles",
    "follow_up",
    "is_internal",
    "version",
    "updated_by",
    "updated_at",
]


@dataclass
class _ProgressOps:
    create: list[ProgressEntry] = field(default_factory=list)
    update: list[ProgressEntry] = field(default_factory=list)


def _progress_check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], _ProgressOps]:
    area_index, areas = _area_index(plan)
    components = _component_index(plan)
    queryset = ProgressEntry.objects.filter(component__plan=plan).order_by()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    entries = {(e.component_id, e.month): e for e in queryset}
    month_refusal: dict[int, str | None] = {}
    ops = _ProgressOps()
    rows: list[RowResult] = []
    seen: dict[tuple[int, int], int] = {}
    texts = [key for key in PROGRESS_TEXT if bound.has(key)]
    for number, values in table.rows:
        row = _Row(bound, number, values)
        result = row.result
        rows.append(result)
        row.unit_year(plan)
        area = _find_area(row, area_index, areas, hasil=True)
        component = _find_component(row, area, components, progress=True) if area else None
        month = row.month("bulan")
        percent = row.percent("realisasi")
        new_text = {PROGRESS_TEXT[key]: row.text(key) for key in texts}
        internal = row.boolean("internal") if bound.has("internal") else None
        if component is not None and month is not None:
            result.label = f"{_area_label(area)} · {component.name} · {MONTH_NAMES[month - 1]}"
            key = (component.pk, month)
            if key in seen:
                row.error(
                    "bulan",
                    f"Baris ganda: komponen “{component.name}” bulan {MONTH_NAMES[month - 1]} "
                    f"sudah ada di baris {seen[key]}.",
                )
            else:
                seen[key] = number
        if result.errors or component is None or month is None:
            result.action = "galat"
            continue
        entry = entries.get((component.pk, month))
        if percent is None:
            if entry is not None:
                row.error(
                    "realisasi",
                    f"Realisasi kosong, padahal progres bulan ini sudah diisi "
                    f"({percent_text(entry.percent)}%). Impor tidak menghapus progres; "
                    "isi realisasinya.",
                )
            elif any(new_text.values()) or internal:
                row.error("realisasi", "Realisasi wajib diisi bila narasi diisi.")
            else:
                result.action = "dilewati"
                continue
            result.action = "galat"
            continue
        values_new: dict[str, Any] = {"percent": percent, **new_text}
        if internal is not None:
            values_new["is_internal"] = internal
        if entry is not None:
            changes = _entry_changes(entry, values_new)
            if not changes:
                result.action = "tetap"
                continue
        else:
            changes = _entry_changes(None, values_new)
        if month not in month_refusal:
            try:
                ensure_month_open(plan.unit, plan.year, month)
                month_refusal[month] = None
            except ValidationError as error:
                month_refusal[month] = " ".join(error.messages)
        if month_refusal[month]:
            row.error("bulan", month_refusal[month])
            result.action = "galat"
            continue
        if entry is None:
            target = ProgressEntry(component=component, month=month, version=0)
            ops.create.append(target)
            result.action = "baru"
        else:
            target = entry
            ops.update.append(target)
            result.action = "diubah"
        for name, value in values_new.items():
            setattr(target, name, value)
        target.version += 1
        try:
            target.full_clean(
                exclude=["component", "updated_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            _model_errors(row, error, PROGRESS_FIELD_COLUMNS)
            result.action = "galat"
        result.changes = changes
    return rows, ops


def _entry_changes(entry: ProgressEntry | None, values: dict[str, Any]) -> list[str]:
    labels = {
        "percent": "Realisasi",
        "activities": "Kegiatan",
        "obstacles": "Kendala",
        "follow_up": "Tindak lanjut",
        "is_internal": "Narasi internal",
    }
    changes = []
    for name, new in values.items():
        if name == "percent":
            show = percent_text
        elif name == "is_internal":
            show = lambda v: "Ya" if v else "Tidak"  # noqa: E731
        else:
            show = _short
        if entry is None:
            if new not in ("", False, None) or name == "percent":
                changes.append(f"{labels[name]}: {show(new)}")
            continue
        old = getattr(entry, name)
        same = _clean_text(old) == new if isinstance(old, str) else old == new
        if not same:
            changes.append(f"{labels[name]}: {show(old)} → {show(new)}")
    return changes


def _progress_apply(ops: _ProgressOps, user: AbstractBaseUser) -> None:
    now = timezone.now()
    for entry in (*ops.create, *ops.update):
        entry.updated_by = user
        entry.updated_at = now
        entry._history_user = user
    if ops.create:
        bulk_create_with_history(ops.create, ProgressEntry, batch_size=1000, default_user=user)
    if ops.update:
        update_rows(ProgressEntry, ops.update, PROGRESS_SAVED_FIELDS)
        ProgressEntry.history.bulk_history_create(
            ops.update, batch_size=1000, update=True, default_user=user
        )


def update_rows(
    model: type[Model], objs: Sequence[Model], names: Sequence[str], *, batch_size: int = 1000
) -> None:
    """Write the named fields of already validated objects, many rows per statement.

    On PostgreSQL one ``UPDATE … FROM (VALUES …)`` per batch: Django's bulk_update builds a
    CASE per field and row, which took 28 s for 10,000 progress rows. Elsewhere bulk_update.
    """
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, names, batch_size=100)
        return
    qn = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    columns = ", ".join(qn(f.column) for f in [pk, *fields])
    assignments = ", ".join(
        f"{qn(f.column)} = v.{qn(f.column)}::{f.db_type(connection)}" for f in fields
    )
    row = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            params: list[Any] = []
            for obj in batch:
                params.append(obj.pk)
                params.extend(
                    f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields
                )
            cursor.execute(
                f"UPDATE {qn(model._meta.db_table)} AS t SET {assignments} "  # noqa: S608
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({columns}) "
                f"WHERE t.{qn(pk.column)} = v.{qn(pk.column)}::{pk.db_type(connection)}",
                params,
            )


# --- plan import --------------------------------------------------------------------------

PARTS = {
    "area": PART_AREA,
    "area perubahan": PART_AREA,
    "target": PART_TARGET,
    "target area": PART_TARGET,
    "rencana aksi": PART_ACTION,
    "aksi": PART_ACTION,
}


@dataclass
class _PlanItem:
    row: _Row
    part: str
    area: Area
    order: int | None
    label: str
    parent: int | None
    text: str
    values: dict[str, Any]


@dataclass
class _PlanOps:
    areas: list[tuple[Area, list[str]]] = field(default_factory=list)
    targets: list[AreaTarget] = field(default_factory=list)
    actions: list[tuple[ActionItem, int | None]] = field(default_factory=list)


def _plan_check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], _PlanOps]:
    area_index, areas = _area_index(plan)
    area_qs = Area.objects.filter(plan=plan).order_by()
    target_qs = AreaTarget.objects.filter(area__plan=plan).order_by()
    action_qs = ActionItem.objects.filter(area__plan=plan).order_by()
    if lock:
        area_qs, target_qs, action_qs = (
            qs.select_for_update(of=("self",)) for qs in (area_qs, target_qs, action_qs)
        )
    areas_by_pk = {a.pk: a for a in area_qs}
    targets = {(t.area_id, t.order): t for t in target_qs}
    actions = {(a.area_id, a.order): a for a in action_qs}
    parent_order = {a.pk: a.order for a in actions.values()}
    rows: list[RowResult] = []
    items: list[_PlanItem] = []
    seen: dict[tuple[str, int, int | None], int] = {}
    for number, values in table.rows:
        row = _Row(bound, number, values)
        rows.append(row.result)
        row.unit_year(plan)
        part = PARTS.get(_norm(row.text("bagian")))
        if part is None:
            row.error(
                "bagian",
                f"Bagian “{row.text('bagian')}” tidak dikenal; isi {PART_AREA}, {PART_TARGET} "
                f"atau {PART_ACTION}.",
            )
        code = row.text("kode_area")
        area = area_index.get(_norm(code)) if code else None
        if area is None or area is HASIL:
            codes = ", ".join(a.code for a in areas)
            row.error(
                "kode_area",
                f"Area “{code}” tidak dikenal. Kode area rencana ini: {codes}."
                if code
                else "Kode Area wajib diisi.",
            )
            area = None
        else:
            area = areas_by_pk[area.pk]
        errors = len(row.result.errors)
        order = row.integer("urutan", label="Urutan")
        if part in (PART_TARGET, PART_ACTION):
            if order is None and len(row.result.errors) == errors:
                row.error("urutan", "Urutan wajib diisi.")
            elif order is not None and not 1 <= order <= 32767:
                row.error("urutan", f"Urutan harus antara 1 dan 32767, bukan {order}.")
                order = None
        label, text = row.text("label"), row.text("teks")
        if not text:
            row.error("teks", "Teks wajib diisi.")
        if part in (PART_TARGET, PART_ACTION) and not label:
            row.error("label", "Label wajib diisi (misalnya a. atau 1.).")
        parent = row.integer("induk", label="Induk") if bound.has("induk") else None
        if parent is not None and part != PART_ACTION:
            row.error("induk", "Induk hanya untuk baris Rencana Aksi.")
        intro = row.text("pengantar") if bound.has("pengantar") else ""
        weight = row.decimal("bobot", label="Bobot LKE") if bound.has("bobot") else None
        if part != PART_AREA:
            if intro:
                row.error("pengantar", "Pengantar hanya untuk baris Area.")
            if weight is not None:
                row.error("bobot", "Bobot LKE hanya untuk baris Area.")
        if part and area is not None:
            row.result.label = f"{part} {area.number}" + (f" {label}" if part != PART_AREA else "")
            key = (part, area.pk, order if part != PART_AREA else None)
            if key in seen:
                row.error(
                    "urutan" if part != PART_AREA else "kode_area",
                    f"Baris ganda: {part.lower()} ini sudah ada di baris {seen[key]}.",
                )
            elif part == PART_AREA or order is not None:
                seen[key] = number
        if row.result.errors or part is None or area is None:
            row.result.action = "galat"
            continue
        item_values: dict[str, Any] = {}
        if part == PART_AREA:
            item_values = {"letter": label, "name": text}
            if bound.has("no_area") and row.text("no_area"):
                item_values["number"] = row.text("no_area")
            if bound.has("pengantar"):
                item_values["intro"] = intro
            if bound.has("bobot"):
                item_values["lke_weight"] = weight
        else:
            item_values = {"label": label, "text": text}
        items.append(_PlanItem(row, part, area, order, label, parent, text, item_values))

    file_actions = {(i.area.pk, i.order) for i in items if i.part == PART_ACTION}
    db_actions = set(actions)
    ops = _PlanOps()
    for item in items:
        row, result = item.row, item.row.result
        if item.part == PART_ACTION and item.parent is not None:
            if item.parent >= (item.order or 0):
                row.error(
                    "induk", f"Induk ({item.parent}) harus urutan sebelum baris ini ({item.order})."
                )
            elif (item.area.pk, item.parent) not in file_actions | db_actions:
                row.error(
                    "induk",
                    f"Induk {item.parent}: tidak ada rencana aksi dengan urutan itu di area "
                    f"{item.area.number}.",
                )
        if result.errors:
            result.action = "galat"
            continue
        obj: Any
        if item.part == PART_AREA:
            obj = item.area
            existing = True
        elif item.part == PART_TARGET:
            obj = targets.get((item.area.pk, item.order))
            existing = obj is not None
            if obj is None:
                obj = AreaTarget(area=item.area, order=item.order)
        else:
            obj = actions.get((item.area.pk, item.order))
            existing = obj is not None
            if obj is None:
                obj = ActionItem(area=item.area, order=item.order)
        changed = []
        for name, new in item.values.items():
            old = getattr(obj, name)
            same = _clean_text(old) == new if isinstance(old, str) else old == new
            if not existing or not same:
                changed.append(name)
                if existing:
                    shown_old = _short(old) if isinstance(old, str) else percent_text(old)
                    shown_new = _short(new) if isinstance(new, str) else percent_text(new)
                    result.changes.append(f"{_PLAN_LABELS[name]}: {shown_old} → {shown_new}")
                else:
                    result.changes.append(f"{_PLAN_LABELS[name]}: {_short(new)}")
                setattr(obj, name, new)
        if item.part == PART_ACTION:
            old_parent = parent_order.get(obj.parent_id) if existing and obj.parent_id else None
            if old_parent != item.parent:
                shown = lambda v: str(v) if v else "(tidak ada)"  # noqa: E731
                result.changes.append(
                    f"Induk: {shown(old_parent)} → {shown(item.parent)}"
                    if existing
                    else f"Induk: {shown(item.parent)}"
                )
                changed.append("parent")
        if not changed:
            result.action = "tetap"
            continue
        result.action = "diubah" if existing else "baru"
        try:
            obj.full_clean(
                exclude=["area", "parent", "plan"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            _model_errors(row, error, _PLAN_COLUMNS)
            result.action = "galat"
            continue
        if item.part == PART_AREA:
            ops.areas.append((obj, [n for n in changed if n != "parent"]))
        elif item.part == PART_TARGET:
            ops.targets.append(obj)
        else:
            ops.actions.append((obj, item.parent if "parent" in changed else -1))
    return rows, ops


_PLAN_LABELS = {
    "letter": "Huruf",
    "name": "Nama",
    "number": "No. area",
    "intro": "Pengantar",
    "lke_weight": "Bobot LKE",
    "label": "Label",
    "text": "Teks",
}
_PLAN_COLUMNS = {
    "letter": "label",
    "name": "teks",
    "number": "no_area",
    "intro": "pengantar",
    "lke_weight": "bobot",
    "label": "label",
    "text": "teks",
    "order": "urutan",
}


def _plan_apply(ops: _PlanOps, user: AbstractBaseUser) -> None:
    for area, names in ops.areas:
        area._history_user = user
        area.save(update_fields=names)
    for target in ops.targets:
        target._history_user = user
        target.save()
    # Parents first: an action's parent has a lower order (checked), so sort by order.
    ops.actions.sort(key=lambda pair: (pair[0].area_id, pair[0].order))
    for action, parent in ops.actions:
        if parent != -1:
            action.parent = (
                ActionItem.objects.get(area_id=action.area_id, order=parent) if parent else None
            )
        action._history_user = user
        action.save()


# --- running an import --------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    dataset: str
    layout: tuple[Column, ...]
    sheet: str
    check: Callable[..., tuple[list[RowResult], Any]]
    apply: Callable[[Any, AbstractBaseUser], None]


SPECS = {
    Dataset.PLAN.value: _Spec(Dataset.PLAN, PLAN_LAYOUT, "Rencana", _plan_check, _plan_apply),
    Dataset.TARGETS.value: _Spec(
        Dataset.TARGETS, TARGET_LAYOUT, "Matriks Target", _targets_check, _targets_apply
    ),
    Dataset.PROGRESS.value: _Spec(
        Dataset.PROGRESS, PROGRESS_LAYOUT, "Progres", _progress_check, _progress_apply
    ),
}
STALE_MESSAGE = (
    "Data di portal berubah sejak pratinjau dibuat; tidak ada yang disimpan. "
    "Periksa pratinjau yang baru, lalu konfirmasi lagi."
)


def data_import(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    year: int,
    dataset: str,
    content: bytes,
    file_name: str,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check a file row by row and, unless ``dry_run``, write every row or none.

    With ``expected_digest`` (the digest of the preview the user confirmed) nothing is
    written when the outcome differs from that preview: the data changed meanwhile.
    """
    _require_manage(user, unit)
    spec = SPECS.get(dataset)
    if spec is None:
        raise ValidationError("Jenis data tidak dapat diimpor.")
    result = ImportResult(
        dataset=spec.dataset,
        unit=unit,
        year=year,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    try:
        table = read_table(content, sheet=spec.sheet)
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return result
    bound = Bound(spec.layout, table)
    if bound.errors:
        result.file_errors.extend(bound.errors)
        for other in SPECS.values():
            if other is not spec and not Bound(other.layout, table).errors:
                label = Dataset(other.dataset).label.lower()
                result.file_errors.append(
                    f"Kolom berkas ini cocok dengan data {label}: pilih jenis data itu saat "
                    "mengunggah."
                )
        return result
    plan = WorkPlan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        result.file_errors.append(f"{unit} belum memiliki rencana kerja tahun {year}.")
        return result
    if dry_run:
        result.rows, _ops = spec.check(plan, table, bound, lock=False)
        result.digest = _digest(result.rows)
        return result
    try:
        with transaction.atomic():
            # One import per plan at a time: a second one waits here, then sees the first's rows.
            WorkPlan.objects.select_for_update(of=("self",)).filter(pk=plan.pk).order_by().first()
            result.rows, ops = spec.check(plan, table, bound, lock=True)
            result.digest = _digest(result.rows)
            if not result.ok:
                return result
            if expected_digest and expected_digest != result.digest:
                result.stale = True
                result.file_errors.append(STALE_MESSAGE)
                return result
            spec.apply(ops, user)
            result.record = ImportRecord.objects.create(
                unit=unit,
                year=year,
                dataset=spec.dataset,
                file_name=result.file_name,
                sha256=result.sha256,
                rows_total=len(result.rows),
                rows_created=result.created,
                rows_updated=result.updated,
                rows_unchanged=result.unchanged,
                imported_by=user,
            )
    except IntegrityError:
        result.record = None
        result.file_errors.append(
            "Data diubah pengguna lain selama impor; tidak ada yang disimpan. Ulangi impor."
        )
    return result


def plan_import(**kwargs: Any) -> ImportResult:
    return data_import(dataset=Dataset.PLAN, **kwargs)


def targets_import(**kwargs: Any) -> ImportResult:
    return data_import(dataset=Dataset.TARGETS, **kwargs)


def progress_import(**kwargs: Any) -> ImportResult:
    return data_import(dataset=Dataset.PROGRESS, **kwargs)


# --- the uploaded file between preview and confirmation -----------------------------------


def stash_upload(content: bytes) -> str:
    """Keep an uploaded file in the private storage; returns its storage name."""
    return default_storage.save(f"{STASH_DIR}/{uuid.uuid4().hex}", ContentFile(content))


def read_stash(name: str, sha256: str) -> bytes | None:
    """The kept file, or None when it is gone or no longer has the recorded SHA-256."""
    if not name.startswith(f"{STASH_DIR}/") or ".." in name:
        return None
    try:
        with default_storage.open(name, "rb") as fh:
            content = fh.read()
    except (FileNotFoundError, OSError):
        return None
    if hashlib.sha256(content).hexdigest() != sha256:
        return None
    return content


def discard_stash(name: str) -> None:
    if name.startswith(f"{STASH_DIR}/") and ".." not in name:
        default_storage.delete(name)


def purge_stale_stashes(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete kept uploads whose preview was never confirmed or cancelled."""
    try:
        _dirs, names = default_storage.listdir(STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    limit = timezone.now() - older_than
    removed = 0
    for name in names:
        path = f"{STASH_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return removed


# --- copying a plan -----------------------------------------------------------------------


@dataclass
class CopyOutcome:
    copied: list[Unit] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def plan_copy_to_year(
    *, user: AbstractBaseUser, unit: Unit, source_year: int, year: int
) -> WorkPlan:
    """Copy the unit's plan of ``source_year`` (areas, action items, components, targets;
    no progress, no evidence) to a new year of the same unit."""
    _require_manage(user, unit)
    source = _plan_of(unit, source_year)
    if year == source_year:
        raise ValidationError({"year": "Tahun tujuan harus berbeda dari tahun sumber."})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Tahun harus antara 2000 dan 2100."})
    try:
        return plan_copy(source=source, unit=unit, year=year)
    except ValueError as error:
        raise ValidationError({"year": str(error)}) from None


def plan_copy_to_units(
    *, user: AbstractBaseUser, unit: Unit, year: int, targets: Sequence[Unit]
) -> CopyOutcome:
    """Copy the unit's plan of ``year`` to its kab/kota units. Each copy is its own
    transaction: a unit that already has a plan that year is refused with plan_copy's
    message, the others are copied."""
    _require_manage(user, unit)
    source = _plan_of(unit, year)
    for target in targets:
        if target.parent_id != unit.pk:
            raise PermissionDenied(f"{target} bukan satuan kerja di bawah {unit}.")
    outcome = CopyOutcome()
    for target in targets:
        try:
            plan_copy(source=source, unit=target, year=year)
        except ValueError as error:
            outcome.refused.append(str(error))
        else:
            outcome.copied.append(target)
    return outcome
