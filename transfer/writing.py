"""Writing exported tables as file bytes: XLSX (one sheet per table) or CSV (one table)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import tablib
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
WIDE = 60  # width of a wrapped long-text column
MAX_WIDTH = 50  # widest column sized by its content
SAMPLE_ROWS = 2000  # rows looked at for a column's width

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
BAND_FILL = PatternFill("solid", fgColor="F6F7F8")
HEADER_BORDER = Border(bottom=Side(style="thin", color="ADB5BD"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


@dataclass
class ExportFile:
    name: str
    content_type: str
    content: bytes


@dataclass
class Sheet:
    title: str
    data: tablib.Dataset
    wrap: tuple[str, ...] = ()  # headers of long-text columns (wrapped, wide)
    freeze: str = "A2"
    bands: str | None = None  # header whose value changes start a new shaded group


def file_bytes(sheets: Sequence[Sheet], fmt: str) -> bytes:
    """All sheets as one workbook, or the first as CSV."""
    return xlsx_bytes(sheets) if fmt == "xlsx" else csv_bytes(sheets[0].data)


def _cell_width(value: Any) -> int:
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook that opens cleanly in Excel and LibreOffice: bold frozen header row,
    column widths from the content, filters, wrapped long text, shaded area groups."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "ZI Portal"
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    headers = list(sheet.data.headers or [])
    ws.append(headers)
    for row in sheet.data:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrapped = {i for i, h in enumerate(headers, start=1) if h in sheet.wrap}
    for index, header in enumerate(headers, start=1):
        if index in wrapped:
            width = WIDE
        else:
            sample = [_cell_width(r[index - 1]) for r in sheet.data[:SAMPLE_ROWS]]
            width = min(max([len(header) + 2, *(w + 2 for w in sample)]), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(index)].width = max(width, 6)
    _shade_bands(ws, headers, sheet.bands, wrapped)
    ws.freeze_panes = sheet.freeze
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    ws.sheet_view.zoomScale = 100


def _shade_bands(ws: Worksheet, headers: list[str], bands: str | None, wrapped: set[int]) -> None:
    """Align the data cells; shade every other group of rows that share the ``bands`` value."""
    band_index = headers.index(bands) if bands in headers else None
    shaded, previous = False, object()
    for row_cells in ws.iter_rows(min_row=2):
        if band_index is not None:
            value = row_cells[band_index].value
            if value != previous:
                shaded, previous = not shaded, value
        for cell in row_cells:
            cell.alignment = WRAP if cell.column in wrapped else TOP
            if band_index is not None and shaded:
                cell.fill = BAND_FILL


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return value


def csv_bytes(data: tablib.Dataset) -> bytes:
    """RFC 4180 CSV (comma, CRLF, decimal point) in UTF-8 with a BOM, for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(data.headers or [])
    for row in data:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
