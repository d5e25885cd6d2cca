"""Reads for the monthly pages: one query per kind of row, whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from access import rules
from areas.models import ActionItem, Area, Component, MonthlyTarget, WorkPlan
from common.dates import has_begun
from evidence.models import Evidence
from evidence.selectors import evidence_of_month
from periods.services import month_is_locked

from .forms import ActionStatusForm, ProgressForm, entry_initial, status_initial
from .models import ActionItemStatus, ProgressEntry

if TYPE_CHECKING:
    from access.rules import User


@dataclass
class ComponentRow:
    component: Component
    target: Decimal | None
    entry: ProgressEntry | None
    editable: bool
    form: ProgressForm | None = None


@dataclass
class ActionRow:
    action: ActionItem
    status: ActionItemStatus | None
    evidence: Evidence | None
    editable: bool
    form: ActionStatusForm | None = None


@dataclass
class AreaBlock:
    area: Area
    components: list[ComponentRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


def _of_month(model: type, owner: str, area_ids: list[int], month: int) -> dict[int, Any]:
    """Owner id → the month's row of ``model`` (entries, statuses), with who saved it."""
    area_path = "component__area_id__in" if owner == "component" else "action__area_id__in"
    rows = model.objects.filter(**{area_path: area_ids, "month": month})
    return {getattr(r, f"{owner}_id"): r for r in rows.select_related("updated_by")}


def month_page(
    *,
    plan: WorkPlan,
    month: int,
    area_codes: set[str] | None,
    editable_codes: set[str],
    evidence_by_action: dict[int, Evidence],
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
    entries = _of_month(ProgressEntry, "component", area_ids, month)
    for c in components:
        block = blocks[c.area_id]
        editable = block.area.code in editable_codes
        row = ComponentRow(c, targets.get(c.pk), entries.get(c.pk), editable)
        block.components.append(row)
    statuses = _of_month(ActionItemStatus, "action", area_ids, month)
    for a in ActionItem.objects.filter(area_id__in=area_ids).order_by("area__order", "order"):
        block = blocks[a.area_id]
        editable = block.area.code in editable_codes
        arow = ActionRow(a, statuses.get(a.pk), evidence_by_action.get(a.pk), editable)
        block.actions.append(arow)
    return [blocks[a.pk] for a in areas]


@dataclass
class MonthSheet:
    """The Progres Bulanan page of a plan and month, as one user sees it."""

    blocks: list[AreaBlock]
    locked: bool
    begun: bool


def month_sheet(*, user: User, plan: WorkPlan, month: int) -> MonthSheet:
    """Which areas the user sees (a coordinator their own, readers all), which rows they may
    edit (their areas, in a month that has begun and is not locked), with the row forms."""
    unit = plan.unit
    codes = rules.coordinated_codes(user, unit)
    locked = month_is_locked(unit, plan.year, month)
    begun = has_begun(plan.year, month)
    blocks = month_page(
        plan=plan,
        month=month,
        area_codes=None if rules.reads_all_areas(user, unit) else codes,
        editable_codes=codes if (begun and not locked) else set(),
        evidence_by_action=evidence_of_month(plan, month),
    )
    for block in blocks:
        for row in block.components:
            if row.editable:
                prefix = f"c{row.component.pk}"
                row.form = ProgressForm(initial=entry_initial(row.entry), prefix=prefix)
        for arow in block.actions:
            if arow.editable:
                prefix = f"a{arow.action.pk}"
                arow.form = ActionStatusForm(initial=status_initial(arow.status), prefix=prefix)
    return MonthSheet(blocks=blocks, locked=locked, begun=begun)
