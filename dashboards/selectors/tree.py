"""The overview of a unit and the units directly below it (KPU RI and its provinces, a
province and its kab/kota): each row with its own figures and the rollup of its subtree.

The units below come from the cached unit tree (access/tree.py); the figures of the whole
subtree come from ONE call of :func:`dashboards.selectors.units_overview` (its grouped
queries do not grow with the number of units), and the rollups are sums of those rows:
achievement is Σ achieved ÷ Σ target over the subtree's cells, so a big unit weighs more
than a small one, as on a unit's own dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from access.models import Unit
from access.tree import unit_tree
from areas.models import WorkPlan

from . import OVERVIEW_ORDERS, UnitRow, units_overview


@dataclass
class OverviewRow:
    """A row of the overview: the unit's own figures, its subtree's (itself and every unit
    below it) and how many units are below it."""

    own: UnitRow
    rollup: UnitRow
    below: int
    has_plan: bool

    @property
    def unit(self) -> Unit:
        return self.own.unit

    @property
    def has_units_below(self) -> bool:
        return self.below > 0


def _summed(unit: Unit, rows: list[UnitRow]) -> UnitRow:
    targets = [r.target_sum for r in rows if r.target_sum is not None]
    achieved = [r.achieved_sum for r in rows if r.achieved_sum is not None]
    return UnitRow(
        unit=unit,
        target_sum=sum(targets) if targets else None,
        achieved_sum=sum(achieved) if achieved else None,
        missing=sum(r.missing for r in rows),
        waiting=sum(r.waiting for r in rows),
        actions=sum(r.actions for r in rows),
        accepted=sum(r.accepted for r in rows),
    )


def subtree_overview(unit: Unit, year: int, *, order: str = "") -> list[OverviewRow]:
    """``unit`` first, then the units directly below it (sorted by ``order`` — capaian,
    nama, kosong — on their subtree's figures, else in the tree's order)."""
    tree = unit_tree()
    every = tree.subtree(unit.pk)
    units = Unit.objects.filter(pk__in=every).order_by("order", "name")
    own = {row.unit.pk: row for row in units_overview(units, year)}
    planned = set(
        WorkPlan.objects.filter(unit_id__in=own, year=year).values_list("unit_id", flat=True)
    )

    def row_of(unit_id: int) -> OverviewRow:
        below = [own[i] for i in tree.descendants(unit_id) if i in own]
        first = own[unit_id]
        return OverviewRow(
            first, _summed(first.unit, [first, *below]), len(below), unit_id in planned
        )

    children = [row_of(i) for i in tree.child_ids(unit.pk) if i in own]
    if order in OVERVIEW_ORDERS:
        children.sort(key=lambda r: OVERVIEW_ORDERS[order](r.rollup))
    return [row_of(unit.pk), *children]


def subtree_years(unit: Unit) -> list[int]:
    """The years some unit of the subtree has a plan for, newest first (KPU RI may have no
    plan of its own)."""
    ids = unit_tree().subtree(unit.pk)
    years = WorkPlan.objects.filter(unit_id__in=ids).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)
