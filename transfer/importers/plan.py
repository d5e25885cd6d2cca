"""Importing the plan: its areas, their targets and their (nested) action items.

parse (the row's cells, and the rules of its part) → resolve (its area) → diff (what
changes in the area, target or action item; a parent must come before its child) → apply.
An import adds and changes rows; it never deletes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from areas.models import ActionItem, Area, AreaTarget, WorkPlan

from ..cells import norm, same_value, shown_text, shown_value
from ..choices import RowAction
from ..layouts import PART_ACTION, PART_AREA, PART_TARGET, PARTS
from ..lookups import HASIL, AreaIndex, check_unit_year, for_update
from ..reading import Table
from ..results import RowResult
from ..rows import Bound, FirstRows, RowReader, readers

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# The order a row's errors are listed in (the text before its label).
ERROR_ORDER = (
    *("satuan_kerja", "tahun", "bagian", "kode_area", "no_area", "urutan"),
    *("teks", "label", "induk", "pengantar", "bobot"),
)
CHANGE_LABELS = {
    "letter": "Huruf",
    "name": "Nama",
    "number": "No. area",
    "intro": "Pengantar",
    "lke_weight": "Bobot LKE",
    "label": "Label",
    "text": "Teks",
}
FIELD_COLUMNS = {
    "letter": "label",
    "name": "teks",
    "number": "no_area",
    "intro": "pengantar",
    "lke_weight": "bobot",
    "label": "label",
    "text": "teks",
    "order": "urutan",
}
NUMBERED = (PART_TARGET, PART_ACTION)  # the parts whose rows have an order (Urutan)


@dataclass
class PlanCells:
    """One row's cells as values (None where blank or wrong)."""

    values: dict[str, Any]
    part: str | None
    order: int | None
    label: str
    parent: int | None
    text: str


@dataclass
class PlanItem:
    row: RowReader
    part: str
    area: Area
    order: int | None
    parent: int | None
    values: dict[str, Any]  # model field → the file's value


@dataclass
class PlanOps:
    areas: list[tuple[Area, list[str]]] = field(default_factory=list)
    targets: list[AreaTarget] = field(default_factory=list)
    actions: list[tuple[ActionItem, int | None]] = field(default_factory=list)


class PlanNow:
    """The plan's areas, targets and action items as they are in the database."""

    def __init__(self, plan: WorkPlan, *, lock: bool) -> None:
        self.areas = {a.pk: a for a in for_update(Area.objects.filter(plan=plan).order_by(), lock)}
        targets = for_update(AreaTarget.objects.filter(area__plan=plan).order_by(), lock)
        self.targets = {(t.area_id, t.order): t for t in targets}
        actions = for_update(ActionItem.objects.filter(area__plan=plan).order_by(), lock)
        self.actions = {(a.area_id, a.order): a for a in actions}
        self.parent_order = {a.pk: a.order for a in self.actions.values()}

    def find(self, item: PlanItem) -> tuple[Any, bool]:
        """The row the item changes, or a new one; and whether it exists."""
        if item.part == PART_AREA:
            return item.area, True
        rows = self.targets if item.part == PART_TARGET else self.actions
        found = rows.get((item.area.pk, item.order))
        if found is not None:
            return found, True
        model = AreaTarget if item.part == PART_TARGET else ActionItem
        return model(area=item.area, order=item.order), False


def parse(row: RowReader) -> PlanCells:
    values = row.read()
    part = PARTS.get(norm(values["bagian"]))
    if part is None:
        row.error(
            "bagian",
            f"Bagian “{values['bagian']}” tidak dikenal; isi {PART_AREA}, {PART_TARGET} "
            f"atau {PART_ACTION}.",
        )
    cells = PlanCells(
        values, part, values["urutan"], values["label"], values.get("induk"), values["teks"]
    )
    _part_rules(row, cells)
    return cells


def _part_rules(row: RowReader, cells: PlanCells) -> None:
    """What a row of its part needs, and the columns only an area or action item has."""
    part = cells.part
    if part in NUMBERED:
        if cells.order is None and "urutan" not in row.failed:
            row.error("urutan", "Urutan wajib diisi.")
        elif cells.order is not None and not 1 <= cells.order <= 32767:
            row.error("urutan", f"Urutan harus antara 1 dan 32767, bukan {cells.order}.")
            cells.order = None
    if not cells.text:
        row.error("teks", "Teks wajib diisi.")
    if part in NUMBERED and not cells.label:
        row.error("label", "Label wajib diisi (misalnya a. atau 1.).")
    if cells.parent is not None and part != PART_ACTION:
        row.error("induk", "Induk hanya untuk baris Rencana Aksi.")
    if part != PART_AREA:
        if cells.values.get("pengantar"):
            row.error("pengantar", "Pengantar hanya untuk baris Area.")
        if cells.values.get("bobot") is not None:
            row.error("bobot", "Bobot LKE hanya untuk baris Area.")


