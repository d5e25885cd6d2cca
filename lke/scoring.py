"""The LKE scored exactly as the official worksheet computes it (rules: docs/lke.md).

``worksheet_tree`` reads a worksheet version in three queries (nodes, questions, predicate
minimums) into a ``Tree``; ``score`` is a pure function of a tree and one side's answers.
Everything is ``Decimal`` at full precision; rounding to two decimals happens only when a
figure is shown (``common.formatting.score_text``), written as JSON, or compared with a
predicate minimum (``lke.forecast``).

A sub-area's score is the mean of its items × its weight. An item is a choice question
(the multiplier of the chosen key) or a *count group*: the run of count questions on
consecutive rows of one sub-area, which the worksheet turns into one percentage (capped at
100 %). A sub-area with nested sub-areas (LHKPN a./b.) scores the sum of its children.
Hasil questions hang from their sub-komponen and carry their own weight: value × weight
(surveys: value ÷ 4). Areas, sub-komponen, komponen and the total are sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .models import Node, PredicateMinimum, Question, Worksheet

ZERO = Decimal(0)
ONE = Decimal(1)
SURVEY_MAX = Decimal(4)
Level = Node.Level
AnswerType = Question.AnswerType
CHOICE_TYPES = frozenset({AnswerType.YA_TIDAK, AnswerType.ABC, AnswerType.ABCD, AnswerType.ABCDE})


@dataclass(frozen=True)
class AnswerValue:
    """One side's answer as scoring needs it: a scheme key, or a number."""

    choice: str = ""
    number: Decimal | None = None


@dataclass(frozen=True)
class SchemeKey:
    key: str
    label: str
    multiplier: Decimal


@dataclass(frozen=True)
class TreeQuestion:
    id: int
    node_id: int
    excel_row: int
    answer_type: str
    weight: Decimal
    scheme: tuple[SchemeKey, ...]
    text: str = ""
    code: str = ""

    @property
    def is_choice(self) -> bool:
        return self.answer_type in CHOICE_TYPES

    def key(self, choice: str) -> SchemeKey | None:
        """The scheme key chosen (case-insensitive), or None for what is not one."""
        folded = choice.strip().casefold()
        return next((k for k in self.scheme if k.key.casefold() == folded), None)

    def value(self, answer: AnswerValue | None) -> Decimal | None:
        """The question's value 0…1, or None when it is unanswered (or a count)."""
        if answer is None:
            return None
        if self.is_choice:
            chosen = self.key(answer.choice) if answer.choice else None
            return chosen.multiplier if chosen else None
        if self.answer_type == AnswerType.SURVEY and answer.number is not None:
            return min(max(answer.number, ZERO) / SURVEY_MAX, ONE)
        return None

    def is_answered(self, answer: AnswerValue | None) -> bool:
        if answer is None:
            return False
        if self.answer_type == AnswerType.COUNT:
            return answer.number is not None
        return self.value(answer) is not None


class Formula(StrEnum):
    RATIO = "ratio"  # realisation ÷ reference (a sum of counts), capped at 1
    DECREASE = "decrease"  # (last year − this year) ÷ last year, kept within 0…1


@dataclass(frozen=True)
class CountGroup:
    """A run of count questions the worksheet scores as one percentage (docs/lke.md)."""

    question_ids: tuple[int, ...]
    formula: Formula
    reference: tuple[int, ...]
    realisation: int
    # The value when the reference is 0: 1 where the reference is an obligation (nothing
    # was due, nothing is outstanding), 0 where it is an achievement (nothing was built).
    nothing_due: Decimal

    def value(self, numbers: Mapping[int, Decimal | None]) -> Decimal | None:
        """The percentage as 0…1, or None while a count it needs is unanswered."""
        needed = (*self.reference, self.realisation)
        if any(numbers.get(qid) is None for qid in needed):
            return None
        reference = sum((numbers[qid] or ZERO for qid in self.reference), ZERO)
        realisation = numbers[self.realisation] or ZERO
        if self.formula == Formula.DECREASE:
            if reference == ZERO:
                return self.nothing_due if realisation == ZERO else ZERO
            return min(max((reference - realisation) / reference, ZERO), ONE)
        if reference == ZERO:
            return self.nothing_due
        return min(realisation / reference, ONE)


