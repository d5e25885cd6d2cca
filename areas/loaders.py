"""Loading plan records for a view: 404 for what the user may not see, 403 for what they
may see but not change (the rules are access.rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from access import rules
from access.models import Unit

from .models import ActionItem, Component, WorkPlan

if TYPE_CHECKING:
    from access.rules import User


def plan_for(unit: Unit, year: int) -> WorkPlan:
    """The unit's plan of the year (the unit was loaded for the user already)."""
    plan = WorkPlan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        raise Http404("Rencana kerja tahun ini tidak ditemukan.")
    return plan


def plan_years(unit: Unit) -> list[int]:
    """The years the unit has a plan for, newest first."""
    return list(WorkPlan.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True))


def component_for_user(
    user: User, unit: Unit, component_id: int, *, write: bool = False
) -> Component:
    component = (
        Component.objects.select_related("area__plan__unit", "plan__unit")
        .filter(pk=component_id, plan__unit=unit)
        .first()
    )
    if component is None:
        raise Http404("Komponen tidak ditemukan.")
    if write:
        rules.require(
            component.area is not None and rules.can_enter(user, unit, component.area.code),
            "Anda bukan koordinator area ini.",
        )
    return component


def action_for_user(user: User, unit: Unit, action_id: int, *, write: bool = False) -> ActionItem:
    action = (
        ActionItem.objects.select_related("area__plan__unit")
        .filter(pk=action_id, area__plan__unit=unit)
        .first()
    )
    if action is None:
        raise Http404("Rencana aksi tidak ditemukan.")
    if write:
        rules.require(
            rules.can_enter(user, unit, action.area.code), "Anda bukan koordinator area ini."
        )
    return action
