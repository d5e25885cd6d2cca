"""An LKE assessment's summary (``AssessmentRollup``): both sides' scores and the highest
predicate the unit's side meets, computed again by the LKE's own scoring
(``lke.selectors.units_results``: the unit's side with its internal surveys' forecast)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from access.models import Unit
from lke.models import Assessment, Predicate, Side
from lke.selectors import Result, units_results

from .models import AssessmentRollup

SCORE_FIELDS = ["total", "pengungkit", "hasil"]


UNIT_FIELDS = [*SCORE_FIELDS, "predicate", "follows_surveys"]
TPI_FIELDS = [f"tpi_{name}" for name in SCORE_FIELDS]


def assessments_refresh(
    *, assessment_ids: Iterable[int], sides: Iterable[str] = (Side.UNIT, Side.TPI)
) -> None:
    """These assessments' summaries brought up to date. The assessment rows are locked
    first (the answer services lock them too), so two refreshes of one assessment run one
    after the other and the second sees the first's answers.

    ``sides``: the sides whose answers changed (an answer saved on one side scores that
    side only); an assessment without a summary row yet is scored on both."""
    sides = set(sides)
    rows = list(
        Assessment.objects.select_for_update(no_key=True)
        .filter(pk__in=set(assessment_ids))
        .order_by("pk")
        .values_list("pk", "unit_id", "year")
    )
    if sides != {Side.UNIT, Side.TPI} and rows:
        known = set(
            AssessmentRollup.objects.filter(assessment_id__in=[r[0] for r in rows]).values_list(
                "assessment_id", flat=True
            )
        )
        if len(known) < len(rows):
            sides = {Side.UNIT, Side.TPI}
    by_year: dict[int, list[int]] = defaultdict(list)
    for _pk, unit_id, year in rows:
        by_year[year].append(unit_id)
    summaries = []
    for pk, unit_id, year in rows:
        summaries.append(AssessmentRollup(assessment_id=pk, unit_id=unit_id, year=year))
    results: dict[tuple[int, str], dict[int, Result]] = {}
    for year, unit_ids in by_year.items():
        units = [Unit(pk=u) for u in unit_ids]  # units_results reads their ids only
        for side in sides:
            results[(year, side)] = units_results(units=units, year=year, side=side)
    for summary in summaries:
        if Side.UNIT in sides:
            _fill_unit(summary, results[(summary.year, Side.UNIT)][summary.unit_id])
        if Side.TPI in sides:
            _fill_tpi(summary, results[(summary.year, Side.TPI)][summary.unit_id])
    fields = [
        *(UNIT_FIELDS if Side.UNIT in sides else []),
        *(TPI_FIELDS if Side.TPI in sides else []),
    ]
    if fields != UNIT_FIELDS + TPI_FIELDS:
        # one side scored: every row exists (checked above), and an INSERT … ON CONFLICT
        # would need the other side's values to pass its NOT NULL checks first
        for summary in summaries:
            AssessmentRollup.objects.filter(assessment_id=summary.assessment_id).update(
                **{name: getattr(summary, name) for name in fields}
            )
        return
    AssessmentRollup.objects.bulk_create(
        summaries, update_conflicts=True, unique_fields=["assessment"], update_fields=fields
    )


def _fill_unit(summary: AssessmentRollup, own: Result) -> None:
    for name in SCORE_FIELDS:
        setattr(summary, name, getattr(own.scores, name))
    met = [key for key in Predicate.values if own.verdicts[key].met]
    summary.predicate = met[-1] if met else ""
    summary.follows_surveys = any(not value.is_entered for value in own.surveys.values())


def _fill_tpi(summary: AssessmentRollup, tpi: Result) -> None:
    for name in SCORE_FIELDS:
        setattr(summary, f"tpi_{name}", getattr(tpi.scores, name) if tpi.answers else None)


def worksheets_refresh(*, worksheet_ids: Iterable[int]) -> None:
    """Every assessment on these worksheet versions (their tree or minimums changed)."""
    ids = Assessment.objects.filter(worksheet_id__in=set(worksheet_ids)).values_list(
        "pk", flat=True
    )
    assessments_refresh(assessment_ids=list(ids))


def units_surveys_changed(*, keys: Iterable[tuple[int, int]]) -> None:
    """The internal surveys of these (unit, year) changed: the assessments whose unit side
    scores an empty IPAK or IPKP answer from them follow."""
    keys = set(keys)
    if not keys:
        return
    ids = [
        pk
        for pk, unit_id, year in AssessmentRollup.objects.filter(
            unit_id__in={u for u, _ in keys}, year__in={y for _, y in keys}, follows_surveys=True
        ).values_list("assessment_id", "unit_id", "year")
        if (unit_id, year) in keys
    ]
    if ids:
        # the internal surveys stand in for the unit's side only (lke/selectors/survey_values.py)
        assessments_refresh(assessment_ids=ids, sides=[Side.UNIT])
