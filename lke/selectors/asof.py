"""A unit's LKE as it stood at a moment (the monthly report: the end of its month,
midnight Asia/Pontianak; the rule of dashboards/selectors/asof.py and docs/dashboard.md).

An answer counts as its history says it stood before the cutoff: each answer's latest
history row written before it (a row deleted before it does not count); the state is the
assessment's latest history row before it. Answers saved afterwards change nothing; an
empty IPAK or IPKP of the unit is forecast from the internal survey responses the portal
held before the cutoff (lke/selectors/survey_values.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from access.models import Unit
from lke.models import Answer, Assessment, Predicate, Side
from lke.scoring import AnswerValue, Scores, tree_for
from lke.selectors import result_of
from lke.selectors.survey_values import unit_internal_indices

DELETED = "-"


def answers_as_of(
    assessment_id: int, side: str, cutoff: datetime.datetime
) -> dict[int, AnswerValue]:
    """Question id → the side's answer as it stood before ``cutoff`` (one query)."""
    rows = (
        Answer.history.filter(assessment_id=assessment_id, side=side, history_date__lt=cutoff)
        .order_by("question_id", "-history_date", "-history_id")
        .distinct("question_id")
        .values_list("question_id", "history_type", "choice", "number")
    )
    return {
        qid: AnswerValue(choice=choice, number=number)
        for qid, kind, choice, number in rows
        if kind != DELETED and (choice or number is not None)
    }


@dataclass(frozen=True)
class LkeAsOf:
    """The figures of the report's LKE section."""

    state_label: str  # the state in words
    completed: bool  # the TPI's scores were the official ones
    answered: int  # the self-assessment's answered questions
    total: int  # questions of the worksheet
    unit: Scores
    tpi: Scores | None  # None while the TPI had answered nothing
    wbk_unmet: list[str]  # the unmet WBK requirements of the official side
    wbk_met: bool


def lke_as_of(unit: Unit, year: int, cutoff: datetime.datetime) -> LkeAsOf | None:
    """The unit's LKE of the plan year as it stood before ``cutoff``; None when it had not
    been started by then (7 queries, and 4 for the internal surveys)."""
    assessment = Assessment.objects.filter(unit=unit, year=year, created_at__lt=cutoff).first()
    if assessment is None:
        return None
    then = assessment.history.filter(history_date__lt=cutoff).order_by("-history_date").first()
    state = Assessment.State(then.state if then is not None else assessment.state)
    tree = tree_for(assessment.worksheet_id)
    own = answers_as_of(assessment.pk, Side.UNIT, cutoff)
    theirs = answers_as_of(assessment.pk, Side.TPI, cutoff)
    completed = state == Assessment.State.COMPLETED
    internal = unit_internal_indices(unit.pk, year, before=cutoff)
    holds_wbk = assessment.holds_wbk
    unit_result = result_of(tree, own, holds_wbk=holds_wbk, year=year, internal=internal)
    tpi_result = result_of(tree, theirs, holds_wbk=holds_wbk, year=year, internal=None)
    official = tpi_result if completed else unit_result
    wbk = official.verdicts[Predicate.WBK]
    return LkeAsOf(
        state_label=str(state.label),
        completed=completed,
        answered=len(own),
        total=len(tree.questions),
        unit=unit_result.scores,
        tpi=tpi_result.scores if theirs else None,
        wbk_unmet=list(wbk.unmet),
        wbk_met=wbk.met,
    )