def count_group(questions: list[TreeQuestion]) -> CountGroup:
    """The formula of a run of count questions, by its shape (sources: docs/lke.md).

    2 counts (agents/changes, changes/integrated, targets/reached, services/simplified):
    the second ÷ the first; nothing to count scores 0. 3 counts starting with last year's
    disciplinary cases: the decrease from last year to this year (sanctions are not scored).
    3 other counts (complaints due, in process, settled): settled ÷ due. 4 counts (LHKPN,
    non-LHKPN): those who filed ÷ the sum of the three obliged groups. Nothing due scores 1
    in the last three.
    """
    ids = tuple(q.id for q in questions)
    if len(ids) == 2:
        return CountGroup(ids, Formula.RATIO, ids[:1], ids[1], ZERO)
    if len(ids) == 3 and "sebelumnya" in questions[0].text.casefold():
        return CountGroup(ids, Formula.DECREASE, ids[:1], ids[1], ONE)
    if len(ids) == 3:
        return CountGroup(ids, Formula.RATIO, ids[:1], ids[2], ONE)
    if len(ids) == 4:
        return CountGroup(ids, Formula.RATIO, ids[:3], ids[3], ONE)
    rows = ", ".join(str(q.excel_row) for q in questions)
    raise ValueError(f"Kelompok jumlah tanpa rumus (baris {rows}).")


Item = int | CountGroup


@dataclass(frozen=True)
class TreeNode:
    id: int
    parent_id: int | None
    level: str
    name: str
    weight: Decimal
    area_code: str
    path: tuple[str, ...]
    children: tuple[int, ...]
    # What the node's own questions contribute: question ids and count groups, in row order.
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Tree:
    """A worksheet version as scoring needs it (ids are the database's)."""

    worksheet_id: int
    nodes: tuple[TreeNode, ...]  # worksheet order: a parent before its children
    questions: dict[int, TreeQuestion]  # Excel row order
    minimums: dict[tuple[str, str], Decimal]  # (predicate, requirement) → minimum
    by_id: dict[int, TreeNode] = field(default_factory=dict)
    group_of: dict[int, CountGroup] = field(default_factory=dict)
    roots: tuple[int, ...] = ()
    pengungkit_id: int | None = None
    hasil_id: int | None = None
    bersih_id: int | None = None  # the Hasil sub-komponen holding IPAK and capaian kinerja
    ipak_id: int | None = None
    capaian_id: int | None = None
    ipkp_id: int | None = None

    def ancestors(self, node_id: int) -> list[int]:
        """The node and every node above it."""
        chain: list[int] = []
        current: int | None = node_id
        while current is not None:
            chain.append(current)
            current = self.by_id[current].parent_id
        return chain

    def points_per_value(self, question_id: int) -> Decimal:
        """The points a question's value of 1 is worth (weight ÷ items, or its own weight)."""
        question = self.questions[question_id]
        node = self.by_id[question.node_id]
        if node.level == Level.SUB_AREA:
            return node.weight / len(node.items) if node.items else ZERO
        return question.weight


@dataclass(frozen=True)
class NodeScore:
    node_id: int
    path: tuple[str, ...]
    level: str
    weight: Decimal
    score: Decimal
    area_code: str = ""


@dataclass(frozen=True)
class Scores:
    total: Decimal
    pengungkit: Decimal
    hasil: Decimal
    nodes: list[NodeScore]
    by_node: dict[int, NodeScore]
    # Choice and survey questions: their value 0…1; a count question: its group's
    # percentage as 0…1 (the same for every count of the group); unanswered: 0.
    question_values: dict[int, Decimal]
    unanswered: list[int]  # question ids, in row order


def _scheme(raw: Any) -> tuple[SchemeKey, ...]:
    return tuple(
        SchemeKey(str(k["key"]), str(k.get("label", k["key"])), Decimal(str(k["multiplier"])))
        for k in raw or ()
    )


