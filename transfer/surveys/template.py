"""The sheet templates the Sekretariat fills: a survey's (empty, one row per respondent)
and the populations' (the unit's quarters so far), each with a notes sheet.

The data sheet holds only the header row (an example row there would be imported as a
respondent if nobody deleted it): the example is on the notes sheet. Excel checks the
cells as they are typed (data validation): answers 1–4, age 10–120, the profile's values
offered as a list (a warning only, so the words the import also accepts may be typed).
Every text the unit wrote (questions, service names) is escaped against formulas.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from common.spreadsheet import escape_formula
from surveys.models import Element

from ..layouts import Column, Layout
from ..reading import max_rows
from ..writing import HEADER_BORDER, HEADER_FILL, HEADER_FONT, WRAP
from .layout import NOTES, NOTES_SHEET, PROFILE


@dataclass(frozen=True)
class SurveySheet:
    """What a survey's template says: the survey, the unit's questionnaire and services."""

    title: str  # "Survei Kepuasan Masyarakat (SKM) versi 1, KPU Provinsi Kalimantan Barat"
    layout: Layout
    elements: Sequence[Element]
    services: Sequence[str]  # the active services' names
    example: Sequence[Any]  # one filled row, in the layout's order


def _header(ws: Worksheet, columns: Sequence[Column]) -> None:
    ws.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        width = 40 if column.wrap else max(len(column.header) + 4, 8)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"


def _validate(ws: Worksheet, columns: Sequence[Column], key: str, **rule: Any) -> None:
    """A data validation on the column of ``key`` for every row an import may have."""
    index = next(i for i, c in enumerate(columns, start=1) if c.key == key)
    letter = get_column_letter(index)
    check = DataValidation(allow_blank=True, showErrorMessage=True, **rule)
    check.add(f"{letter}2:{letter}{max_rows() + 1}")
    ws.add_data_validation(check)


def _survey_checks(ws: Worksheet, columns: Sequence[Column], elements: Sequence[Element]) -> None:
    for element in elements:
        _validate(
            ws,
            columns,
            element.code,
            type="whole",
            operator="between",
            formula1="1",
            formula2="4",
            errorTitle="Nilai 1–4",
            error="Isi 1, 2, 3, atau 4, atau biarkan kosong bila tidak dijawab.",
        )
    _validate(
        ws,
        columns,
        "usia",
        type="whole",
        operator="between",
        formula1="10",
        formula2="120",
        errorTitle="Usia",
        error="Usia dalam tahun, 10 sampai 120.",
    )
    for key, (_name, words) in PROFILE.items():
        _validate(
            ws,
            columns,
            key,
            type="list",
            formula1='"' + ",".join(str(v) for v in words.words) + '"',
            errorStyle="warning",
            errorTitle=words.label,
            error=f"Nilai yang diterima: {words.accepted}.",
        )


def _notes(ws: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
    for row in rows:
        ws.append([escape_formula(v) for v in row])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 90
    for cells in ws.iter_rows(min_row=1):
        for cell in cells:
            cell.alignment = WRAP
    ws["A1"].font = HEADER_FONT


def _element_note(element: Element) -> str:
    answers = "; ".join(f"{i} = {label}" for i, label in enumerate(element.labels, start=1))
    return f"{element.label}. {element.question} ({answers}). Isi 1–4 atau kosong."


def survey_notes(sheet: SurveySheet) -> list[list[Any]]:
    """The notes sheet's rows: every column, what it takes, and an example row."""
    services = ", ".join(sheet.services) or "(belum ada jenis layanan aktif: kosongkan kolom)"
    meaning: dict[str, str] = {
        **NOTES,
        "layanan": f"{NOTES['layanan']} Jenis layanan aktif: {services}.",
        **{e.code: _element_note(e) for e in sheet.elements},
        **{key: f"Boleh kosong. Isi: {words.accepted}." for key, (_n, words) in PROFILE.items()},
    }
    rows: list[list[Any]] = [
        [sheet.title],
        [
            "Satu baris per responden, mulai baris 2 lembar pertama. Judul kolom jangan diubah; "
            "kolom tambahan tidak diterima. Impor menyimpan semua baris atau tidak sama sekali."
        ],
        [],
        ["Kolom", "Wajib", "Isi"],
    ]
    for column in sheet.layout.columns:
        rows.append([column.header, "ya" if column.required else "tidak", meaning[column.key]])
    rows += [[], ["Contoh baris (jangan disalin ke lembar pertama bila bukan jawaban nyata):"]]
    rows += [[c.header for c in sheet.layout.columns], list(sheet.example)]
    return rows


def _book_bytes(book: Workbook) -> bytes:
    book.properties.creator = "ZI Portal"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def survey_book(sheet: SurveySheet) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet.layout.sheet
    columns = sheet.layout.columns
    _header(ws, columns)
    _survey_checks(ws, columns, sheet.elements)
    _notes(book.create_sheet(NOTES_SHEET), survey_notes(sheet))
    return _book_bytes(book)


def population_book(layout: Layout, title: str, periods: Sequence[tuple[int, int, Any]]) -> bytes:
    """The populations' sheet with the unit's quarters so far (change and import back)."""
    book = Workbook()
    ws = book.active
    ws.title = layout.sheet
    _header(ws, layout.columns)
    for row in periods:
        ws.append(list(row))
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(horizontal="right")
    _validate(
        ws,
        layout.columns,
        "triwulan",
        type="whole",
        operator="between",
        formula1="1",
        formula2="4",
        errorTitle="Triwulan",
        error="Triwulan 1, 2, 3, atau 4.",
    )
    _validate(
        ws,
        layout.columns,
        "populasi",
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        errorTitle="Populasi",
        error="Jumlah pengguna layanan, 0 atau lebih.",
    )
    rows: list[list[Any]] = [[title], [], ["Kolom", "Wajib", "Isi"]]
    rows += [[c.header, "ya", NOTES[c.key]] for c in layout.columns]
    _notes(book.create_sheet(NOTES_SHEET), rows)
    return _book_bytes(book)
