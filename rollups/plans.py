"""A plan's summary (``PlanRollup``, twelve ``PlanMonth`` rows) computed again from its rows
with a few grouped queries: the refresh the plan's writers call (docs/rollups.md).

Recomputed, not incremented: a plan has some 250 target cells and a few hundred evidence
rows, so a refresh costs a few milliseconds and cannot drift. Its first statement locks the
plan's ``PlanRollup`` row: a second writer of the same plan waits there until the first
commits, and its queries (READ COMMITTED: each statement sees what was committed before it
began) then see both writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, DecimalField, F, FilteredRelation, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, Least

from areas.models import ActionItem, MonthlyTarget, WorkPlan
from evidence.models import Evidence
from evidence.selectors import evidence_then

from .models import PlanMonth, PlanRollup

MONTHS = range(1, 13)
MONTH_FIELDS = [
    "cells",
    "entered",
    "target_sum",
    "entered_target_sum",
    "achieved_sum",
    "waiting",
    "accepted_first",
]


def plans_refresh(*, plan_ids: Iterable[int]) -> None:
    """The summaries of these plans brought up to date (a deleted plan's went with it)."""
    ids = sorted(set(WorkPlan.objects.filter(pk__in=set(plan_ids)).values_list("pk", flat=True)))
    if not ids:
        return
    PlanRollup.objects.bulk_create([PlanRollup(plan_id=i) for i in ids], ignore_conflicts=True)
    list(PlanRollup.objects.select_for_update().filter(plan_id__in=ids).order_by("plan_id"))
    months = {(i, m): PlanMonth(plan_id=i, month=m) for i in ids for m in MONTHS}
    _cells(ids, months)
    _evidence(ids, months)
    PlanMonth.objects.bulk_create(
        list(months.values()),
        update_conflicts=True,
        unique_fields=["plan", "month"],
        update_fields=MONTH_FIELDS,
    )
    actions = dict(
        ActionItem.objects.filter(area__plan_id__in=ids)
        .order_by()
        .values("area__plan_id")
        .annotate(n=Count("pk"))
        .values_list("area__plan_id", "n")
    )
    PlanRollup.objects.bulk_update(
        [PlanRollup(plan_id=i, actions=actions.get(i, 0)) for i in ids], ["actions"]
    )


def _cells(ids: list[int], months: dict[tuple[int, int], PlanMonth]) -> None:
    """The target cells of the pengungkit rows with their entries (the same join as the
    live figures: dashboards.selectors._counted_cells)."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=5, decimal_places=2))
    entered = Q(real__isnull=False)
    rows = (
        MonthlyTarget.objects.filter(component__plan_id__in=ids, component__area__isnull=False)
        .annotate(
            entry=FilteredRelation(
                "component__entries", condition=Q(component__entries__month=F("month"))
            )
        )
        .annotate(real=F("entry__percent"))
        .order_by()
        .values("component__plan_id", "month")
        .annotate(
            cells=Count("pk"),
            entered=Count("pk", filter=entered),
            target_sum=Sum("percent"),
            entered_target_sum=Coalesce(Sum("percent", filter=entered), zero),
            achieved_sum=Sum(Least(Coalesce(F("real"), zero), F("percent"))),
        )
    )
    for row in rows:
        month = months[(row["component__plan_id"], row["month"])]
        for name in ("cells", "entered", "target_sum", "entered_target_sum", "achieved_sum"):
            setattr(month, name, row[name])


def _evidence(ids: list[int], months: dict[tuple[int, int], PlanMonth]) -> None:
    """Evidence waiting per month, and each action item's first month with accepted
    evidence, as they stand now (the live rule: evidence.selectors.evidence_then)."""
    now = evidence_then(
        Evidence.objects.filter(action__area__plan_id__in=ids), month=12, cutoff=None
    ).order_by()
    waiting = (
        now.filter(state_then=Evidence.Status.DIUNGGAH)
        .values("action__area__plan_id", "month")
        .annotate(n=Count("pk"))
    )
    for row in waiting:
        months[(row["action__area__plan_id"], row["month"])].waiting = row["n"]
    first = (
        now.filter(state_then=Evidence.Status.DITERIMA)
        .values("action__area__plan_id", "action_id")
        .annotate(first=Min("month"))
    )
    for row in first:
        months[(row["action__area__plan_id"], row["first"])].accepted_first += 1
