"""A table's rows read with a layout: which column holds which key, and each cell as a value.

:class:`Bound` ties a layout to a file's header row (and refuses unknown, missing, doubled
or unnamed columns); :class:`RowReader` turns one data row's cells into typed values,
collecting every error with the column it belongs to.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from common.forms import parse_percent, typed_number
from common.spreadsheet import unescape_formula

from .cells import blank, cell_text, column_letter, month_by_name, norm, read_yes_no
from .layouts import Column
from .reading import Table
from .results import CellError, RowResult

# The two ways a file may write a date as text: ISO, and day/month/year.
DATE_SHAPES = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"),
)


class Bound:
    """A layout bound to a file's header row: which column holds which key."""

    def __init__(self, columns: Sequence[Column], table: Table) -> None:
        self.columns = tuple(columns)
        self.layout = {c.key: c for c in columns}
        self.index: dict[str, int] = {}
        self.written: dict[str, str] = {}
        self.errors: list[str] = []
        blank_headers = self._bind(table.headers)
        missing = [c.header for c in columns if c.required and c.key not in self.index]
        if missing:
            self.errors.append(
                "Kolom wajib tidak ada: " + ", ".join(f"“{m}”" for m in missing) + "."
            )
        self._find_stray_cells(table, blank_headers)

    def _bind(self, headers: list[Any]) -> list[int]:
        """Match each header to a column; returns the indexes of blank headers."""
        by_name = {name: c for c in self.columns for name in c.names()}
        unknown: list[str] = []
        blank_headers: list[int] = []
        for i, raw in enumerate(headers):
            text = unescape_formula(str(raw).strip()) if raw is not None else ""
            if not text:
                blank_headers.append(i)
                continue
            column = by_name.get(norm(text))
            if column is None:
                unknown.append(f"“{text}” (kolom {column_letter(i)})")
            elif column.key in self.index:
                self.errors.append(
                    f"Kolom “{column.header}” muncul dua kali (kolom "
                    f"{column_letter(self.index[column.key])} dan {column_letter(i)})."
                )
            else:
                self.index[column.key] = i
                self.written[column.key] = text
        if unknown:
            known = ", ".join(f"“{c.header}”" for c in self.columns)
            self.errors.append(
                f"Kolom tidak dikenal: {', '.join(unknown)}. Kolom yang dikenali: {known}."
            )
        return blank_headers

    def _find_stray_cells(self, table: Table, blank_headers: list[int]) -> None:
        width = len(table.headers)
        for number, cells in table.rows:
            stray = [
                i
                for i, v in enumerate(cells)
                if (i >= width or i in blank_headers) and not blank(v)
            ]
            if stray:
                self.errors.append(
                    f"Baris {number}: kolom {column_letter(stray[0])} berisi data "
                    "tetapi tidak memiliki judul kolom."
                )
                return

    def has(self, key: str) -> bool:
        return key in self.index

    def value(self, cells: list[Any], key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(cells):
            return None
        return cells[i]

    def where(self, key: str) -> str:
        i = self.index.get(key)
        name = self.written.get(key) or self.layout[key].header
        if i is None:
            return name
        return f"{column_letter(i)} ({name})"


class RowReader:
    """Reads and checks the cells of one data row, collecting errors with their column."""

    def __init__(self, bound: Bound, number: int, cells: list[Any]) -> None:
        self.bound = bound
        self.cells = cells
        self.result = RowResult(number=number)
        self.failed: set[str] = set()  # keys of the cells with an error

    def error(self, key: str | None, message: str) -> None:
        self.result.errors.append(CellError(self.bound.where(key) if key else "", message, key))
        if key:
            self.failed.add(key)

    def model_errors(self, error: ValidationError, columns: Mapping[str, str]) -> None:
        """A model's full_clean errors, each next to the column of its field."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.error(columns.get(name), message)
        else:
            for message in error.messages:
                self.error(None, message)

    def order_errors(self, keys: Sequence[str] | None = None) -> None:
        """List the errors found so far in column order (``keys``: the layout's order)."""
        order = list(keys) if keys is not None else [c.key for c in self.bound.columns]
        rank = {key: i for i, key in enumerate(order)}
        self.result.errors.sort(key=lambda e: rank.get(e.key, len(order)) if e.key else len(order))

    def read(self) -> dict[str, Any]:
        """The cells of every column the file has and the import reads, as typed values (None
        where a cell is blank or wrong; the error is recorded)."""
        return {
            c.key: self.read_cell(c) for c in self.bound.columns if c.read and self.bound.has(c.key)
        }

    def read_cell(self, column: Column) -> Any:
        key = column.key
        label = column.header[:1].upper() + column.header[1:]  # "tanggal" → "Tanggal"
        match column.read:
            case "integer":
                return self.integer(key, label=label)
            case "decimal":
                return self.decimal(key, label=label)
            case "percent":
                return self.percent(key)
            case "month":
                return self.month(key)
            case "boolean":
                return self.boolean(key)
            case "date":
                return self.date(key, label=label)
        return self.text(key)

    def raw(self, key: str) -> Any:
        return self.bound.value(self.cells, key)

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def integer(self, key: str, *, label: str) -> int | None:
        value = self.raw(key)
        if isinstance(value, bool):
            self.error(key, f"{label} harus bilangan bulat.")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            self.error(key, f"{label} harus bilangan bulat, bukan {value}.")
            return None
        text = self.text(key)
        if not text:
            return None
        number = typed_number(text)
        if number is None or number != number.to_integral_value():
            self.error(key, f"{label} harus bilangan bulat, bukan “{text}”.")
            return None
        return int(number)

    def _number_text(self, key: str) -> str:
        value = self.raw(key)
        return str(value) if isinstance(value, int | float | Decimal) else self.text(key)

    def percent(self, key: str) -> Decimal | None:
        if isinstance(self.raw(key), bool):
            self.error(key, "Isi dengan angka 0–100, misalnya 75 atau 62,5.")
            return None
        text = self._number_text(key)
        if not text.strip():
            return None
        try:
            return parse_percent(text)
        except forms.ValidationError as error:
            self.error(key, _percent_message(text.strip(), error.code))
            return None

    def decimal(self, key: str, *, label: str) -> Decimal | None:
        text = self._number_text(key).strip()
        if not text:
            return None
        number = typed_number(text)
        if number is None:
            self.error(key, f"{label} harus angka, bukan “{self.raw(key)}”.")
            return None
        if number < 0:
            self.error(key, f"{label} tidak boleh negatif.")
            return None
        if number != number.quantize(Decimal("0.01")) or number >= 1000:
            self.error(key, f"{label} paling banyak 999,99 dengan dua angka di belakang koma.")
            return None
        return number.quantize(Decimal("0.01"))

    def month(self, key: str) -> int | None:
        value = self.raw(key)
        if isinstance(value, str) and value.strip() and not value.strip()[0].isdigit():
            month = month_by_name(value)
            if month is None:
                self.error(key, f"Bulan “{value.strip()}” tidak dikenal; isi angka 1–12.")
            return month
        errors = len(self.result.errors)
        month = self.integer(key, label="Bulan")
        if month is None:
            if len(self.result.errors) == errors:
                self.error(key, "Bulan wajib diisi (1–12).")
            return None
        if not 1 <= month <= 12:
            self.error(key, f"Bulan harus antara 1 dan 12, bukan {month}.")
            return None
        return month

    def date(self, key: str, *, label: str) -> datetime.date | None:
        """A date cell of a workbook, or text "2025-04-12" or "12/04/2025" (day first, as
        Indonesian forms write it); None when blank or wrong (the error is recorded)."""
        value = self.raw(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(key)
        if not text:
            return None
        found = next((m for shape in DATE_SHAPES if (m := shape.fullmatch(text))), None)
        if found is None:
            self.error(key, f"{label} harus berbentuk YYYY-MM-DD atau DD/MM/YYYY, bukan “{text}”.")
            return None
        try:
            return datetime.date(*(int(found[part]) for part in ("year", "month", "day")))
        except ValueError:
            self.error(key, f"{label} “{text}” tidak ada di kalender.")
            return None

    def boolean(self, key: str) -> bool:
        value = read_yes_no(self.text(key))
        if value is None:
            self.error(key, f"Isi “Ya” atau “Tidak”, bukan “{self.text(key)}”.")
            return False
        return value


def readers(table: Table, bound: Bound, results: list[RowResult]) -> Iterator[RowReader]:
    """A reader for each data row; each row's result is added to ``results``."""
    for number, cells in table.rows:
        row = RowReader(bound, number, cells)
        results.append(row.result)
        yield row


class FirstRows:
    """The row each thing (a component, a component's month, …) was first given in."""

    def __init__(self) -> None:
        self.first: dict[Hashable, int] = {}

    def check(self, row: RowReader, key: Hashable, column: str, what: str) -> None:
        """A row that gives ``key`` again is an error (on ``column``; ``what`` it names)."""
        if key in self.first:
            row.error(column, f"Baris ganda: {what} sudah ada di baris {self.first[key]}.")
        else:
            self.first[key] = row.result.number


def _percent_message(shown: str, code: str | None) -> str:
    if code == "range":
        number = typed_number(shown.replace("%", "").strip())
        if number is not None and number < 0:
            return f"Persentase tidak boleh negatif ({shown}); isi 0–100."
        return f"Persentase tidak boleh lebih dari 100 ({shown})."
    if code == "precision":
        return f"Paling banyak dua angka di belakang koma ({shown})."
    return f"“{shown}” bukan angka; isi 0–100, misalnya 75 atau 62,5."
