"""Loading plan records for a view: 404 for what the user may not see, 403 for what they
may see but not change (the rules are access.rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from access import rules
from access.models import Unit
from common.dates import pick_year
from common.db import first_or_404

from .models import ActionItem, Component, WorkPlan

if TYPE_CHECKING:
    from access.rules import User


def plan_for(unit: Unit, year: int) -> WorkPlan:
    """The unit's plan of the year (the unit was loaded for the user already)."""
    plans = WorkPlan.objects.select_related("unit")
    return first_or_404(plans, "Rencana kerja tahun ini tidak ditemukan.", unit=unit, year=year)


def plan_years(unit: Unit) -> list[int]:
    """The years the unit has a plan for, newest first."""
    return list(WorkPlan.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True))


def plan_of_request(unit: Unit, requested: str | None) -> tuple[WorkPlan, list[int]]:
    """The plan a page shows for ``?tahun=`` (see common.dates.pick_year) and the unit's years."""
    years = plan_years(unit)
    return plan_for(unit, pick_year(requested, years)), years


def component_for_user(
    user: User, unit: Unit, component_id: int, *, write: bool = False
) -> Component:
    rows = Component.objects.select_related("area__plan__unit", "plan__unit")
    component = first_or_404(rows, "Komponen tidak ditemukan.", pk=component_id, plan__unit=unit)
    if write:
        rules.ensure_can_enter(user, unit, component.area and component.area.code)
    return component


def action_for_user(user: User, unit: Unit, action_id: int, *, write: bool = False) -> ActionItem:
    rows = ActionItem.objects.select_related("area__plan__unit")
    action = first_or_404(
        rows, "Rencana aksi tidak ditemukan.", pk=action_id, area__plan__unit=unit
    )
    if write:
        rules.ensure_can_enter(user, unit, action.area.code)
    return action
