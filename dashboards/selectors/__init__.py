"""The figures of the dashboard: target against realisation, what is behind, what is missing.

Definitions (also in docs/dashboard.md):
- A cell is a component × month. Its state: ``future`` (the month has not begun, or it is the
  current month and nothing is entered yet), ``none`` (no target that month: a blank cell of
  the decree's table), ``ok`` (realisation ≥ target), ``behind`` (realisation < target),
  ``missing`` (the month has ended, it had a target, nothing was entered).
- The cells that count "so far" are ok, behind and missing ones.
- Achievement = Σ min(realisation, target) ÷ Σ target over the counted cells, in percent:
  over-achieving one month does not hide a shortfall in another.
- Only Komponen Pengungkit (rows with an area) count; Komponen Hasil are not entered monthly.
- Every figure is computed for a view (dashboards/selectors/asof.py): live, or a month as it stood at
  its end; nothing after the view's month counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least

from access.models import RoleAssignment, Unit
from areas.models import ActionItem, Area, Component, MonthlyTarget, WorkPlan
from common.dates import has_ended, parse_int, today
from common.formatting import person_name
from dashboards.figures import (
    COUNTED,
    MISSING,
    ZERO,
    AreaFigures,
    Cell,
    ComponentFigures,
    MissingEntry,
    UnitDashboard,
    WaitingEvidence,
    percent,
)
from dashboards.selectors.activity import latest_activity
from dashboards.selectors.asof import View, cell_state, evidence_as_of, live_view, month_view
from evidence.models import Evidence
from rollups.selectors import plans_overview
from targets.models import ProgressEntry


def view_of(year: int, *, on: datetime.date | None, as_of: int | None) -> View:
    """A month as it stood at its end when ``as_of`` is given, else the year live on ``on``."""
    return month_view(year, as_of) if as_of else live_view(year, on or today())


def view_and_day(
    year: int, *, on: datetime.date | None = None, as_of: int | None
) -> tuple[View, datetime.date]:
    """The view and the day its figures are "as of" (the caption's date); no query."""
    view = view_of(year, on=on, as_of=as_of)
    if as_of:
        return view, (view.cutoff - datetime.timedelta(days=1)).date()
    return view, on or today()


def chosen_month(year: int, requested: str | None) -> int | None:
    """The month chosen on the dashboard when it has ended (shown as it stood at its end);
    None for the live view (nothing chosen, the current month, a month not yet begun)."""
    month = parse_int(requested, 0)
    return month if 1 <= month <= 12 and has_ended(year, month) else None


def unit_dashboard(
    plan: WorkPlan,
    *,
    on: datetime.date | None = None,
    as_of: int | None = None,
    activity_limit: int = 10,
) -> UnitDashboard:
    """Every figure of one unit's dashboard, in a fixed number of queries: live on ``on``
    (default today), or month ``as_of`` as it stood at its end."""
    view, on = view_and_day(plan.year, on=on, as_of=as_of)
    areas = list(plan.areas.order_by("order"))
    by_area = _area_figures(plan, areas)
    missing = _component_figures(plan, view, by_area)
    actions = list(
        ActionItem.objects.filter(area__plan=plan)
        .select_related("area")
        .order_by("area__order", "order")
    )
    accepted, waiting = _evidence_figures(plan, view, actions, by_area)
    return UnitDashboard(
        plan=plan,
        areas=[by_area[a.pk] for a in areas],
        missing=sorted(missing, key=lambda m: (m.month, m.area.order, m.component.order)),
        waiting_evidence=waiting,
        actions_without_evidence=[a for a in actions if a.pk not in accepted],
        activity=latest_activity(plan, limit=activity_limit, view=view),
        on=on,
        view=view,
        actions=actions,
    )


def _area_figures(plan: WorkPlan, areas: list[Area]) -> dict[int, AreaFigures]:
    """Each area's empty figures, with the coordinators of its code."""
    coordinators: dict[str, list[Any]] = {}
    for role in (
        RoleAssignment.objects.filter(unit=plan.unit, role=RoleAssignment.Role.KOORDINATOR)
        .select_related("user")
        .order_by("user__username")
    ):
        for code in role.area_codes:
            coordinators.setdefault(code, []).append(role.user)
    return {
        a.pk: AreaFigures(
            area=a,
            coordinators=sorted(person_name(u) for u in coordinators.get(a.code, [])),
            coordinator_users=coordinators.get(a.code, []),
        )
        for a in areas
    }


def _component_figures(
    plan: WorkPlan, view: View, by_area: dict[int, AreaFigures]
) -> list[MissingEntry]:
    """Each component's twelve cells and sums, into its area; the entries missing."""
    components = list(
        Component.objects.filter(plan=plan, area__isnull=False).order_by("area__order", "order")
    )
    # The target cells and the entries in one query (UNION ALL, each row saying which it
    # is); .order_by(): the models' ordering would join component, plan and unit to sort.
    is_target = Value(True, output_field=BooleanField())
    target_rows = (
        MonthlyTarget.objects.filter(component__plan=plan)
        .order_by()
        .annotate(is_target=is_target)
        .values_list("component_id", "month", "percent", "is_target")
    )
    entry_rows = (
        ProgressEntry.objects.filter(component__plan=plan, month__lte=view.month)
        .order_by()
        .annotate(is_target=Value(False, output_field=BooleanField()))
        .values_list("component_id", "month", "percent", "is_target")
    )
    targets: dict[tuple[int, int], Decimal] = {}
    reals: dict[tuple[int, int], Decimal] = {}
    for cid, m, p, target in target_rows.union(entry_rows, all=True):
        (targets if target else reals)[(cid, m)] = p
    missing: list[MissingEntry] = []
    for component in components:
        area = by_area[component.area_id]
        figures = ComponentFigures(component=component, cells=[])
        for month in range(1, 13):
            target = targets.get((component.pk, month))
            real = reals.get((component.pk, month))
            state = cell_state(month, target, real, view)
            figures.cells.append(Cell(month, target, real, state))
            if state in COUNTED:
                figures.target_sum += target
                figures.achieved_sum += min(real or ZERO, target)
            if state == MISSING:
                missing.append(MissingEntry(component, area.area, month, area.coordinators))
        area.components.append(figures)
    return missing


def _evidence_figures(
    plan: WorkPlan, view: View, actions: list[ActionItem], by_area: dict[int, AreaFigures]
) -> tuple[set[int], list[WaitingEvidence]]:
    """The action items with accepted evidence (counted into their areas) and the
    evidence waiting for the TPI, as of the view. One query of values: each row's state
    then is a subquery, so it is read once for both and filtered here; the action items
    come from ``actions`` (docs/performance.md, "Dashboard at 553 units (issue 21)")."""
    rows = list(
        evidence_as_of(Evidence.objects.filter(action__area__plan=plan), view)
        .order_by()
        .values_list("pk", "action_id", "month", "state_then")
    )
    accepted = {action for _, action, _, state in rows if state == Evidence.Status.DITERIMA}
    for action in actions:
        by_area[action.area_id].actions += 1
        by_area[action.area_id].actions_accepted += action.pk in accepted
    by_id = {a.pk: a for a in actions}
    waiting = [
        WaitingEvidence(pk, by_id[action], month)
        for pk, action, month, state in rows
        if state == Evidence.Status.DIUNGGAH
    ]
    waiting.sort(key=lambda e: (e.month, e.action.area.order, e.action.order))
    return accepted, waiting


# Across units: the same achievement figure, computed by the database for many units at once.


def _counted_cells(view: View) -> QuerySet[MonthlyTarget]:
    """Target cells that count so far, each annotated with its entry's percent (``real``)."""
    # The entry is read with a LEFT JOIN, not a correlated subquery: the unique
    # (component, month) constraint means the join cannot duplicate a target row, and it is
    # ~7× faster at national scale (docs/performance.md).
    cells = (
        MonthlyTarget.objects.filter(component__plan__year=view.year, component__area__isnull=False)
        .annotate(
            entry=FilteredRelation(
                "component__entries", condition=Q(component__entries__month=F("month"))
            )
        )
        .annotate(real=F("entry__percent"))
        .order_by()
    )
    # the same rule as asof.cell_state: months before the view's month, and its month when
    # it has ended or has an entry
    this_month = Q(month=view.month) if view.ended else Q(month=view.month, real__isnull=False)
    return cells.filter(Q(month__lt=view.month) | this_month)


@dataclass
class UnitRow:
    unit: Unit
    target_sum: Decimal | None
    achieved_sum: Decimal | None
    missing: int
    waiting: int
    actions: int
    accepted: int

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum or ZERO, self.target_sum or ZERO)

    @property
    def evidence_completeness(self) -> Decimal | None:
        return percent(Decimal(self.accepted), Decimal(self.actions))


