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
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Least

from access.models import RoleAssignment, Unit
from areas.models import ActionItem, Area, Component, MonthlyTarget, WorkPlan
from common.dates import today
from common.formatting import month_name, percent_text, person_name
from evidence.models import Evidence
from periods.models import MonthLock
from targets.models import ActionItemStatus, ProgressEntry

OK, BEHIND, MISSING, NONE, FUTURE = "ok", "behind", "missing", "none", "future"
COUNTED = {OK, BEHIND, MISSING}
STATE_LABELS = {
    OK: "sesuai target",
    BEHIND: "di bawah target",
    MISSING: "belum diisi (bulan telah berakhir)",
    NONE: "tidak ada target",
    FUTURE: "belum jatuh tempo",
}
ZERO = Decimal(0)
HUNDRED = Decimal(100)
PEMENUHAN_TOTAL = Decimal(30)


def cell_state(
    year: int, month: int, target: Decimal | None, real: Decimal | None, on: datetime.date
) -> str:
    current = (on.year, on.month)
    if (year, month) > current or ((year, month) == current and real is None):
        return FUTURE
    if target is None:
        return NONE
    if real is None:
        return MISSING
    return OK if real >= target else BEHIND


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


@dataclass
class Cell:
    month: int
    target: Decimal | None
    real: Decimal | None
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def month_name(self) -> str:
        return month_name(self.month)


@dataclass
class ComponentFigures:
    component: Component
    cells: list[Cell]
    target_sum: Decimal = ZERO
    achieved_sum: Decimal = ZERO

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum, self.target_sum)

    @property
    def behind(self) -> bool:
        counted = [c for c in self.cells if c.state in COUNTED]
        return bool(counted) and counted[-1].state in {BEHIND, MISSING}

    @property
    def lke_score(self) -> Decimal | None:
        weight = self.component.lke_weight
        if weight is None or not self.target_sum:
            return None
        return (weight * self.achieved_sum / self.target_sum).quantize(Decimal("0.01"))


@dataclass
class AreaFigures:
    area: Area
    components: list[ComponentFigures] = field(default_factory=list)
    actions: int = 0
    actions_accepted: int = 0
    coordinators: list[str] = field(default_factory=list)

    @property
    def target_sum(self) -> Decimal:
        return sum((c.target_sum for c in self.components), ZERO)

    @property
    def achieved_sum(self) -> Decimal:
        return sum((c.achieved_sum for c in self.components), ZERO)

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum, self.target_sum)

    @property
    def behind_count(self) -> int:
        return sum(1 for c in self.components if c.behind)

    @property
    def evidence_completeness(self) -> Decimal | None:
        return percent(Decimal(self.actions_accepted), Decimal(self.actions))

    @property
    def lke_score(self) -> Decimal | None:
        scores = [c.lke_score for c in self.components if c.lke_score is not None]
        return sum(scores, ZERO) if scores else None

    def s_curve(self) -> tuple[list[Decimal], list[Decimal | None]]:
        """Cumulative target and realisation by month, as a share of the year's targets."""
        year_total = sum((c.target or ZERO for cf in self.components for c in cf.cells), ZERO)
        target_line: list[Decimal] = []
        real_line: list[Decimal | None] = []
        t_cum = r_cum = ZERO
        for m in range(12):
            cells = [cf.cells[m] for cf in self.components]
            t_cum += sum((c.target or ZERO for c in cells), ZERO)
            r_cum += sum(
                (
                    min(c.real or ZERO, c.target)
                    for c in cells
                    if c.state in COUNTED and c.target is not None
                ),
                ZERO,
            )
            target_line.append(percent(t_cum, year_total) or ZERO)
            # the realisation line stops where every cell of the month is still to come
            begun = not cells or any(c.state != FUTURE for c in cells)
            real_line.append((percent(r_cum, year_total) or ZERO) if begun else None)
        return target_line, real_line


@dataclass
class MissingEntry:
    component: Component
    area: Area
    month: int
    coordinators: list[str]

    @property
    def month_name(self) -> str:
        return month_name(self.month)


@dataclass
class Activity:
    when: datetime.datetime
    who: str
    text: str


