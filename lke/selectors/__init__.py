"""LKE figures read from the database: one side's answers, an assessment's result (with a
what-if), and many units' results in a constant number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from access.models import Unit
from lke.forecast import Step, Verdict, cheapest_steps, verdicts
from lke.models import Answer, Assessment
from lke.scoring import AnswerValue, Scores, Tree, score, tree_for


@dataclass
class Result:
    """An assessment's scores on one side; the verdicts and the cheapest steps are
    computed when first read (a province table needs the scores only)."""

    tree: Tree
    answers: dict[int, AnswerValue]
    scores: Scores
    holds_wbk: bool = False

    @cached_property
    def verdicts(self) -> dict[str, Verdict]:
        return verdicts(self.tree, self.scores, holds_wbk=self.holds_wbk)

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


def assessment_result(
    assessment: Assessment,
    side: str,
    *,
    overrides: Mapping[int, AnswerValue] | None = None,
) -> Result:
    """The assessment scored on one side (4 queries). ``overrides`` replace answers for a
    what-if (an empty ``AnswerValue()`` clears one); nothing is saved."""
    answers = side_answers(assessment, side)
    answers.update(overrides or {})
    tree = tree_for(assessment.worksheet_id)
    return Result(tree, answers, score(tree, answers), assessment.holds_wbk)


def units_results(*, units: Sequence[Unit], year: int, side: str) -> dict[int, Result]:
    """Unit id → its result for the year on one side; units without an assessment that
    year are left out. Queries: assessments, answers, and one tree per worksheet version."""
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
    results: dict[int, Result] = {}
    for assessment_id, unit_id, worksheet_id, holds_wbk in assessments:
        tree, values = trees[worksheet_id], _values(answers[assessment_id])
        results[unit_id] = Result(tree, values, score(tree, values), holds_wbk)
    return results
