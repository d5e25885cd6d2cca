"""The self-assessment against the TPI's evaluation: per question, per area and in total,
and where the unit over-rated itself.

A question's over-rating is what the unit's answer adds to the TPI's total: the TPI's
answers scored again with that one question answered as the unit answered it, minus the
TPI's total (the scoring decides, count groups and sub-area weights included; only the
questions whose answers differ are scored again).

Reshapes only: it scores the answers a selector read (``lke.selectors``) and queries
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lke.selectors.pages import HASIL, HUNDRED, WorksheetMap, area_title, choice_words, progress

from .forecast import published
from .models import Assessment, Question, Side
from .scoring import AnswerValue, score
from .selectors import Result, assessment_result

ZERO = Decimal(0)


def _words(question: Question, value: AnswerValue | None, result: Result | None = None) -> str:
    """The answer in words; an empty survey answer the unit's internal survey forecasts
    says so (lke/selectors/survey_values.py)."""
    survey = result.surveys.get(question.pk) if result is not None else None
    if survey is not None and survey.is_forecast:
        return f"{choice_words(question, '')} (perkiraan survei internal {survey.value_text})"
    if value is None or (not value.choice and value.number is None):
        return choice_words(question, "")
    number = "" if value.number is None else f"{value.number.normalize():f}"
    return choice_words(question, value.choice or number)


@dataclass(frozen=True)
class QuestionDiff:
    question: Question
    area: str  # the plan area's title (or "Komponen Hasil")
    slug: str  # the URL part of its area's page
    unit_words: str
    tpi_words: str
    unit_value: Decimal  # the question's value 0…1 by the scoring
    tpi_value: Decimal
    over_rating: Decimal  # what the unit's answer adds to the TPI's total (negative: less)

    @property
    def unit_percent(self) -> Decimal:
        return self.unit_value * HUNDRED

    @property
    def tpi_percent(self) -> Decimal:
        return self.tpi_value * HUNDRED

    @property
    def differs(self) -> bool:
        return self.unit_words != self.tpi_words


@dataclass(frozen=True)
class Figure:
    """One line of the comparison: the unit's and the TPI's score (and its weight)."""

    label: str
    unit: Decimal
    tpi: Decimal
    weight: Decimal | None = None

    @property
    def difference(self) -> Decimal:
        """The unit's score minus the TPI's, as published (two decimals)."""
        return published(self.unit) - published(self.tpi)


@dataclass(frozen=True)
class Comparison:
    unit: Result
    tpi: Result
    totals: list[Figure]  # total, Pengungkit, Hasil
    areas: list[Figure]  # each plan area (Pemenuhan + Reform), then Hasil
    questions: list[QuestionDiff]  # worksheet order
    over_rated: list[QuestionDiff]  # the unit's answer adds to the total; largest first

    @property
    def differing(self) -> int:
        return sum(1 for q in self.questions if q.differs)


def _over_rating(tpi: Result, question_id: int, unit_value: AnswerValue | None) -> Decimal:
    answers = dict(tpi.answers)
    if unit_value is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = unit_value
    return published(score(tpi.tree, answers).total) - published(tpi.scores.total)


def comparison(unit: Result, tpi: Result, wmap: WorksheetMap) -> Comparison:
    """The two results of one assessment side by side (pure: no queries)."""
    rows = []
    for question in wmap.questions:
        pk = question.pk
        mine, theirs = unit.answers.get(pk), tpi.answers.get(pk)
        same = (mine or AnswerValue()) == (theirs or AnswerValue())
        rows.append(
            QuestionDiff(
                question,
                area_title(wmap.area_of[pk]),
                wmap.area_of[pk] or HASIL,
                _words(question, mine, unit),
                _words(question, theirs),
                unit.scores.question_values.get(pk, ZERO),
                tpi.scores.question_values.get(pk, ZERO),
                ZERO if same else _over_rating(tpi, pk, mine),
            )
        )
    totals = [
        Figure(label, getattr(unit.scores, name), getattr(tpi.scores, name))
        for label, name in (
            ("Nilai total", "total"),
            ("Pengungkit", "pengungkit"),
            ("Hasil", "hasil"),
        )
    ]
    areas = [
        Figure(u.title, u.score, t.score, u.weight)
        for u, t in zip(progress(wmap, unit), progress(wmap, tpi), strict=True)
    ]
    over = sorted((r for r in rows if r.over_rating > 0), key=lambda r: -r.over_rating)
    return Comparison(unit, tpi, totals, areas, rows, over)


def assessment_comparison(assessment: Assessment, wmap: WorksheetMap) -> Comparison:
    """The assessment's self-assessment against the TPI's evaluation (8 queries, and 4 for
    the unit's internal surveys: an empty IPAK/IPKP of the self-assessment is forecast)."""
    unit = assessment_result(assessment, Side.UNIT)
    tpi = assessment_result(assessment, Side.TPI)
    return comparison(unit, tpi, wmap)
