"""Importing the LKE workbook: one side's answers, the unit's (K, L, M) or the TPI's (N, Q).

parse (each question's row: lke.answers.parse_answer reads the answer, keys in any case,
"3,45" or "3.45") → resolve (in a file of the portal's layout, the row's text must be its
question's, and no answer may sit on another row: a shifted row is refused) → diff (what
changes in that side's answer) → apply (lke.services.answers_import: every changed answer
or none, one history row each). An emptied answer cell clears the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from openpyxl.utils import column_index_from_string

from lke.answers import parse_answer
from lke.models import Answer, Assessment, Question, Worksheet
from lke.services import answers_import
from transfer.lke import layout

from ..cells import blank, cell_text, norm, same_value, shown_number, shown_text
from ..choices import RowAction
from ..reading import Table
from ..results import CellError, RowResult

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

SHIFTED = "Baris mungkin tergeser: jangan menyisipkan, menghapus atau memindahkan baris."


@dataclass(frozen=True)
class LkeTarget:
    """What a file is checked against: the worksheet's questions and one side's answers."""

    worksheet: Worksheet
    assessment: Assessment | None
    side: str


@dataclass
class LkeOps:
    # (question, answer text, note, evidence note) of every changed answer: answers_import's rows
    rows: list[tuple[Question, str, str, str]] = field(default_factory=list)


class SheetCells:
    """The "Jawaban" sheet's cells by row number and column letter."""

    def __init__(self, table: Table) -> None:
        self.rows: dict[int, list[Any]] = {table.header_row: table.headers, **dict(table.rows)}
        # A file of the portal's own layout names its text column in the header row.
        self.portal = norm(self.text(layout.HEADER_ROW, layout.TEXT)) == norm(layout.TEXT_HEADER)

    def raw(self, row: int, letter: str) -> Any:
        cells = self.rows.get(row)
        index = column_index_from_string(letter) - 1
        return cells[index] if cells is not None and index < len(cells) else None

    def text(self, row: int, letter: str) -> str:
        return cell_text(self.raw(row, letter))


@dataclass
class _Read:
    """One question row as the file gives it."""

    choice: str = ""
    number: Decimal | None = None
    texts: dict[str, str] = field(default_factory=dict)  # NOTE / EVIDENCE → the file's text


def check(target: LkeTarget, cells: SheetCells, *, lock: bool) -> tuple[list[RowResult], LkeOps]:
    """Every question row of the file, checked and compared with the side's answers."""
    questions = list(Question.objects.filter(worksheet=target.worksheet).order_by("excel_row"))
    answers: dict[int, Answer] = {}
    if target.assessment is not None:
        found = Answer.objects.filter(assessment=target.assessment, side=target.side).order_by()
        answers = {a.question_id: a for a in (found.select_for_update() if lock else found)}
    ops = LkeOps()
    rows = [_question_row(q, cells, target, answers.get(q.pk), ops) for q in questions]
    if cells.portal:
        rows += _stray_rows(cells, {q.excel_row for q in questions}, target)
    rows.sort(key=lambda r: r.number)
    return rows, ops


def apply(target: LkeTarget, ops: LkeOps, user: AbstractBaseUser) -> None:
    if ops.rows and target.assessment is not None:
        answers_import(assessment=target.assessment, side=target.side, user=user, rows=ops.rows)


def _label(question: Question) -> str:
    text = " ".join(question.text.split())
    text = text if len(text) <= 70 else text[:69] + "…"
    return f"{question.code} · {text}" if question.code else text


def _question_row(
    q: Question, cells: SheetCells, target: LkeTarget, answer: Answer | None, ops: LkeOps
) -> RowResult:
    result = RowResult(number=q.excel_row, label=_label(q))
    read = _parse(q, cells, target, result)
    if result.errors:
        result.action = RowAction.GALAT
        return result
    _diff(q, read, target.side, answer, result, ops)
    return result


def _parse(q: Question, cells: SheetCells, target: LkeTarget, result: RowResult) -> _Read:
    row = q.excel_row
    if cells.portal and norm(cells.text(row, layout.TEXT)) != norm(q.text):
        result.errors.append(
            CellError(
                layout.TEXT,
                f"Teks di baris ini bukan pertanyaan baris {row} LKE {target.worksheet.year} "
                f"({shown_text(q.text, 50)}). {SHIFTED}",
            )
        )
    read = _Read()
    for column in layout.side_columns(target.side):
        if column.field != layout.ANSWER:
            read.texts[column.field] = cells.text(row, column.letter)
            continue
        try:
            read.choice, read.number = parse_answer(q, cells.text(row, column.letter))
        except ValidationError as error:
            result.errors.append(CellError(column.letter, " ".join(error.messages)))
    return read


def _shown_answer(choice: str, number: Decimal | None) -> str:
    return choice or shown_number(number)  # (kosong) for neither


def _diff(
    q: Question, read: _Read, side: str, answer: Answer | None, result: RowResult, ops: LkeOps
) -> None:
    """What the row changes in the side's answer (the preview's lines and the write)."""
    old_choice, old_number = (answer.choice, answer.number) if answer else ("", None)
    if (old_choice, old_number) != (read.choice, read.number):
        old, new = _shown_answer(old_choice, old_number), _shown_answer(read.choice, read.number)
        result.changes.append(f"Jawaban: {old} → {new}")
    stored = {
        name: getattr(answer, name) if answer else "" for name in (layout.NOTE, layout.EVIDENCE)
    }
    for column in layout.side_columns(side):
        new_text = read.texts.get(column.field)
        if new_text is None or same_value(stored[column.field], new_text):
            continue
        result.changes.append(
            f"{column.label}: {shown_text(stored[column.field])} → {shown_text(new_text)}"
        )
        stored[column.field] = new_text
    if not result.changes:
        result.action = RowAction.TETAP
        return
    result.action = RowAction.DIUBAH if answer is not None else RowAction.BARU
    text = read.choice or ("" if read.number is None else str(read.number))
    ops.rows.append((q, text, stored[layout.NOTE], stored[layout.EVIDENCE]))


def _stray_rows(cells: SheetCells, question_rows: set[int], target: LkeTarget) -> list[RowResult]:
    """Rows other than the questions' that hold something in the side's columns."""
    out = []
    for number in sorted(cells.rows):
        if number <= layout.HEADER_ROW or number in question_rows:
            continue
        for column in layout.side_columns(target.side):
            if not blank(cells.raw(number, column.letter)):
                message = (
                    f"Baris ini bukan baris pertanyaan LKE {target.worksheet.year}; jawaban "
                    f"hanya dibaca dari baris pertanyaan. {SHIFTED}"
                )
                error = CellError(column.letter, message)
                out.append(RowResult(number=number, action=RowAction.GALAT, errors=[error]))
                break
    return out
