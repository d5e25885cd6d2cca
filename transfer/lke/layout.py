"""The official LKE workbook: sheet "Jawaban", one declaration for its export and its import.

Every question sits on its row of the official sheet (``Question.excel_row``); the answers
are in the official columns: the unit's answer in K, its explanation in L and its evidence
in M, the TPI's answer in N and its note in Q (the worksheet data names the same letters for
every question, and the model keeps only the row, so the letters are declared here). The
columns to their left describe the row: the numbering of the komponen, sub-komponen, area
and sub-area (A–D; a nested sub-area or the question's number in E), the text (F), the
question code (G), the weight (H), the answer keys (I) and the criteria (J). Row 1 holds the
column titles; each part of the worksheet gets a heading row on the free row above its
first question, as in the official sheet (rows 2–5 above the first question, row 6).

A second sheet, "Keterangan", names the unit, the year and the worksheet version: an import
refuses a file made for another unit, year or version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

SHEET = "Jawaban"
INFO_SHEET = "Keterangan"
HEADER_ROW = 1
NUMBER_LETTERS = ("A", "B", "C", "D", "E")  # a part's number by its depth; E: the question's
TEXT, CODE, WEIGHT, KEYS, CRITERIA = "F", "G", "H", "I", "J"
TEXT_HEADER = "Uraian"

# The answer fields of an Answer, as a file holds them.
ANSWER, NOTE, EVIDENCE = "answer", "note", "evidence_note"


@dataclass(frozen=True)
class Column:
    letter: str
    header: str
    width: float
    wrap: bool = False


@dataclass(frozen=True)
class AnswerColumn(Column):
    side: str = ""  # "unit" or "tpi" (lke.models.Side)
    field: str = ""  # ANSWER, NOTE or EVIDENCE
    label: str = ""  # the field in the preview's lines ("Jawaban: A → B")


INFO_COLUMNS = (
    Column("A", "Komponen", 5),
    Column("B", "Sub-komponen", 5),
    Column("C", "Area", 5),
    Column("D", "Sub-area", 5),
    Column("E", "No.", 5),
    Column(TEXT, TEXT_HEADER, 60, wrap=True),
    Column(CODE, "Kode", 9),
    Column(WEIGHT, "Bobot", 8),
    Column(KEYS, "Pilihan Jawaban", 14, wrap=True),
    Column(CRITERIA, "Kriteria Penilaian", 60, wrap=True),
)
ANSWER_COLUMNS = (
    AnswerColumn("K", "Jawaban Unit", 12, side="unit", field=ANSWER, label="Jawaban"),
    AnswerColumn("L", "Penjelasan Unit", 45, True, side="unit", field=NOTE, label="Penjelasan"),
    AnswerColumn("M", "Bukti Dukung Unit", 45, True, side="unit", field=EVIDENCE, label="Bukti"),
    AnswerColumn("N", "Jawaban TPI", 12, side="tpi", field=ANSWER, label="Jawaban"),
    AnswerColumn("Q", "Catatan TPI", 45, True, side="tpi", field=NOTE, label="Catatan"),
)
UNUSED_COLUMNS = ("O", "P")  # the official sheet's own; left empty
LAST_COLUMN = "Q"

KEY_TEXT = {  # column I: the answer a question takes, by Question.AnswerType
    "count": "Jumlah (bilangan bulat)",
    "survey": "Nilai 0–4 (dua desimal)",
}
_NUMBERED = re.compile(r"^([A-Za-z]{1,4}|\d{1,3})\.\s+(.+)$", re.DOTALL)


def side_columns(side: str) -> tuple[AnswerColumn, ...]:
    return tuple(c for c in ANSWER_COLUMNS if c.side == side)


def side_letters(side: str) -> str:
    """ "K (jawaban), L (penjelasan), M (bukti dukung)" for the help texts."""
    return ", ".join(f"{c.letter} ({c.header})" for c in side_columns(side))


def split_number(name: str) -> tuple[str, str]:
    """ "A. PENGUNGKIT" → ("A", "PENGUNGKIT"); a name without a number → ("", name)."""
    found = _NUMBERED.match(name.strip())
    return (found.group(1), found.group(2)) if found else ("", name)


def keys_text(answer_type: str, scheme: Sequence[dict[str, Any]]) -> str:
    """Column I: "Ya/Tidak", "A/B/C/D", or what a number answer takes."""
    if scheme:
        return "/".join(str(s["key"]) for s in scheme)
    return KEY_TEXT.get(answer_type, "")


# --- where each part and question goes ---------------------------------------------------


@dataclass(frozen=True)
class PartRow:
    """A heading row: a komponen, sub-komponen, area or (nested) sub-area."""

    row: int
    depth: int  # 0 komponen … 4 nested sub-area
    number: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class QuestionRow:
    row: int
    number: int  # the question's place among its part's questions
    question: Any  # lke.models.Question


def sheet_rows(nodes: Sequence[Any], questions: Sequence[Any]) -> list[PartRow | QuestionRow]:
    """Every row of the sheet in order: each part's heading on the free row after the
    previous row (left out when its first question leaves no room), its questions on their
    own rows. ``nodes`` have id, parent_id, order, name, weight; questions node_id, excel_row.
    """
    children: dict[int | None, list[Any]] = {}
    for node in sorted(nodes, key=lambda n: n.order):
        children.setdefault(node.parent_id, []).append(node)
    asked: dict[int, list[Any]] = {}
    for question in sorted(questions, key=lambda q: q.excel_row):
        asked.setdefault(question.node_id, []).append(question)
    taken = {q.excel_row for q in questions}
    first: dict[int, int | None] = {}

    def first_row(node: Any) -> int | None:
        if node.id not in first:
            rows = [q.excel_row for q in asked.get(node.id, [])]
            rows += [r for c in children.get(node.id, []) if (r := first_row(c)) is not None]
            first[node.id] = min(rows, default=None)
        return first[node.id]

    out: list[PartRow | QuestionRow] = []
    last = HEADER_ROW

    def visit(node: Any, depth: int) -> None:
        nonlocal last
        start = first_row(node)
        row = last + 1
        if row not in taken and (start is None or row < start):
            number, name = split_number(node.name)
            out.append(PartRow(row, min(depth, 4), number, name, node.weight))
            last = row
        items: list[tuple[int, int, Any]] = [
            (q.excel_row, 0, q) for q in asked.get(node.id, [])
        ] + [(first_row(c) or 0, 1, c) for c in children.get(node.id, [])]
        count = 0
        for _row, is_part, item in sorted(items, key=lambda i: (i[0], i[1])):
            if is_part:
                visit(item, depth + 1)
            else:
                count += 1
                out.append(QuestionRow(item.excel_row, count, item))
                last = max(last, item.excel_row)

    for root in children.get(None, []):
        visit(root, 0)
    return out
