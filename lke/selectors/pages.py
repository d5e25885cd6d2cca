"""What the LKE pages show, shaped from the worksheet and a scored ``Result``
(lke.selectors): progress per area, the score table, the verdicts, the cheapest path and
the what-if in words (an area's worksheet rows: lke/selectors/sheet.py). No figure is computed here that the
scoring does not give; shares of a weight are the only arithmetic, by the forecast's rule
(the published two-decimal score ÷ the weight, one decimal rounded down, so a share that
fails a minimum never reads as the minimum).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

from access.models import AreaCode
from common.formatting import EMPTY, decimal_text, roman
from lke.answers import answer_label
from lke.forecast import area_shares, published
from lke.models import Node, Predicate, Question, Worksheet

if TYPE_CHECKING:
    from lke.forecast import Step, Verdict
    from lke.scoring import Scores
    from lke.selectors import Result
    from lke.selectors.survey_values import SurveyValue

HASIL = "hasil"  # the URL part of the Hasil page (its questions have no plan area)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
AREA_TITLES = {
    code: f"Area {roman(i)} – {label}" for i, (code, label) in enumerate(AreaCode.choices, 1)
}
AREA_TITLES[""] = "Komponen Hasil"
# Levels of the score table on the overview (sub-areas are on each area's page).
OVERVIEW_LEVELS = (Node.Level.KOMPONEN, Node.Level.SUB_KOMPONEN, Node.Level.AREA)


def area_title(code: str) -> str:
    return AREA_TITLES.get(code, code)


def share(score: Decimal, weight: Decimal) -> Decimal | None:
    """A score as a percent of its weight (see the module's rule), None for a weight of 0."""
    if not weight:
        return None
    return (published(score) * HUNDRED / weight).quantize(TENTH, rounding=ROUND_DOWN)


def ratio(part: int, whole: int) -> Decimal | None:
    """Answered questions as a percent of all (one decimal)."""
    return (Decimal(part) * HUNDRED / whole).quantize(TENTH) if whole else None


@dataclass(frozen=True)
class WorksheetMap:
    """The worksheet's nodes and questions (two queries) and the plan area of each question."""

    nodes: dict[int, Node]
    questions: list[Question]
    area_of: dict[int, str]  # question id → area code, "" for the Hasil questions

    def questions_of(self, code: str) -> list[Question]:
        return [q for q in self.questions if self.area_of[q.pk] == code]

    def chain(self, node_id: int) -> list[Node]:
        """The node and every node above it."""
        chain: list[Node] = []
        node = self.nodes.get(node_id)
        while node is not None:
            chain.append(node)
            node = self.nodes.get(node.parent_id) if node.parent_id else None
        return chain

    def top_of(self, question: Question, level: str) -> Node:
        """The question's part of an area page: its node at ``level`` (its own node when
        there is none above it at that level)."""
        chain = self.chain(question.node_id)
        return next((n for n in chain if n.level == level), chain[0])

    def names(self, node_id: int, *, below: int | None = None) -> list[str]:
        """Names from the top (or from under node ``below``) down to ``node_id``."""
        names: list[str] = []
        for node in self.chain(node_id):
            if node.pk == below:
                break
            names.append(node.name)
        return names[::-1]


def worksheet_map(worksheet: Worksheet) -> WorksheetMap:
    nodes = {n.pk: n for n in Node.objects.filter(worksheet=worksheet).order_by()}
    questions = list(Question.objects.filter(worksheet=worksheet).order_by("excel_row"))
    area_of: dict[int, str] = {}
    for question in questions:
        node = nodes[question.node_id]
        while node.level != Node.Level.AREA and node.parent_id:
            node = nodes[node.parent_id]
        area_of[question.pk] = node.area_code if node.level == Node.Level.AREA else ""
    return WorksheetMap(nodes, questions, area_of)


# Progress and scores


@dataclass(frozen=True)
class AreaProgress:
    """A plan area (its Pemenuhan and Reform parts together, as the predicate reads it) or
    Hasil: answered questions and its score against its weight."""

    code: str
    slug: str  # the URL part of the area's page
    title: str
    answered: int
    total: int
    score: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)

    @property
    def percent(self) -> Decimal | None:
        return ratio(self.answered, self.total)

    @property
    def share(self) -> Decimal | None:
        return share(self.score, self.weight)


@dataclass(frozen=True)
class ScoreRow:
    """A komponen, sub-komponen or area: its weight and score (the overview's table, the
    LHE's)."""

    name: str
    level: str
    weight: Decimal
    score: Decimal
    share: Decimal | None

    @property
    def share_text(self) -> str:
        """The share as the LHE prints it, its one decimal always shown: "60,0 %"."""
        return EMPTY if self.share is None else f"{decimal_text(self.share, places=1)} %"


@dataclass(frozen=True)
class StepRow:
    question: Question
    area: AreaProgress
    current: str
    target: str
    gain: Decimal


