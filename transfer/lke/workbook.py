"""Writing a unit's LKE as the official workbook (transfer.lke.layout): XLSX bytes.

Answers are written as the scheme's keys ("Ya", "B"), counts and survey values as numbers;
text a spreadsheet would run as a formula is escaped (common.spreadsheet), characters a
workbook cannot hold are dropped, as in the portal's other exports.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet as Sheet

from access.models import Unit
from common.spreadsheet import escape_formula
from lke.models import Answer, Assessment, Node, Question, Worksheet
from lke.services import worksheet_current
from transfer.cells import cell_number
from transfer.lke import layout
from transfer.writing import HEADER_BORDER, HEADER_FILL, HEADER_FONT, TOP, WRAP

NOT_LOADED = "LKE belum dimuat di portal (python manage.py load_lke)."
INFO_TITLE = "Lembar Kerja Evaluasi Zona Integritas"
INFO_UNIT, INFO_YEAR, INFO_VERSION = "Kode satuan kerja", "Tahun", "Versi LKE"
NUMBER_FORMATS = {"count": "0", "survey": "0.00"}

_PART_FILLS = tuple(PatternFill("solid", fgColor=c) for c in ("D6DEEA", "E3E9F1", "EEF1F6"))
_INPUT_FILLS = {
    side: PatternFill("solid", fgColor=c) for side, c in (("unit", "FFF8DC"), ("tpi", "EAF4FB"))
}


@dataclass
class LkeBook:
    """What the workbook shows: the worksheet's rows and both sides' answers."""

    unit: Unit
    year: int
    worksheet: Worksheet
    assessment: Assessment | None
    rows: list[layout.PartRow | layout.QuestionRow]
    answers: dict[tuple[int, str], Answer]  # (question id, side) → answer


def lke_book(unit: Unit, year: int) -> LkeBook:
    """The unit's assessment of the year (its worksheet version), or the current worksheet
    with no answers when the assessment has not begun. Four queries."""
    assessment = Assessment.objects.filter(unit=unit, year=year).select_related("worksheet").first()
    worksheet = assessment.worksheet if assessment else worksheet_current()
    if worksheet is None:
        raise ValidationError(NOT_LOADED)
    nodes = Node.objects.filter(worksheet=worksheet).only(
        "id", "parent_id", "order", "name", "weight"
    )
    questions = Question.objects.filter(worksheet=worksheet).order_by("excel_row")
    answers = (
        {(a.question_id, a.side): a for a in Answer.objects.filter(assessment=assessment)}
        if assessment
        else {}
    )
    rows = layout.sheet_rows(list(nodes), list(questions))
    return LkeBook(unit, year, worksheet, assessment, rows, answers)


def book_bytes(book: LkeBook) -> bytes:
    out = Workbook()
    sheet = out.active
    sheet.title = layout.SHEET
    _write_answers(sheet, book)
    _write_info(out.create_sheet(layout.INFO_SHEET), book)
    out.properties.creator = "ZI Portal"
    out.properties.title = f"{INFO_TITLE} {book.unit.short_name} {book.year}"
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _text(value: str) -> str:
    return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))


def _put(sheet: Sheet, cell: str, value: Any, *, wrap: bool = False) -> Any:
    target = sheet[cell]
    target.value = _text(value) if isinstance(value, str) else value
    target.alignment = WRAP if wrap else TOP
    return target


def _write_answers(sheet: Sheet, book: LkeBook) -> None:
    columns = (*layout.INFO_COLUMNS, *layout.ANSWER_COLUMNS)
    for column in columns:
        cell = _put(sheet, f"{column.letter}{layout.HEADER_ROW}", column.header, wrap=True)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        sheet.column_dimensions[column.letter].width = column.width
    for letter in layout.UNUSED_COLUMNS:
        sheet.column_dimensions[letter].width = 3
    validations = _Validations(sheet)
    for row in book.rows:
        if isinstance(row, layout.PartRow):
            _write_part(sheet, row)
        else:
            _write_question(sheet, row, book)
            validations.add(row)
    sheet.freeze_panes = f"{layout.CODE}{layout.HEADER_ROW + 1}"
    sheet.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"


def _write_part(sheet: Sheet, row: layout.PartRow) -> None:
    r = row.row
    _put(sheet, f"{layout.NUMBER_LETTERS[row.depth]}{r}", row.number)
    _put(sheet, f"{layout.TEXT}{r}", row.name, wrap=True)
    _put(sheet, f"{layout.WEIGHT}{r}", cell_number(row.weight))
    fill = _PART_FILLS[row.depth] if row.depth < len(_PART_FILLS) else None
    for column in (*layout.INFO_COLUMNS, *layout.ANSWER_COLUMNS):
        cell = sheet[f"{column.letter}{r}"]
        cell.font = HEADER_FONT
        if fill is not None:
            cell.fill = fill


def _write_question(sheet: Sheet, row: layout.QuestionRow, book: LkeBook) -> None:
    q, r = row.question, row.row
    _put(sheet, f"{layout.NUMBER_LETTERS[-1]}{r}", row.number)
    _put(sheet, f"{layout.TEXT}{r}", q.text, wrap=True)
    _put(sheet, f"{layout.CODE}{r}", q.code)
    _put(sheet, f"{layout.WEIGHT}{r}", cell_number(q.weight) or None)
    _put(sheet, f"{layout.KEYS}{r}", layout.keys_text(q.answer_type, q.scheme), wrap=True)
    _put(sheet, f"{layout.CRITERIA}{r}", q.criteria, wrap=True)
    for column in layout.ANSWER_COLUMNS:
        answer = book.answers.get((q.pk, column.side))
        value = _answer_value(answer, column.field)
        cell = _put(sheet, f"{column.letter}{r}", value, wrap=column.wrap)
        if column.field == layout.ANSWER:
            cell.fill = _INPUT_FILLS[column.side]
            cell.number_format = NUMBER_FORMATS.get(q.answer_type, "General")


def _answer_value(answer: Answer | None, field: str) -> Any:
    if answer is None:
        return None
    if field == layout.ANSWER:
        return answer.choice or cell_number(answer.number)
    return getattr(answer, field) or None


class _Validations:
    """Excel's own check of the answer cells (a warning, which the user may pass): the
    scheme's keys, a whole number, a survey value 0–4."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.by_kind: dict[str, DataValidation] = {}

    def add(self, row: layout.QuestionRow) -> None:
        q = row.question
        kind = layout.keys_text(q.answer_type, q.scheme)
        validation = self.by_kind.get(kind)
        if validation is None:
            validation = self._make(q.answer_type, [str(s["key"]) for s in q.scheme], kind)
            self.by_kind[kind] = validation
            self.sheet.add_data_validation(validation)
        for column in layout.ANSWER_COLUMNS:
            if column.field == layout.ANSWER:
                validation.add(f"{column.letter}{row.row}")

    @staticmethod
    def _make(answer_type: str, keys: list[str], kind: str) -> DataValidation:
        if keys:
            validation = DataValidation(type="list", formula1=f'"{",".join(keys)}"')
        elif answer_type == "survey":
            validation = DataValidation(
                type="decimal", operator="between", formula1="0", formula2="4"
            )
        else:
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        validation.allow_blank = True
        validation.errorStyle = "warning"
        validation.errorTitle = "Jawaban LKE"
        validation.error = f"Isi dengan: {kind}."
        validation.showErrorMessage = True
        return validation


