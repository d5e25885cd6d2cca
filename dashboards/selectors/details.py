"""Reads of the drill-down and public pages: a component's year, an area's accepted
evidence, a published plan's areas."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from areas.models import ActionItem, Area, AreaTarget, Component, WorkPlan
from common.dates import today
from common.formatting import month_name
from dashboards import charts
from dashboards.figures import STATE_LABELS
from dashboards.selectors import PublicArea, area_achievements
from dashboards.selectors.asof import View, cell_state, evidence_as_of, live_view
from evidence.models import Evidence


def component_months(component: Component, view: View | None = None) -> list[dict[str, Any]]:
    """The component's twelve months: target, entry and the cell's state in the view (live
    today by default); entries of months after the view's month are not shown."""
    view = view or live_view(component.plan.year, today())
    targets = dict(component.targets.values_list("month", "percent"))
    entries = {e.month: e for e in component.entries.select_related("updated_by")}
    months = []
    for m in range(1, 13):
        entry = entries.get(m) if m <= view.month or view.cutoff is None else None
        state = cell_state(m, targets.get(m), entry.percent if entry else None, view)
        months.append(
            {
                "month": m,
                "name": month_name(m),
                "target": targets.get(m),
                "entry": entry,
                "state": state,
                "label": STATE_LABELS[state],
            }
        )
    return months


def area_evidence(area: Area, view: View) -> list[Evidence]:
    """Every evidence of the area's action items as it was in the view (dashboards/selectors/asof.py):
    the version then (``version_then``, its files in ``files_then``), its state then
    (``state_label``) and the comment of the review that decided it."""
    rows = list(
        evidence_as_of(Evidence.objects.filter(action__area=area), view)
        .select_related("action")
        .prefetch_related("versions__files")
        .order_by("action__order", "month")
    )
    for e in rows:
        e.state_label = Evidence.Status(e.state_then).label
        e.files_then = [
            f for v in e.versions.all() if v.number == e.version_then for f in v.files.all()
        ]
    return rows


def accepted_actions(area: Area, view: View) -> set[int]:
    """Ids of the area's action items whose evidence was accepted in the view."""
    accepted = evidence_as_of(Evidence.objects.filter(action__area=area), view).filter(
        state_then=Evidence.Status.DITERIMA
    )
    return set(accepted.values_list("action_id", flat=True))


def public_plan_of(slug: str, year: int) -> WorkPlan | None:
    return (
        WorkPlan.objects.filter(unit__slug=slug, unit__is_public=True, year=year)
        .select_related("unit")
        .first()
    )


def public_areas(plan: WorkPlan) -> tuple[list[tuple[Area, PublicArea]], str]:
    """The plan's areas with their targets, actions and achievement, and their bar chart."""
    areas = list(
        plan.areas.order_by("order").prefetch_related(
            Prefetch("targets", queryset=AreaTarget.objects.order_by("order")),
            Prefetch("actions", queryset=ActionItem.objects.order_by("order")),
        )
    )
    figures = {f.area.pk: f for f in area_achievements(plan)}
    chart = charts.bar_chart_svg(
        [(f"{a.number}. {a.name}", figures[a.pk].achievement) for a in areas],
        title=f"Capaian per area {plan.year}",
    )
    return [(a, figures[a.pk]) for a in areas], chart
