"""Reads of the summaries: the figures of many units in a constant number of queries, for
the national and province views (dashboards/selectors)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Case, DecimalField, F, IntegerField, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from access.models import Unit

from .models import AssessmentRollup, PlanMonth, PlanRollup, SurveyCount, SurveyTally

SUM = DecimalField(max_digits=12, decimal_places=2)


def plans_overview(
    units: QuerySet[Unit] | Iterable[Unit], year: int, *, month: int, ended: bool
) -> dict[int, dict[str, Any]]:
    """Unit id → the live figures of its plan of ``year`` through ``month`` (``ended``: that
    month is over, its empty cells are missing; else only its entered cells count), the
    same as dashboards.selectors.units_overview_live: target_sum and achieved_sum (None
    without a counted cell), missing, waiting, accepted, actions. Two queries."""
    before = Q(month__lt=month)
    whole = before | Q(month=month) if ended else before  # months counted with every cell
    this = Q(month=month) if not ended else Q(pk__in=[])  # counted where entered only
    upto = Q(month__lte=month)

    def part(full: str, entered: str, output: Any) -> Sum:
        """Σ over the months counted whole of ``full``, and of ``entered`` for the view's
        month while it runs."""
        cases = [When(whole, then=F(full)), When(this, then=F(entered))]
        return Sum(Case(*cases, default=0, output_field=output))

    rows = (
        PlanMonth.objects.filter(plan__year=year, plan__unit__in=units)
        .order_by()
        .values("plan__unit_id")
        .annotate(
            counted=Coalesce(part("cells", "entered", IntegerField()), 0),
            entered_counted=Coalesce(part("entered", "entered", IntegerField()), 0),
            target_sum=part("target_sum", "entered_target_sum", SUM),
            achieved_sum=part("achieved_sum", "achieved_sum", SUM),
            waiting=Coalesce(Sum("waiting", filter=upto), 0),
            accepted=Coalesce(Sum("accepted_first", filter=upto), 0),
        )
    )
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        counted = row["counted"]
        out[row["plan__unit_id"]] = {
            "target_sum": row["target_sum"] if counted else None,
            "achieved_sum": row["achieved_sum"] if counted else None,
            "missing": counted - row["entered_counted"],
            "waiting": row["waiting"],
            "accepted": row["accepted"],
        }
    actions = PlanRollup.objects.filter(plan__year=year, plan__unit__in=units).values_list(
        "plan__unit_id", "actions"
    )
    for unit_id, count in actions:
        out.setdefault(unit_id, {})["actions"] = count
    return out


def assessments_overview(units: Iterable[Unit], year: int) -> dict[int, AssessmentRollup]:
    """Unit id → its LKE assessment's summary of ``year`` (one query)."""
    rows = AssessmentRollup.objects.filter(unit__in=[u.pk for u in units], year=year)
    return {row.unit_id: row for row in rows}


Key = tuple[Any, ...]


def survey_tallies(
    unit_ids: list[int], year: int, kinds: Iterable[str]
) -> tuple[dict[Key, int], dict[Key, dict[str, tuple[int, int]]]]:
    """By (kind, unit id): the responses, and per element code (answers, sum of values), of
    the units' quarters of ``year``: what surveys.selectors.survey_results counts from the
    answers, read from the tallies (two queries)."""
    scope = {"period__unit_id__in": unit_ids, "period__year": year, "kind__in": tuple(kinds)}
    counts = {
        (kind, unit_id): n
        for kind, unit_id, n in SurveyCount.objects.filter(**scope, responses__gt=0)
        .order_by()
        .values("kind", "period__unit_id")
        .annotate(n=Sum("responses"))
        .values_list("kind", "period__unit_id", "n")
    }
    sums: dict[Key, dict[str, tuple[int, int]]] = {}
    rows = (
        SurveyTally.objects.filter(**scope, answers__gt=0)
        .order_by()
        .values("kind", "period__unit_id", "element_code")
        .annotate(n=Sum("answers"), total=Sum("total"))
        .values_list("kind", "period__unit_id", "element_code", "n", "total")
    )
    for kind, unit_id, code, n, total in rows:
        sums.setdefault((kind, unit_id), {})[code] = (n, total)
    return counts, sums
