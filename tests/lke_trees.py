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
