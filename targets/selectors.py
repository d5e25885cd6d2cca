"""Reads for the monthly pages: one query per kind of row, whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from areas.models import ActionItem, Area, Component, WorkPlan

from .models import ActionItemStatus, MonthLock, MonthlyTarget, ProgressEntry


@dataclass
class ComponentRow:
    component: Component
    target: Decimal | None
    entry: ProgressEntry | None
    editable: bool


@dataclass
class ActionRow:
    action: ActionItem
    status: ActionItemStatus | None
    evidence: object | None  # evidence.models.Evidence; evidence imports targets, not back
    editable: bool


@dataclass
class AreaBlock:
    area: Area
    components: list[ComponentRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


def month_page(
    *,
    plan: WorkPlan,
    month: int,
    area_codes: set[str] | None,
    editable_codes: set[str],
    evidence_by_action: dict[int, object],
) -> list[AreaBlock]:
    """Areas (all, or ``area_codes``) with their components' target and entry for the month."""
    areas = list(plan.areas.all())
    if area_codes is not None:
        areas = [a for a in areas if a.code in area_codes]
    area_ids = [a.pk for a in areas]
    blocks = {a.pk: AreaBlock(area=a) for a in areas}
    components = Component.objects.filter(area_id__in=area_ids).order_by("area__order", "order")
    targets = dict(
        MonthlyTarget.objects.filter(component__area_id__in=area_ids, month=month).values_list(
            "component_id", "percent"
        )
    )
    entries = {
        e.component_id: e
        for e in ProgressEntry.objects.filter(
            component__area_id__in=area_ids, month=month
        ).select_related("updated_by")
    }
    for c in components:
        blocks[c.area_id].components.append(
            ComponentRow(
                component=c,
                target=targets.get(c.pk),
                entry=entries.get(c.pk),
                editable=blocks[c.area_id].area.code in editable_codes,
            )
        )
    statuses = {
        s.action_id: s
        for s in ActionItemStatus.objects.filter(
            action__area_id__in=area_ids, month=month
        ).select_related("updated_by")
    }
    for a in ActionItem.objects.filter(area_id__in=area_ids).order_by("area__order", "order"):
        blocks[a.area_id].actions.append(
            ActionRow(
                action=a,
                status=statuses.get(a.pk),
                evidence=evidence_by_action.get(a.pk),
                editable=blocks[a.area_id].area.code in editable_codes,
            )
        )
    return [blocks[a.pk] for a in areas]


def locks_of_year(unit_id: int, year: int) -> dict[int, MonthLock]:
    return {
        lock.month: lock
        for lock in MonthLock.objects.filter(unit_id=unit_id, year=year).select_related(
            "changed_by"
        )
    }