OVERVIEW_ORDERS = {
    "capaian": lambda r: (r.achievement is None, -(r.achievement or 0)),
    "nama": lambda r: r.unit.short_name,
    "kosong": lambda r: -r.missing,
}


def units_overview(
    units: QuerySet[Unit],
    year: int,
    *,
    on: datetime.date | None = None,
    as_of: int | None = None,
    order: str = "",
) -> list[UnitRow]:
    """Achievement, missing entries and evidence per unit; sorted by ``order`` (capaian,
    nama, kosong) when given, else in the units' order.

    Live (no ``as_of``): read from the plans' summaries (rollups: twelve rows per plan,
    kept by the writing services), three queries whatever the number of units. Month
    ``as_of`` as it stood at its end: computed from the rows (``units_overview_live``),
    since a month as it stood needs the history of uploads and reviews, which the
    summaries, kept as things stand now, do not hold."""
    if as_of:
        return units_overview_live(units, year, as_of=as_of, order=order)
    view = view_of(year, on=on, as_of=None)
    found = plans_overview(units, year, month=view.month, ended=view.ended)
    return _unit_rows(units, found, order)


def _unit_rows(
    units: Iterable[Unit], found: dict[int, dict[str, Any]], order: str
) -> list[UnitRow]:
    """The overview's rows of ``units`` from each unit's figures (missing ones count as
    none), sorted by ``order`` when it is one of OVERVIEW_ORDERS."""
    rows = []
    for unit in units:
        s = found.get(unit.pk, {})
        rows.append(
            UnitRow(
                unit=unit,
                target_sum=s.get("target_sum"),
                achieved_sum=s.get("achieved_sum"),
                missing=s.get("missing", 0),
                waiting=s.get("waiting", 0),
                actions=s.get("actions", 0),
                accepted=s.get("accepted", 0),
            )
        )
    if order in OVERVIEW_ORDERS:
        rows.sort(key=OVERVIEW_ORDERS[order])
    return rows


