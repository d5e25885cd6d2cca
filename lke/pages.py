"""What the LKE pages show, shaped from the worksheet, the stored answers and a scored
``Result`` (lke.selectors): the rows of an area's worksheet, progress per area, the score
table, the verdicts and the cheapest path in words. No figure is computed here that the
scoring does not give; shares of a weight are the only arithmetic, by the forecast's rule
(the published two-decimal score ÷ the weight, one decimal rounded down, so a share that
fails a minimum never reads as the minimum).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any

from access import rules
from access.models import AreaCode
from common.formatting import roman

from .answers import answer_label
from .forecast import area_shares, published
from .forms import AnswerForm, answer_initial
from .models import Answer, Assessment, Node, Predicate, Question, Side, Worksheet

if TYPE_CHECKING:
    from access.rules import User

    from .forecast import Step, Verdict
    from .scoring import NodeScore, Scores
    from .selectors import Result

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
    name: str
    level: str
    weight: Decimal
    score: Decimal
    share: Decimal | None


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


# The area's worksheet


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    editable: bool
    form: AnswerForm | None = None

    @property
    def choices(self) -> list[tuple[str, str]]:
        return scheme_choices(self.question)

    @property
    def words(self) -> str:
        """The stored answer in words."""
        if self.answer is None or not self.answer.is_answered:
            return choice_words(self.question, "")
        return choice_words(self.question, self.answer.choice or _number(self.answer.number))

    @property
    def is_survey(self) -> bool:
        return self.question.answer_type == Question.AnswerType.SURVEY


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@dataclass(frozen=True)
class NodeFigure:
    """A node's score beside its weight, as an area page shows it (and swaps it after a save)."""

    node_id: int
    score: Decimal
    weight: Decimal

    @property
    def share(self) -> Decimal | None:
        return share(self.score, self.weight)


def node_figure(scores: Scores, node_id: int) -> NodeFigure | None:
    found: NodeScore | None = scores.by_node.get(node_id)
    return NodeFigure(node_id, found.score, found.weight) if found is not None else None


@dataclass
class Group:
    """The questions of one sub-area (or of a Hasil sub-komponen)."""

    node: Node
    title: str
    score: NodeFigure | None
    rows: list[QuestionRow] = field(default_factory=list)


@dataclass
class Part:
    """One LKE area (its Pemenuhan or its Reform part) or one Hasil sub-komponen."""

    node: Node
    title: str
    score: NodeFigure | None
    groups: list[Group] = field(default_factory=list)


def _part_level(code: str) -> str:
    """Where an area page's parts begin: the LKE area, or Hasil's sub-komponen."""
    return Node.Level.AREA if code else Node.Level.SUB_KOMPONEN


def row_of(
    question: Question, answer: Answer | None, *, editable: bool, form: AnswerForm | None = None
) -> QuestionRow:
    """A question's row; an editable row gets a form with the stored answer unless given."""
    if editable and form is None:
        form = AnswerForm(
            initial=answer_initial(answer), prefix=f"q{question.pk}", question=question
        )
    return QuestionRow(question, answer, editable, form)


def stored_answers(assessment: Assessment, questions: Iterable[Question]) -> dict[int, Answer]:
    """The unit's stored answers to ``questions``, with who saved them (one query)."""
    rows = Answer.objects.filter(
        assessment=assessment, side=Side.UNIT, question__in=[q.pk for q in questions]
    ).select_related("updated_by")
    return {a.question_id: a for a in rows}


def may_answer(user: User, assessment: Assessment, code: str) -> bool:
    return rules.can_answer_lke(user, assessment.unit, area_code=code, side=Side.UNIT)


def area_parts(
    *, user: User, assessment: Assessment, wmap: WorksheetMap, code: str, scores: Scores
) -> list[Part]:
    """The questions of one plan area (Pemenuhan and Reform) or of Hasil (code ""), grouped
    by LKE area and sub-area, each row editable when the user may answer it."""
    questions = wmap.questions_of(code)
    answers = stored_answers(assessment, questions)
    editable = may_answer(user, assessment, code)
    parts: dict[int, Part] = {}
    for question in questions:
        top = wmap.top_of(question, _part_level(code))
        part = parts.get(top.pk)
        if part is None:
            title = " › ".join(wmap.names(top.pk))
            part = parts[top.pk] = Part(top, title, node_figure(scores, top.pk))
        if not part.groups or part.groups[-1].node.pk != question.node_id:
            title = " › ".join(wmap.names(question.node_id, below=top.pk))
            figure = node_figure(scores, question.node_id) if title else None
            part.groups.append(Group(wmap.nodes[question.node_id], title, figure))
        row = row_of(question, answers.get(question.pk), editable=editable)
        part.groups[-1].rows.append(row)
    return list(parts.values())


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


def saved_figures(scores: Scores, wmap: WorksheetMap, question: Question) -> list[NodeFigure]:
    """The scores an area page shows above a question (its sub-areas and its part), drawn
    again after the question is saved."""
    top = wmap.top_of(question, _part_level(wmap.area_of[question.pk]))
    figures = []
    for node in wmap.chain(question.node_id):
        figure = node_figure(scores, node.pk)
        if figure is not None:
            figures.append(figure)
        if node.pk == top.pk:
            break
    return figures
