"""Scoring trees for tests without the database: the worksheet file as rows (node and
question ids are the file's own ids), read with the loader's own maps."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from lke.loading import (
    ANSWER_TYPES,
    AREA_CODES,
    LEVELS,
    PREDICATE_MINIMUMS,
    bare_name,
    read_worksheet_files,
)
from lke.scoring import AnswerValue, Tree, build_tree


def minimum_rows(overrides: dict[tuple[str, str], str] | None = None) -> list[tuple[str, ...]]:
    rows = {(p, r): m for p, reqs in PREDICATE_MINIMUMS.items() for r, m in reqs.items()}
    rows.update(overrides or {})
    return [(p, r, m) for (p, r), m in rows.items()]


@cache
def reference_rows() -> tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]:
    nodes: list[tuple[Any, ...]] = []
    questions: list[tuple[Any, ...]] = []

    def visit(node: dict[str, Any], parent: int | None) -> None:
        level = LEVELS[node["level"]]
        area = AREA_CODES[bare_name(node["nama"])] if level == "area" else ""
        weight = str(node["bobot_maksimal"])
        nodes.append((node["id"], parent, level, node["nama"], weight, node["order_index"], area))
        for q in node.get("soals", []):
            kind = ANSWER_TYPES[q["jenis_jawaban"].upper()]
            weight = str(q["bobot_maksimal"])
            scheme, text = q["skema_penilaian"], q["teks_pertanyaan"]
            questions.append(
                (q["id"], node["id"], q["excel_baris"], kind, weight, scheme, text, "")
            )
        for child in node["children"]:
            visit(child, node["id"])

    for root in read_worksheet_files()["data"]["data"]:
        visit(root, None)
    return tuple(nodes), tuple(questions)


def reference_tree(minimums: dict[tuple[str, str], str] | None = None) -> Tree:
    """The 2026 worksheet file as a tree, with the reference minimums (or some changed)."""
    nodes, questions = reference_rows()
    return build_tree(1, nodes, questions, minimum_rows(minimums))


def choice(key: str) -> AnswerValue:
    return AnswerValue(choice=key)


def number(value: str | int) -> AnswerValue:
    return AnswerValue(number=Decimal(str(value)))


def by_rows(tree: Tree, answers: dict[int, AnswerValue]) -> dict[int, AnswerValue]:
    """Answers keyed by Excel row → keyed by the tree's question ids."""
    ids = {question.excel_row: qid for qid, question in tree.questions.items()}
    return {ids[row]: answer for row, answer in answers.items()}


def best_answers(tree: Tree) -> dict[int, AnswerValue]:
    """Every choice at its best key; counts that give 100 % (disciplinary cases 0 and 0,
    every reference 1 and every realisation the sum of its references); surveys empty."""
    answers: dict[int, AnswerValue] = {}
    for qid, question in tree.questions.items():
        if question.is_choice:
            top = max(question.scheme, key=lambda key: key.multiplier)
            answers[qid] = choice(top.key)
    for group in set(tree.group_of.values()):
        for qid in group.question_ids:
            answers[qid] = number(0 if group.formula == "decrease" else 1)
        if group.formula != "decrease":
            answers[group.realisation] = number(len(group.reference))
    return answers


def save_answers(assessment: Any, side: str, answers: dict[int, AnswerValue]) -> None:
    """Store answers keyed by Excel row for the assessment's worksheet."""
    from lke.models import Answer, Question

    questions = Question.objects.filter(worksheet_id=assessment.worksheet_id)
    ids = dict(questions.values_list("excel_row", "id"))
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment, question_id=ids[row], side=side, choice=a.choice, number=a.number
        )
        for row, a in answers.items()
    )


# The worked example of docs/lke.md, by Excel row.
WORKED_EXAMPLE: dict[int, AnswerValue] = {
    6: choice("Ya"), 7: choice("B"),
    9: choice("Tidak"), 10: choice("A"), 11: choice("C"),
    13: choice("B"), 14: choice("C"),
    23: choice("A"), 24: choice("B"), 25: choice("D"),
    40: choice("Ya"), 41: choice("C"), 42: choice("Tidak"),
    99: choice("E"), 100: choice("D"), 101: choice("A"), 102: choice("Ya"),
    126: number(10), 127: number(8), 129: number(8), 130: number(10),
    132: choice("A"),
    152: number(4), 153: number(1), 154: number(1),
    158: number(8), 159: number(6),
    169: number(0), 170: number(0), 171: number(0),
    176: number(1), 177: number(3), 178: number(0), 179: number(3),
    183: number(2), 184: number(5), 185: number(13), 186: number(20),
    189: choice("C"), 191: number(12), 192: number(3),
    199: number("3.45"), 200: choice("B"), 202: number("3.20"),
}  # fmt: skip