def _items(questions: list[TreeQuestion]) -> tuple[Item, ...]:
    """A node's questions as items: runs of counts on consecutive rows become groups."""
    items: list[Item] = []
    run: list[TreeQuestion] = []
    for question in [*questions, None]:
        counts = question is not None and question.answer_type == AnswerType.COUNT
        if run and not (counts and question.excel_row == run[-1].excel_row + 1):
            items.append(count_group(run))
            run = []
        if counts:
            run.append(question)
        elif question is not None:
            items.append(question.id)
    return tuple(items)


def build_tree(
    worksheet_id: int,
    node_rows: Iterable[tuple[int, int | None, str, str, Any, int, str]],
    question_rows: Iterable[tuple[int, int, int, str, Any, Any, str, str]],
    minimum_rows: Iterable[tuple[str, str, Any]] = (),
) -> Tree:
    """A tree from rows: nodes (id, parent, level, name, weight, order, area code),
    questions (id, node, row, type, weight, scheme, text, code), minimums."""
    raw_nodes = sorted(node_rows, key=lambda r: (r[5], r[0]))
    children: dict[int | None, list[int]] = {}
    for row in raw_nodes:
        children.setdefault(row[1], []).append(row[0])
    questions = {
        row[0]: TreeQuestion(
            row[0], row[1], row[2], row[3], Decimal(row[4]), _scheme(row[5]), row[6], row[7]
        )
        for row in sorted(question_rows, key=lambda r: r[2])
    }
    per_node: dict[int, list[TreeQuestion]] = {}
    for question in questions.values():
        per_node.setdefault(question.node_id, []).append(question)
    info = {row[0]: row for row in raw_nodes}
    nodes: list[TreeNode] = []

    def visit(node_id: int, path: tuple[str, ...]) -> None:
        _, parent, level, name, weight, _, area = info[node_id]
        node = TreeNode(
            node_id,
            parent,
            level,
            name,
            Decimal(weight),
            area,
            (*path, name),
            tuple(children.get(node_id, ())),
            _items(per_node.get(node_id, [])),
        )
        nodes.append(node)
        for child in node.children:
            visit(child, node.path)

    roots = tuple(children.get(None, ()))
    for root in roots:
        visit(root, ())
    by_id = {node.id: node for node in nodes}
    group_of = {
        qid: item
        for node in nodes
        for item in node.items
        if isinstance(item, CountGroup)
        for qid in item.question_ids
    }
    minimums = {(p, r): Decimal(m) for p, r, m in minimum_rows}
    return Tree(
        worksheet_id,
        tuple(nodes),
        questions,
        minimums,
        by_id,
        group_of,
        roots,
        **_roles(by_id, questions, roots),
    )


def _roles(
    by_id: dict[int, TreeNode],
    questions: dict[int, TreeQuestion],
    roots: tuple[int, ...],
) -> dict[str, int | None]:
    """Which nodes and questions the predicate reads, by the worksheet's shape: the
    komponen with areas is Pengungkit, the other Hasil; in Hasil the choice question is
    capaian kinerja, the survey beside it IPAK (their sub-komponen: bersih), the other IPKP."""

    def under(node_id: int) -> set[int]:
        found = {node_id}
        for child in by_id[node_id].children:
            found |= under(child)
        return found

    pengungkit = next(
        (r for r in roots if any(by_id[n].level == Level.AREA for n in under(r))), None
    )
    hasil = next((r for r in roots if r != pengungkit), None)
    roles: dict[str, int | None] = {
        "pengungkit_id": pengungkit,
        "hasil_id": hasil,
        "bersih_id": None,
        "ipak_id": None,
        "capaian_id": None,
        "ipkp_id": None,
    }
    if hasil is None:
        return roles
    inside = under(hasil)
    hasil_questions = [q for q in questions.values() if q.node_id in inside]
    capaian = next((q for q in hasil_questions if q.is_choice), None)
    surveys = [q for q in hasil_questions if q.answer_type == AnswerType.SURVEY]
    if capaian is not None:
        roles["capaian_id"], roles["bersih_id"] = capaian.id, capaian.node_id
    for survey in surveys:
        key = "ipak_id" if capaian and survey.node_id == capaian.node_id else "ipkp_id"
        roles[key] = roles[key] or survey.id
    return roles


