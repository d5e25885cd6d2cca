"""Importing the monthly target matrix: one row per component, Jan … Des.

parse (the row's cells) → resolve (its area and component) → diff (the months that change)
→ apply. An emptied month deletes that month's target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from areas.models import Component, MonthlyTarget, WorkPlan
from common.formatting import MONTH_ABBR

from ..cells import shown_number
from ..choices import RowAction
from ..layouts import MONTH_KEYS
from ..lookups import ComponentRows, area_label, by_component_month
from ..reading import Table
from ..results import RowResult
from ..rows import Bound, FirstRows, RowReader, readers

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class TargetOps:
    create: list[MonthlyTarget] = field(default_factory=list)
    update: list[MonthlyTarget] = field(default_factory=list)
    delete: list[MonthlyTarget] = field(default_factory=list)


def parse(row: RowReader) -> tuple[dict[str, Any], dict[int, Decimal | None]]:
    """The row's cells as values, and its twelve months' percents."""
    values = row.read()
    return values, {m: values[key] for m, key in MONTH_KEYS.items()}


def resolve(row: RowReader, values: dict[str, Any], names: ComponentRows) -> Component | None:
    area, component = names.resolve(row, values)
    row.order_errors()  # the cells' errors in column order
    if component is not None:
        row.result.label = f"{area_label(area)} · {component.name}"
    return component


def diff(
    row: RowReader,
    component: Component,
    wanted: dict[int, Decimal | None],
    cells: dict[tuple[int, int], MonthlyTarget],
    ops: TargetOps,
) -> None:
    """The months the row changes: a change line and a write for each."""
    result = row.result
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
                row.model_errors(error, {"percent": MONTH_KEYS[m]})
        result.changes.append(f"{MONTH_ABBR[m - 1]}: {shown_number(before)} → {shown_number(new)}")
    if result.errors:
        result.action = RowAction.GALAT
    elif not result.changes:
        result.action = RowAction.TETAP
    else:
        result.action = RowAction.DIUBAH if had_any else RowAction.BARU


def check(
    plan: WorkPlan, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], TargetOps]:
    names = ComponentRows(plan, progress=False)
    cells = by_component_month(MonthlyTarget, plan, lock=lock)
    ops, rows, first = TargetOps(), [], FirstRows()
    for row in readers(table, bound, rows):
        values, wanted = parse(row)
        component = resolve(row, values, names)
        if component is None:
            row.result.action = RowAction.GALAT
            continue
        first.check(row, component.pk, "komponen", f"komponen “{component.name}”")
        if row.result.errors:
            row.result.action = RowAction.GALAT
            continue
        diff(row, component, wanted, cells, ops)
    return rows, ops


def apply(ops: TargetOps, user: AbstractBaseUser) -> None:
    for target in ops.delete:
        target._history_user = user
        target.delete()
    for target in ops.update:
        target._history_user = user
        target.save(update_fields=["percent"])
    for target in ops.create:
        target._history_user = user
        target.save()
