"""LKE figures read from the database: one side's answers, an assessment's result (with a
what-if), and many units' results in a constant number of queries.

The unit's side is scored through the survey rule (lke/selectors/survey_values.py): an
empty IPAK or IPKP answer is forecast from the unit's internal survey of the year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from access.models import Unit
from lke.forecast import Step, Verdict, cheapest_steps, verdicts
from lke.models import Answer, Assessment
from lke.scoring import AnswerValue, Scores, Tree, score, tree_for
from lke.selectors.survey_values import (
    FORECAST_SIDES,
    InternalIndex,
    SurveyValue,
    forecast_scores,
    internal_indices,
    survey_notes,
    survey_values,
    unit_internal_indices,
)


@dataclass
class Result:
    """An assessment's scores on one side; the verdicts and the cheapest steps are
    computed when first read (a province table needs the scores only). ``answers`` are the
    side's own (stored, or a what-if's); ``surveys`` the unit side's IPAK and IPKP values
    with their internal survey (empty on the TPI's side), which ``scores`` used."""

    tree: Tree
    answers: dict[int, AnswerValue]
    scores: Scores
    holds_wbk: bool = False
    surveys: dict[int, SurveyValue] = field(default_factory=dict)

    @cached_property
    def verdicts(self) -> dict[str, Verdict]:
        notes = survey_notes(self.surveys)
        return verdicts(self.tree, self.scores, holds_wbk=self.holds_wbk, notes=notes)

    @cached_property
    def steps(self) -> list[Step]:
        return cheapest_steps(self.tree, self.answers, self.scores)


def _values(rows: Iterable[tuple[int, str, Decimal | None]]) -> dict[int, AnswerValue]:
    return {qid: AnswerValue(choice=choice, number=number) for qid, choice, number in rows}


def side_answers(assessment: Assessment, side: str) -> dict[int, AnswerValue]:
    """Question id → the side's answer (one query)."""
    rows = Answer.objects.filter(assessment=assessment, side=side).values_list(
        "question_id", "choice", "number"
    )
    return _values(rows)


def result_of(
    tree: Tree,
    answers: dict[int, AnswerValue],
    *,
    holds_wbk: bool,
    year: int,
    internal: Mapping[str, InternalIndex] | None,
) -> Result:
    """One side's answers scored; ``internal`` (survey kind → the unit's internal index)
    is given for a side the internal surveys forecast (the unit's), None for the TPI's."""
    if internal is None:
        return Result(tree, answers, score(tree, answers), holds_wbk)
    values = survey_values(tree, answers, internal, year)
    return Result(tree, answers, forecast_scores(tree, answers, values), holds_wbk, values)


def assessment_result(
    assessment: Assessment,
    side: str,
    *,
    overrides: Mapping[int, AnswerValue] | None = None,
    tree: Tree | None = None,
    internal: Mapping[str, InternalIndex] | None = None,
) -> Result:
    """The assessment scored on one side: 4 queries (answers, the tree), and 4 for the
    unit's internal surveys on the unit's side; ``tree`` when the caller holds it already,
    ``internal`` the unit's internal indices of the year when it read them (the dashboard:
    survey_values.internal_from_quarters).
    ``overrides`` replace answers for a what-if (an empty ``AnswerValue()`` clears one);
    nothing is saved."""
    answers = side_answers(assessment, side)
    answers.update(overrides or {})
    tree = tree or tree_for(assessment.worksheet_id)
    if side not in FORECAST_SIDES:
        internal = None
    elif internal is None:
        internal = unit_internal_indices(assessment.unit_id, assessment.year)
    return result_of(
        tree, answers, holds_wbk=assessment.holds_wbk, year=assessment.year, internal=internal
    )


def units_results(*, units: Sequence[Unit], year: int, side: str) -> dict[int, Result]:
    """Unit id → its result for the year on one side; units without an assessment that
    year are left out. Queries: assessments, answers, one tree per worksheet version, and
    on the unit's side the internal surveys of the units with an assessment (4)."""
    assessments = list(
        Assessment.objects.filter(unit__in=[unit.pk for unit in units], year=year).values_list(
            "id", "unit_id", "worksheet_id", "holds_wbk"
        )
    )
    answers: dict[int, list[tuple[int, str, Decimal | None]]] = {a[0]: [] for a in assessments}
    rows = Answer.objects.filter(assessment_id__in=list(answers), side=side).values_list(
        "assessment_id", "question_id", "choice", "number"
    )
    for assessment_id, *row in rows:
        answers[assessment_id].append((row[0], row[1], row[2]))
    trees = {worksheet_id: tree_for(worksheet_id) for worksheet_id in {a[2] for a in assessments}}
    forecast = side in FORECAST_SIDES
    internal: dict[int, dict[str, InternalIndex]] = {}
    if forecast and assessments:
        assessed = {a[1] for a in assessments}
        internal = internal_indices([u for u in units if u.pk in assessed], year)
    results: dict[int, Result] = {}
    for assessment_id, unit_id, worksheet_id, holds_wbk in assessments:
        tree, values = trees[worksheet_id], _values(answers[assessment_id])
        own = internal.get(unit_id, {}) if forecast else None
        results[unit_id] = result_of(tree, values, holds_wbk=holds_wbk, year=year, internal=own)
    return results