@dataclass(frozen=True)
class Summary:
    """The figures of one side's result, ready for a template."""

    result: Result
    answered: int
    total: int
    areas: list[AreaProgress]
    rows: list[ScoreRow]
    verdicts: list[tuple[str, Verdict]]
    steps: list[StepRow] = field(default_factory=list)
    focus: AreaProgress | None = None  # the area whose page shows the summary

    @property
    def predicate(self) -> str:
        return predicate_text(self.result.verdicts)

    @property
    def scores(self) -> Scores:
        return self.result.scores

    @property
    def surveys(self) -> list[SurveyValue]:
        """IPAK and IPKP of the unit's side with their internal survey (empty: the TPI's)."""
        return list(self.result.surveys.values())

    @property
    def percent_answered(self) -> Decimal | None:
        return ratio(self.answered, self.total)


def progress(wmap: WorksheetMap, result: Result) -> list[AreaProgress]:
    """Each plan area (Pemenuhan + Reform), then Hasil: answered and total questions, the
    score and the weight."""
    missing = set(result.scores.unanswered)
    sums = {a.area_code: (a.score, a.weight) for a in area_shares(result.tree, result.scores)}
    hasil = result.scores.by_node.get(result.tree.hasil_id or 0)
    if hasil is not None:
        sums[""] = (hasil.score, hasil.weight)
    out = []
    for code in [*AreaCode.values, ""]:
        ids = [q.pk for q in wmap.questions_of(code)]
        answered = sum(1 for pk in ids if pk not in missing)
        score, weight = sums.get(code, (Decimal(0), Decimal(0)))
        out.append(
            AreaProgress(code, code or HASIL, area_title(code), answered, len(ids), score, weight)
        )
    return out


def score_rows(scores: Scores, levels: Iterable[str] = OVERVIEW_LEVELS) -> list[ScoreRow]:
    wanted = set(levels)
    return [
        ScoreRow(n.path[-1], n.level, n.weight, n.score, share(n.score, n.weight))
        for n in scores.nodes
        if n.level in wanted
    ]


def verdict_list(verdicts: Mapping[str, Verdict]) -> list[tuple[str, Verdict]]:
    """("Menuju WBK", verdict), ("Menuju WBBM", verdict)."""
    return [(str(label), verdicts[key]) for key, label in Predicate.choices if key in verdicts]


def predicate_text(verdicts: Mapping[str, Verdict]) -> str:
    """The best predicate the scores meet, in words."""
    for key in (Predicate.WBBM, Predicate.WBK):
        verdict = verdicts.get(key)
        if verdict is not None and verdict.met:
            return str(Predicate(key).label)
    return "Belum memenuhi syarat"


def choice_words(question: Question, key: str) -> str:
    """A stored or proposed answer in words: "A – Jika …", "12", "belum dijawab"."""
    if not key:
        return "belum dijawab"
    if not question.scheme:
        return key.replace(".", ",")
    label = answer_label(question, key)
    return key if label in ("", key) else f"{key} – {label}"


def scheme_choices(question: Question) -> list[tuple[str, str]]:
    """(key, words) of the question's scheme, in the worksheet's order."""
    return [(c["key"], choice_words(question, c["key"])) for c in question.scheme]


def step_rows(
    steps: Iterable[Step], wmap: WorksheetMap, areas: list[AreaProgress]
) -> list[StepRow]:
    questions = {q.pk: q for q in wmap.questions}
    by_code = {a.code: a for a in areas}
    out = []
    for step in steps:
        question = questions[step.question_id]
        area = by_code[wmap.area_of[question.pk]]
        current = choice_words(question, step.current)
        out.append(StepRow(question, area, current, choice_words(question, step.target), step.gain))
    return out


def summary(
    result: Result,
    wmap: WorksheetMap,
    *,
    steps: bool = True,
    code: str | None = None,
    limit: int | None = None,
) -> Summary:
    """The figures of a result: the cheapest path (the first ``limit`` steps; none unless
    ``steps``), and ``code`` the area a page is about."""
    areas = progress(wmap, result)
    total = len(wmap.questions)
    return Summary(
        result=result,
        answered=total - len(set(result.scores.unanswered)),
        total=total,
        areas=areas,
        rows=score_rows(result.scores),
        verdicts=verdict_list(result.verdicts),
        steps=step_rows(result.steps[:limit], wmap, areas) if steps else [],
        focus=next((a for a in areas if a.code == code), None),
    )


# The what-if sandbox


@dataclass(frozen=True)
class WhatIfRow:
    question: Question
    field: Any  # the bound field q<id>
    choices: list[tuple[str, str]]  # (key, words); empty for counts and surveys


def whatif_sections(form: Any, wmap: WorksheetMap) -> list[tuple[str, list[WhatIfRow]]]:
    """The sandbox's fields by plan area, then Hasil."""
    sections = []
    for code in [*AreaCode.values, ""]:
        rows = [WhatIfRow(q, form[f"q{q.pk}"], scheme_choices(q)) for q in wmap.questions_of(code)]
        sections.append((area_title(code), rows))
    return sections


@dataclass(frozen=True)
class Change:
    label: str
    now: Decimal
    then: Decimal

    @property
    def delta(self) -> Decimal:
        return self.then - self.now


def score_changes(now: Scores, then: Scores) -> list[Change]:
    """Total, Pengungkit and Hasil as stored and as simulated."""
    return [
        Change(label, getattr(now, name), getattr(then, name))
        for label, name in (
            ("Nilai total", "total"),
            ("Pengungkit", "pengungkit"),
            ("Hasil", "hasil"),
        )
    ]