def _write_info(sheet: Sheet, book: LkeBook) -> None:
    state = book.assessment.get_state_display() if book.assessment else "Belum dimulai"
    rows: list[tuple[str, Any]] = [
        (INFO_TITLE, ""),
        ("Satuan kerja", book.unit.name),
        (INFO_UNIT, book.unit.slug),
        (INFO_YEAR, book.year),
        (INFO_VERSION, book.worksheet.year),
        ("Dasar hukum", book.worksheet.regulation),
        ("Status penilaian", str(state)),
        ("Diekspor", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("", ""),
        ("Penilaian mandiri", "Kolom " + layout.side_letters("unit") + "."),
        ("Penilaian TPI", "Kolom " + layout.side_letters("tpi") + "."),
        (
            "Jawaban",
            "Kunci skema penilaian: Ya/Tidak, A–E (huruf besar atau kecil sama saja); jumlah: "
            "bilangan bulat; nilai survei 0–4 dengan paling banyak dua angka di belakang koma "
            "(3,45 atau 3.45).",
        ),
        (
            "Impor",
            "Setiap pertanyaan dibaca dari barisnya di lembar “Jawaban”: jangan menyisipkan, "
            "menghapus atau memindahkan baris. Sel jawaban yang dikosongkan menghapus jawaban.",
        ),
    ]
    for number, (label, value) in enumerate(rows, start=1):
        _put(sheet, f"A{number}", label).font = HEADER_FONT
        _put(sheet, f"B{number}", value, wrap=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 90