def worksheet_tree(worksheet: Worksheet) -> Tree:
    """The worksheet's tree as the database holds it now (admin edits apply): 3 queries."""
    return tree_for(worksheet.pk)


# The columns build_tree reads, in its order.
NODE_COLUMNS = ("id", "parent_id", "level", "name", "weight", "order", "area_code")
QUESTION_COLUMNS = ("id", "node_id", "excel_row", "answer_type", "weight", "scheme", "text", "code")


def tree_for(worksheet_id: int) -> Tree:
    """``worksheet_tree`` by the worksheet's id (no query for the worksheet itself)."""
    node_rows = Node.objects.filter(worksheet_id=worksheet_id).values_list(*NODE_COLUMNS)
    question_rows = Question.objects.filter(worksheet_id=worksheet_id).values_list(
        *QUESTION_COLUMNS
    )
    return build_tree(worksheet_id, node_rows, question_rows, _minimum_rows(worksheet_id))


def tree_of(worksheet_id: int, nodes: Iterable[Node], questions: Iterable[Question]) -> Tree:
    """:func:`tree_for` from the worksheet's every node and question already read (a page
    that holds them: lke.selectors.pages.WorksheetMap); one query, the minimums."""
    return build_tree(
        worksheet_id,
        [tuple(getattr(n, c) for c in NODE_COLUMNS) for n in nodes],
        [tuple(getattr(q, c) for c in QUESTION_COLUMNS) for q in questions],
        _minimum_rows(worksheet_id),
    )


def _minimum_rows(worksheet_id: int) -> Any:
    return PredicateMinimum.objects.filter(worksheet_id=worksheet_id).values_list(
        "predicate", "requirement", "minimum"
    )


def score(tree: Tree, answers: Mapping[int, AnswerValue]) -> Scores:
    """The scores of one side's answers (question id → answer); pure, no queries."""
    values: dict[int, Decimal] = {}
    numbers: dict[int, Decimal | None] = {}
    unanswered: list[int] = []
    for qid, question in tree.questions.items():
        answer = answers.get(qid)
        if not question.is_answered(answer):
            unanswered.append(qid)
        if question.answer_type == AnswerType.COUNT:
            numbers[qid] = answer.number if answer is not None else None
        else:
            values[qid] = question.value(answer) or ZERO
    for qid, group in tree.group_of.items():
        values[qid] = group.value(numbers) or ZERO

    def item_value(item: Item) -> Decimal:
        if isinstance(item, CountGroup):
            return values[item.question_ids[0]]
        return values[item]

    node_scores: dict[int, Decimal] = {}
    for node in reversed(tree.nodes):  # children before their parents
        own = ZERO
        if node.level == Level.SUB_AREA and node.items:
            mean = sum((item_value(i) for i in node.items), ZERO) / len(node.items)
            own = mean * node.weight
        elif node.items:
            own = sum(
                (values[i] * tree.questions[i].weight for i in node.items if isinstance(i, int)),
                ZERO,
            )
        node_scores[node.id] = own + sum((node_scores[c] for c in node.children), ZERO)
    nodes = [
        NodeScore(n.id, n.path, n.level, n.weight, node_scores[n.id], n.area_code)
        for n in tree.nodes
    ]
    return Scores(
        total=sum((node_scores[r] for r in tree.roots), ZERO),
        pengungkit=node_scores.get(tree.pengungkit_id, ZERO) if tree.pengungkit_id else ZERO,
        hasil=node_scores.get(tree.hasil_id, ZERO) if tree.hasil_id else ZERO,
        nodes=nodes,
        by_node={n.node_id: n for n in nodes},
        question_values=values,
        unanswered=unanswered,
    )