def units_overview_live(
    units: QuerySet[Unit],
    year: int,
    *,
    on: datetime.date | None = None,
    as_of: int | None = None,
    order: str = "",
) -> list[UnitRow]:
    """``units_overview`` computed from the plans' rows (live, or month ``as_of`` as it
    stood at its end): four grouped queries in all. The monthly reports' figures, and the
    reference the summaries are checked against (tests/test_rollups.py)."""
    view = view_of(year, on=on, as_of=as_of)
    cells = _counted_cells(view).filter(component__plan__unit__in=units)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=5, decimal_places=2))
    sums = {
        row["component__plan__unit_id"]: row
        for row in cells.values("component__plan__unit_id").annotate(
            target_sum=Sum("percent"),
            achieved_sum=Sum(Least(Coalesce(F("real"), zero), F("percent"))),
            missing=Count("pk", filter=Q(real__isnull=True)),
        )
    }
    evidence = {
        row["action__area__plan__unit_id"]: row
        for row in evidence_as_of(
            Evidence.objects.filter(
                action__area__plan__year=year, action__area__plan__unit__in=units
            ),
            view,
        )
        .values("action__area__plan__unit_id")
        .annotate(
            waiting=Count("pk", filter=Q(state_then=Evidence.Status.DIUNGGAH)),
            accepted=Count(
                "action_id", filter=Q(state_then=Evidence.Status.DITERIMA), distinct=True
            ),
        )
    }
    actions = dict(
        ActionItem.objects.filter(area__plan__year=year, area__plan__unit__in=units)
        .values("area__plan__unit_id")
        .annotate(n=Count("pk"))
        .values_list("area__plan__unit_id", "n")
    )
    found: dict[int, dict[str, Any]] = {}
    for unit_id in {*sums, *evidence, *actions}:
        found[unit_id] = {
            **sums.get(unit_id, {}),
            **evidence.get(unit_id, {}),
            "actions": actions.get(unit_id, 0),
        }
    return _unit_rows(units, found, order)


@dataclass
class PublicArea:
    area: Area
    achievement: Decimal | None
    months: list[Decimal | None]


def area_achievements(plan: WorkPlan, *, on: datetime.date | None = None) -> list[PublicArea]:
    """Achievement per area, for the year so far and per month (one grouped query)."""
    view = live_view(plan.year, on or today())
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=5, decimal_places=2))
    sums: dict[tuple[int, int], tuple[Decimal, Decimal]] = {
        (row["component__area_id"], row["month"]): (row["t"] or ZERO, row["a"] or ZERO)
        for row in _counted_cells(view)
        .filter(component__plan=plan)
        .values("component__area_id", "month")
        .annotate(t=Sum("percent"), a=Sum(Least(Coalesce(F("real"), zero), F("percent"))))
    }
    result = []
    for area in plan.areas.order_by("order"):
        cells = [sums.get((area.pk, m)) for m in range(1, 13)]
        total_t = sum((c[0] for c in cells if c), ZERO)
        total_a = sum((c[1] for c in cells if c), ZERO)
        result.append(
            PublicArea(
                area, percent(total_a, total_t), [percent(c[1], c[0]) if c else None for c in cells]
            )
        )
    return result
