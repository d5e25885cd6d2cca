"""What each export holds: a plan's rows for each layout, and the sheets of a download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from areas.models import ActionItem, Area, Component, WorkPlan
from evidence.models import Evidence
from targets.models import ActionItemStatus, ProgressEntry

from .cells import cell_number
from .layouts import (
    PART_ACTION,
    PART_AREA,
    PART_TARGET,
    ActionStatusResource,
    LayoutResource,
    PlanResource,
    ProgressResource,
    TargetMatrixResource,
)
from .models import ImportRecord
from .writing import Sheet

Dataset = ImportRecord.Dataset
STATUS_DATASET = "status"  # export only: action-item status and evidence counts
EXPORT_DATASETS = {
    Dataset.PLAN.value: "Rencana (area, target, rencana aksi)",
    Dataset.TARGETS.value: "Matriks target bulanan",
    Dataset.PROGRESS.value: "Progres bulanan",
    STATUS_DATASET: "Status rencana aksi dan bukti dukung",
}


@dataclass
class PlanRow:
    """One row of the plan file: an area, one of its targets or one of its action items."""

    plan: WorkPlan
    area: Area
    part: str
    order: int
    label: str
    parent: int | None
    text: str
    intro: str = ""
    weight: int | float | None = None


@dataclass
class StatusRow:
    action: ActionItem
    month: int
    status: ActionItemStatus | None
    evidence: Evidence | None
    files: int


def plan_rows(plan: WorkPlan) -> list[PlanRow]:
    rows: list[PlanRow] = []
    areas = plan.areas.prefetch_related("targets", "actions__parent").order_by("order")
    for area in areas:
        rows.append(
            PlanRow(
                plan,
                area,
                PART_AREA,
                area.order,
                area.letter,
                None,
                area.name,
                intro=area.intro,
                weight=cell_number(area.lke_weight),
            )
        )
        for t in area.targets.all():
            rows.append(PlanRow(plan, area, PART_TARGET, t.order, t.label, None, t.text))
        for a in area.actions.all():
            parent = a.parent.order if a.parent_id else None
            rows.append(PlanRow(plan, area, PART_ACTION, a.order, a.label, parent, a.text))
    return rows


def components(plan: WorkPlan, *, pengungkit_only: bool = False) -> list[Component]:
    """The plan's components in the decree's order: areas in order, then Komponen Hasil."""
    queryset = Component.objects.filter(plan=plan).select_related("area", "plan__unit")
    if pengungkit_only:
        queryset = queryset.filter(kind=Component.Kind.PENGUNGKIT)
    found = list(queryset.prefetch_related("targets"))
    for c in found:
        c.plan = plan  # one plan object: hasil_number is computed once
    found.sort(key=lambda c: (c.area_id is None, c.area.order if c.area_id else 0, c.order))
    return found


def progress_rows(plan: WorkPlan) -> list[ProgressEntry]:
    """Every pengungkit component × 12 months: the saved entry, or an empty one to fill in."""
    entries = {
        (e.component_id, e.month): e
        for e in ProgressEntry.objects.filter(component__plan=plan).select_related("updated_by")
    }
    rows = []
    for c in components(plan, pengungkit_only=True):
        for month in range(1, 13):
            entry = entries.get((c.pk, month))
            if entry is None:
                entry = ProgressEntry(component=c, month=month, percent=None, version=0)
            else:
                entry.component = c
            rows.append(entry)
    return rows


def status_rows(plan: WorkPlan) -> list[StatusRow]:
    """Every action item × 12 months: its status and the month's evidence."""
    actions = (
        ActionItem.objects.filter(area__plan=plan)
        .select_related("area__plan__unit")
        .order_by("area__order", "order")
    )
    statuses = {
        (s.action_id, s.month): s
        for s in ActionItemStatus.objects.filter(action__area__plan=plan).select_related(
            "updated_by"
        )
    }
    evidence = {
        (e.action_id, e.month): e
        for e in Evidence.objects.filter(action__area__plan=plan).annotate(
            current_files=Count("versions__files", filter=Q(versions__number=F("current_version")))
        )
    }
    rows = []
    for action in actions:
        for month in range(1, 13):
            ev = evidence.get((action.pk, month))
            status = statuses.get((action.pk, month))
            rows.append(StatusRow(action, month, status, ev, ev.current_files if ev else 0))
    return rows


def sheet(resource: type[LayoutResource], rows: Any) -> Sheet:
    """The rows as a sheet of the resource's layout."""
    layout = resource.layout
    data = resource().export(queryset=rows)
    return Sheet(layout.sheet, data, wrap=layout.wrap, freeze=layout.freeze, bands=layout.bands)


def sheets(dataset: str, plan: WorkPlan) -> list[Sheet]:
    """The sheets of a download: progress comes with the action items' status."""
    if dataset == Dataset.PLAN:
        return [sheet(PlanResource, plan_rows(plan))]
    if dataset == Dataset.TARGETS:
        return [sheet(TargetMatrixResource, components(plan))]
    status = sheet(ActionStatusResource, status_rows(plan))
    if dataset == STATUS_DATASET:
        return [status]
    return [sheet(ProgressResource, progress_rows(plan)), status]
