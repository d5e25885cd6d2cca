"""Rebuilding the summaries from scratch (``manage.py rollups_rebuild``): after a deploy
that adds them, or to check them. Idempotent: it computes every row again from what it
summarises, so a second run writes the same values."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from access.models import Unit
from areas.models import WorkPlan
from lke.models import Assessment
from surveys.models import SurveyPeriod

from .lke import assessments_refresh
from .plans import plans_refresh
from .stamps import units_stamp
from .surveys import tallies_rebuild

BATCH = 50  # plans per refresh: a few grouped queries each, memory bounded


@dataclass(frozen=True)
class RebuildReport:
    plans: int
    assessments: int
    periods: int


@transaction.atomic
def rollups_rebuild(*, unit: Unit | None = None, year: int | None = None) -> RebuildReport:
    """Every summary of ``unit`` (all units when None) and ``year`` (all years when None)
    computed again, in one transaction: the views read the old rows until it commits."""
    plans = WorkPlan.objects.all()
    assessments = Assessment.objects.all()
    periods = SurveyPeriod.objects.all()
    if unit is not None:
        plans, assessments = plans.filter(unit=unit), assessments.filter(unit=unit)
        periods = periods.filter(unit=unit)
    if year is not None:
        plans, assessments = plans.filter(year=year), assessments.filter(year=year)
        periods = periods.filter(year=year)
    plan_ids = list(plans.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(plan_ids), BATCH):
        plans_refresh(plan_ids=plan_ids[start : start + BATCH])
    period_ids = list(periods.order_by("pk").values_list("pk", flat=True))
    tallies_rebuild(period_ids=period_ids)
    # after the tallies: nothing of the LKE reads them, but the order keeps it obvious
    assessment_ids = list(assessments.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(assessment_ids), BATCH):
        assessments_refresh(assessment_ids=assessment_ids[start : start + BATCH])
    # the dashboards of these units computed again too (a write around the services)
    units = Unit.objects.all() if unit is None else Unit.objects.filter(pk=unit.pk)
    units_stamp(unit_ids=units.values_list("pk", flat=True))
    return RebuildReport(len(plan_ids), len(assessment_ids), len(period_ids))