def resolve(
    row: RowReader, cells: PlanCells, plan: WorkPlan, index: AreaIndex, now: PlanNow
) -> Area | None:
    check_unit_year(row, cells.values, plan)
    code = cells.values["kode_area"]
    named = index.get(code) if code else None
    area = now.areas[named.pk] if named is not None and named is not HASIL else None
    if area is None:
        codes = ", ".join(a.code for a in index.areas)
        row.error(
            "kode_area",
            f"Area “{code}” tidak dikenal. Kode area rencana ini: {codes}."
            if code
            else "Kode Area wajib diisi.",
        )
    row.order_errors(ERROR_ORDER)  # the cells' errors in the order of the checks
    return area


def _item(row: RowReader, cells: PlanCells, area: Area | None, first: FirstRows) -> PlanItem | None:
    """The row as an item to compare, once it is free of errors and no repeat of another."""
    part, order = cells.part, cells.order
    if part == PART_AREA and area is not None:
        row.result.label = f"{part} {area.number}"
        first.check(row, (part, area.pk), "kode_area", f"{part.lower()} ini")
    elif part and area is not None:
        row.result.label = f"{part} {area.number} {cells.label}"
        if order is not None:
            first.check(row, (part, area.pk, order), "urutan", f"{part.lower()} ini")
    if row.result.errors or part is None or area is None:
        row.result.action = RowAction.GALAT
        return None
    if part != PART_AREA:
        values = {"label": cells.label, "text": cells.text}
        return PlanItem(row, part, area, order, cells.parent, values)
    values = {"letter": cells.label, "name": cells.text}
    if cells.values.get("no_area"):
        values["number"] = cells.values["no_area"]
    if "pengantar" in cells.values:
        values["intro"] = cells.values["pengantar"]
    if "bobot" in cells.values:
        values["lke_weight"] = cells.values["bobot"]
    return PlanItem(row, part, area, order, cells.parent, values)


def _check_parent(item: PlanItem, actions: set[tuple[int, int | None]]) -> None:
    """An action item's parent comes before it, in the file or in the database."""
    if item.part != PART_ACTION or item.parent is None:
        return
    if item.parent >= (item.order or 0):
        item.row.error(
            "induk", f"Induk ({item.parent}) harus urutan sebelum baris ini ({item.order})."
        )
    elif (item.area.pk, item.parent) not in actions:
        item.row.error(
            "induk",
            f"Induk {item.parent}: tidak ada rencana aksi dengan urutan itu di area "
            f"{item.area.number}.",
        )


def _changed_fields(item: PlanItem, obj: Any, existing: bool, now: PlanNow) -> list[str]:
    """Set the file's values on ``obj``; the names that change, each with a preview line."""
    changes = item.row.result.changes
    changed = []
    for name, new in item.values.items():
        old = getattr(obj, name)
        if existing and same_value(old, new):
            continue
        changed.append(name)
        if existing:
            changes.append(f"{CHANGE_LABELS[name]}: {shown_value(old)} → {shown_value(new)}")
        else:
            changes.append(f"{CHANGE_LABELS[name]}: {shown_text(new)}")
        setattr(obj, name, new)
    if item.part == PART_ACTION:
        old_parent = now.parent_order.get(obj.parent_id) if existing and obj.parent_id else None
        if old_parent != item.parent:
            old_text, new_text = (str(v) if v else "(tidak ada)" for v in (old_parent, item.parent))
            changes.append(f"Induk: {old_text} → {new_text}" if existing else f"Induk: {new_text}")
            changed.append("parent")
    return changed


def diff(item: PlanItem, now: PlanNow, ops: PlanOps) -> None:
    """What the row changes in its area, target or action item."""
    result = item.row.result
    obj, existing = now.find(item)
    changed = _changed_fields(item, obj, existing, now)
    if not changed:
        result.action = RowAction.TETAP
        return
    result.action = RowAction.DIUBAH if existing else RowAction.BARU
    try:
        obj.full_clean(
            exclude=["area", "parent", "plan"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        item.row.model_errors(error, FIELD_COLUMNS)
        result.action = RowAction.GALAT
        return
    if item.part == PART_AREA:
        ops.areas.append((obj, [n for n in changed if n != "parent"]))
    elif item.part == PART_TARGET:
        ops.targets.append(obj)
    else:
        ops.actions.append((obj, item.parent if "parent" in changed else -1))


def check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], PlanOps]:
    index, now = AreaIndex(plan), PlanNow(plan, lock=lock)
    rows: list[RowResult] = []
    items: list[PlanItem] = []
    first = FirstRows()
    for row in readers(table, bound, rows):
        cells = parse(row)
        area = resolve(row, cells, plan, index, now)
        item = _item(row, cells, area, first)
        if item is not None:
            items.append(item)
    actions = {(i.area.pk, i.order) for i in items if i.part == PART_ACTION} | set(now.actions)
    ops = PlanOps()
    for item in items:
        _check_parent(item, actions)
        if item.row.result.errors:
            item.row.result.action = RowAction.GALAT
            continue
        diff(item, now, ops)
    return rows, ops


def apply(ops: PlanOps, user: AbstractBaseUser) -> None:
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