@dataclass
class UnitDashboard:
    plan: WorkPlan
    areas: list[AreaFigures]
    missing: list[MissingEntry]
    waiting_evidence: list[Evidence]
    actions_without_evidence: list[ActionItem]
    activity: list[Activity]
    on: datetime.date

    @property
    def target_sum(self) -> Decimal:
        return sum((a.target_sum for a in self.areas), ZERO)

    @property
    def achieved_sum(self) -> Decimal:
        return sum((a.achieved_sum for a in self.areas), ZERO)

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum, self.target_sum)

    @property
    def behind(self) -> list[ComponentFigures]:
        return [c for a in self.areas for c in a.components if c.behind]

    @property
    def lke_score(self) -> Decimal:
        return sum((a.lke_score or ZERO for a in self.areas), ZERO)

    @property
    def lke_max(self) -> Decimal:
        return sum((a.area.lke_weight or ZERO for a in self.areas), ZERO) or PEMENUHAN_TOTAL


def unit_dashboard(
    plan: WorkPlan, *, on: datetime.date | None = None, activity_limit: int = 10
) -> UnitDashboard:
    """Every figure of one unit's dashboard, in a fixed number of queries."""
    on = on or today()
    areas = list(plan.areas.order_by("order"))
    components = list(
        Component.objects.filter(plan=plan, area__isnull=False).order_by("area__order", "order")
    )
    targets = {
        (cid, m): p
        # .order_by(): the model's ordering would join component, plan and unit just to sort
        for cid, m, p in MonthlyTarget.objects.filter(component__plan=plan)
        .order_by()
        .values_list("component_id", "month", "percent")
    }
    reals = {
        (cid, m): p
        for cid, m, p in ProgressEntry.objects.filter(component__plan=plan)
        .order_by()
        .values_list("component_id", "month", "percent")
    }
    coordinators: dict[str, list[str]] = {}
    for role in RoleAssignment.objects.filter(
        unit=plan.unit, role=RoleAssignment.Role.KOORDINATOR
    ).select_related("user"):
        for code in role.area_codes:
            coordinators.setdefault(code, []).append(person_name(role.user))

    by_area = {
        a.pk: AreaFigures(area=a, coordinators=sorted(coordinators.get(a.code, []))) for a in areas
    }
    missing: list[MissingEntry] = []
    for component in components:
        cells = []
        figures = ComponentFigures(component=component, cells=cells)
        for month in range(1, 13):
            target = targets.get((component.pk, month))
            real = reals.get((component.pk, month))
            state = cell_state(plan.year, month, target, real, on)
            cells.append(Cell(month, target, real, state))
            if state in COUNTED:
                figures.target_sum += target
                figures.achieved_sum += min(real or ZERO, target)
            if state == MISSING:
                area = by_area[component.area_id].area
                missing.append(
                    MissingEntry(component, area, month, by_area[component.area_id].coordinators)
                )
        by_area[component.area_id].components.append(figures)

    actions = list(
        ActionItem.objects.filter(area__plan=plan)
        .select_related("area")
        .order_by("area__order", "order")
    )
    accepted = set(
        Evidence.objects.filter(
            action__area__plan=plan, status=Evidence.Status.DITERIMA
        ).values_list("action_id", flat=True)
    )
    for action in actions:
        by_area[action.area_id].actions += 1
        by_area[action.area_id].actions_accepted += action.pk in accepted
    waiting = list(
        Evidence.objects.filter(action__area__plan=plan, status=Evidence.Status.DIUNGGAH)
        .select_related("action__area")
        .order_by("month", "action__area__order", "action__order")
    )
    return UnitDashboard(
        plan=plan,
        areas=[by_area[a.pk] for a in areas],
        missing=sorted(missing, key=lambda m: (m.month, m.area.order, m.component.order)),
        waiting_evidence=waiting,
        actions_without_evidence=[a for a in actions if a.pk not in accepted],
        activity=latest_activity(plan, limit=activity_limit),
        on=on,
    )


_VERBS = {"+": "mengisi", "~": "mengubah", "-": "menghapus"}


def _entry_text(r: Any) -> str:
    period = month_name(r.month)
    return f"{_VERBS.get(r.history_type, '')} progres {r.component.name} {period}: {percent_text(r.percent)}"


def _status_text(r: Any) -> str:
    item = f"{r.action.area.number}.{r.action.label} {month_name(r.month)}"
    return f"menandai rencana aksi {item}: {r.get_status_display()}"


