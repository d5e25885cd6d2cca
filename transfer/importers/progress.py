"""Importing monthly progress: one row per component and month.

parse (the row's cells) → resolve (its area, component and month) → diff (what changes in
that month's entry, refused when the month is locked or has not begun) → apply. An import
never deletes progress: an emptied realisation is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from areas.models import Component, WorkPlan
from periods.services import ensure_month_open
from targets.models import ProgressEntry

from ..cells import month_full_name, same_value, shown_number, shown_text, yes_no
from ..choices import RowAction
from ..lookups import ComponentRows, area_label, by_component_month
from ..reading import Table
from ..results import RowResult
from ..rows import Bound, FirstRows, RowReader, readers
from .bulk import update_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

TEXT_FIELDS = {"kegiatan": "activities", "kendala": "obstacles", "tindak_lanjut": "follow_up"}
FIELD_COLUMNS = {
    "percent": "realisasi",
    "month": "bulan",
    **{name: key for key, name in TEXT_FIELDS.items()},
    "is_internal": "internal",
}
CHANGE_LABELS = {
    "percent": "Realisasi",
    "activities": "Kegiatan",
    "obstacles": "Kendala",
    "follow_up": "Tindak lanjut",
    "is_internal": "Narasi internal",
}
SAVED_FIELDS = [
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
class ProgressOps:
    create: list[ProgressEntry] = field(default_factory=list)
    update: list[ProgressEntry] = field(default_factory=list)


class MonthGate:
    """Whether the plan's months may be changed (not locked, begun), asked once a month."""

    def __init__(self, plan: WorkPlan) -> None:
        self.plan = plan
        self.refusals: dict[int, str | None] = {}

    def refusal(self, month: int) -> str | None:
        if month not in self.refusals:
            try:
                ensure_month_open(self.plan.unit, self.plan.year, month)
                self.refusals[month] = None
            except ValidationError as error:
                self.refusals[month] = " ".join(error.messages)
        return self.refusals[month]


def parse(row: RowReader) -> tuple[dict[str, Any], dict[str, Any]]:
    """The row's cells as values, and the entry's fields the file gives (in the file's
    terms: the texts and the internal flag only when the file has their columns)."""
    values = row.read()
    wanted = {"percent": values["realisasi"]}
    wanted.update({name: values[key] for key, name in TEXT_FIELDS.items() if key in values})
    if "internal" in values:
        wanted["is_internal"] = values["internal"]
    return values, wanted


def resolve(row: RowReader, values: dict[str, Any], names: ComponentRows) -> Component | None:
    area, component = names.resolve(row, values)
    row.order_errors()  # the cells' errors in column order
    month = values["bulan"]
    if component is not None and month is not None:
        row.result.label = f"{area_label(area)} · {component.name} · {month_full_name(month)}"
    return component


def changes(entry: ProgressEntry | None, wanted: dict[str, Any]) -> list[str]:
    """The preview's lines: every field the file sets (a new entry) or changes."""
    lines = []
    for name, new in wanted.items():
        show = _shown(name)
        if entry is None:
            if new not in ("", False, None) or name == "percent":
                lines.append(f"{CHANGE_LABELS[name]}: {show(new)}")
            continue
        old = getattr(entry, name)
        if not same_value(old, new):
            lines.append(f"{CHANGE_LABELS[name]}: {show(old)} → {show(new)}")
    return lines


def _shown(name: str) -> Any:
    if name == "percent":
        return shown_number
    return yes_no if name == "is_internal" else shown_text


def _without_percent(row: RowReader, entry: ProgressEntry | None, wanted: dict[str, Any]) -> None:
    """A row without a realisation: skipped when it is empty, an error otherwise."""
    if entry is not None:
        row.error(
            "realisasi",
            f"Realisasi kosong, padahal progres bulan ini sudah diisi "
            f"({shown_number(entry.percent)}%). Impor tidak menghapus progres; "
            "isi realisasinya.",
        )
    elif any(wanted.get(name) for name in TEXT_FIELDS.values()) or wanted.get("is_internal"):
        row.error("realisasi", "Realisasi wajib diisi bila narasi diisi.")
    else:
        row.result.action = RowAction.DILEWATI
        return
    row.result.action = RowAction.GALAT


def diff(
    row: RowReader,
    component: Component,
    month: int,
    entry: ProgressEntry | None,
    wanted: dict[str, Any],
    gate: MonthGate,
    ops: ProgressOps,
) -> None:
    """What the row changes in the month's entry, or why it may not."""
    result = row.result
    if wanted["percent"] is None:
        _without_percent(row, entry, wanted)
        return
    lines = changes(entry, wanted)
    if entry is not None and not lines:
        result.action = RowAction.TETAP
        return
    refusal = gate.refusal(month)
    if refusal:
        row.error("bulan", refusal)
        result.action = RowAction.GALAT
        return
    if entry is None:
        entry = ProgressEntry(component=component, month=month, version=0)
        ops.create.append(entry)
        result.action = RowAction.BARU
    else:
        ops.update.append(entry)
        result.action = RowAction.DIUBAH
    for name, value in wanted.items():
        setattr(entry, name, value)
    entry.version += 1
    try:
        entry.full_clean(
            exclude=["component", "updated_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        row.model_errors(error, FIELD_COLUMNS)
        result.action = RowAction.GALAT
    result.changes = lines


def check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], ProgressOps]:
    names, gate = ComponentRows(plan, progress=True), MonthGate(plan)
    entries = by_component_month(ProgressEntry, plan, lock=lock)
    ops, rows, first = ProgressOps(), [], FirstRows()
    for row in readers(table, bound, rows):
        values, wanted = parse(row)
        component = resolve(row, values, names)
        month = values["bulan"]
        if component is None or month is None:
            row.result.action = RowAction.GALAT
            continue
        what = f"komponen “{component.name}” bulan {month_full_name(month)}"
        first.check(row, (component.pk, month), "bulan", what)
        if row.result.errors:
            row.result.action = RowAction.GALAT
            continue
        diff(row, component, month, entries.get((component.pk, month)), wanted, gate, ops)
    return rows, ops


def apply(ops: ProgressOps, user: AbstractBaseUser) -> None:
    now = timezone.now()
    for entry in (*ops.create, *ops.update):
        entry.updated_by = user
        entry.updated_at = now
        entry._history_user = user
    if ops.create:
        bulk_create_with_history(ops.create, ProgressEntry, batch_size=1000, default_user=user)
    if ops.update:
        update_rows(ProgressEntry, ops.update, SAVED_FIELDS)
        ProgressEntry.history.bulk_history_create(
            ops.update, batch_size=1000, update=True, default_user=user
        )