def _evidence_text(r: Any) -> str:
    item = f"{r.action.area.number}.{r.action.label} {month_name(r.month)}"
    text = f"bukti dukung {item}: {r.get_status_display()}"
    if r.status == Evidence.Status.DIUNGGAH:
        text = f"mengunggah versi {r.current_version} " + text
    return text


def _lock_text(r: Any) -> str:
    verb = "mengunci" if r.is_locked else "membuka kembali"
    return f"{verb} bulan {month_name(r.month)}"


def latest_activity(plan: WorkPlan, *, limit: int = 10) -> list[Activity]:
    """The most recent audit records of the plan's entries, statuses, evidence and locks."""
    sources = [
        (ProgressEntry.history.filter(component__plan=plan), ["component"], _entry_text),
        (ActionItemStatus.history.filter(action__area__plan=plan), ["action__area"], _status_text),
        (Evidence.history.filter(action__area__plan=plan), ["action__area"], _evidence_text),
        (MonthLock.history.filter(unit_id=plan.unit_id, year=plan.year), [], _lock_text),
    ]
    rows: list[Activity] = []
    for records, related, text in sources:
        latest = records.select_related("history_user", *related).order_by("-history_date")
        for r in latest[:limit]:
            who = person_name(r.history_user, empty="sistem")
            rows.append(Activity(r.history_date, who, text(r)))
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]


# Across units: the same achievement figure, computed by the database for many units at once.


def _counted_cells(year: int, on: datetime.date) -> QuerySet[MonthlyTarget]:
    """Target cells that count so far, each annotated with its entry's percent (``real``)."""
    # The entry is read with a LEFT JOIN, not a correlated subquery: the unique
    # (component, month) constraint means the join cannot duplicate a target row, and it is
    # ~7× faster at national scale (docs/performance.md).
    cells = (
        MonthlyTarget.objects.filter(component__plan__year=year, component__area__isnull=False)
        .annotate(
            entry=FilteredRelation(
                "component__entries", condition=Q(component__entries__month=F("month"))
            )
        )
        .annotate(real=F("entry__percent"))
        .order_by()
    )
    if year < on.year:
        counted = Q()
    elif year == on.year:
        counted = Q(month__lt=on.month) | Q(month=on.month, real__isnull=False)
    else:
        counted = Q(pk__in=[])
    return cells.filter(counted)


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
    units: QuerySet[Unit], year: int, *, on: datetime.date | None = None, order: str = ""
) -> list[UnitRow]:
    """Achievement, missing entries and evidence per unit: four grouped queries in all;
    sorted by ``order`` (capaian, nama, kosong) when given, else in the units' order."""
    on = on or today()
    cells = _counted_cells(year, on).filter(component__plan__unit__in=units)
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
        for row in Evidence.objects.filter(
            action__area__plan__year=year, action__area__plan__unit__in=units
        )
        .values("action__area__plan__unit_id")
        .annotate(
            waiting=Count("pk", filter=Q(status=Evidence.Status.DIUNGGAH)),
            accepted=Count("action_id", filter=Q(status=Evidence.Status.DITERIMA), distinct=True),
        )
    }
    actions = dict(
        ActionItem.objects.filter(area__plan__year=year, area__plan__unit__in=units)
        .values("area__plan__unit_id")
        .annotate(n=Count("pk"))
        .values_list("area__plan__unit_id", "n")
    )
    rows = []
    for unit in units:
        s = sums.get(unit.pk, {})
        e = evidence.get(unit.pk, {})
        rows.append(
            UnitRow(
                unit=unit,
                target_sum=s.get("target_sum"),
                achieved_sum=s.get("achieved_sum"),
                missing=s.get("missing", 0),
                waiting=e.get("waiting", 0),
                actions=actions.get(unit.pk, 0),
                accepted=e.get("accepted", 0),
            )
        )
    if order in OVERVIEW_ORDERS:
        rows.sort(key=OVERVIEW_ORDERS[order])
    return rows


@dataclass
class PublicArea:
    area: Area
    achievement: Decimal | None
    months: list[Decimal | None]


def area_achievements(plan: WorkPlan, *, on: datetime.date | None = None) -> list[PublicArea]:
    """Achievement per area, for the year so far and per month (one grouped query)."""
    on = on or today()
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=5, decimal_places=2))
    sums: dict[tuple[int, int], tuple[Decimal, Decimal]] = {
        (row["component__area_id"], row["month"]): (row["t"] or ZERO, row["a"] or ZERO)
        for row in _counted_cells(plan.year, on)
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
