"""Reading an uploaded file into a table: its type by content, its limits, its rows.

Only XLSX and UTF-8 CSV are read, recognised by their content (never by their name). A file
is refused as a whole (ImportFileError) when it is damaged, of another type, too big once
unpacked (zip bombs), too wide or too long.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from openpyxl import load_workbook

from .cells import blank, thousands

BLANK_STREAK_END = 1000  # this many blank rows in a row end the table (formatted empty rows)
MAX_COLUMNS = 60
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 20000))


class ImportFileError(Exception):
    """The file as a whole cannot be imported (type, size, encoding, columns)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    kind: str  # "xlsx" or "csv"
    headers: list[Any]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells)


def sniff_format(content: bytes) -> str:
    """ "xlsx" or "csv", by content (never by name); ImportFileError otherwise."""
    if not content or not content.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError("Berkas kosong: tidak ada data yang dapat diimpor.")
    if content.startswith(b"PK\x03\x04"):
        _check_workbook_package(content)
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "Berkas Excel lama (.xls) atau berkas terenkripsi tidak didukung. "
            "Simpan sebagai .xlsx (tanpa kata sandi) atau CSV UTF-8."
        )
    guess = filetype.guess(content[:8192])
    if guess is not None:
        raise ImportFileError(
            f"Berkas ini berjenis {guess.extension.upper()}, bukan XLSX atau CSV. "
            "Unggah berkas XLSX atau CSV."
        )
    if b"\x00" in content:
        raise ImportFileError("Berkas ini bukan teks CSV maupun XLSX. Unggah berkas XLSX atau CSV.")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Berkas CSV harus berenkode UTF-8. Di Excel pilih “CSV UTF-8 (Comma delimited)”, "
            "atau unggah XLSX."
        ) from None
    return "csv"


def _check_workbook_package(content: bytes) -> None:
    """A ZIP package that holds a workbook and is not too big once unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(
            "Berkas ini bukan XLSX yang utuh (arsip ZIP rusak). Simpan ulang sebagai .xlsx."
        ) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            "Berkas ini arsip ZIP atau dokumen Office lain, bukan lembar kerja XLSX. "
            "Unggah berkas XLSX atau CSV."
        )
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError("Isi berkas XLSX terlalu besar setelah diekstrak.")


def _bounded_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows with their row numbers; a long blank stretch ends the table."""
    blank_streak = 0
    for number, values in enumerate(rows, start=1):
        cells = list(values)
        if len(cells) > MAX_COLUMNS:
            if not all(blank(v) for v in cells[MAX_COLUMNS:]):
                raise ImportFileError(f"Berkas memiliki lebih dari {MAX_COLUMNS} kolom berisi.")
            cells = cells[:MAX_COLUMNS]
        if all(blank(v) for v in cells):
            blank_streak += 1
            if blank_streak >= BLANK_STREAK_END:
                return
            continue
        blank_streak = 0
        yield number, cells


def _table(kind: str, rows: Iterable[Sequence[Any]], *, limit: int) -> Table:
    iterator = _bounded_rows(rows)
    first = next(iterator, None)
    if first is None:
        raise ImportFileError("Berkas kosong: tidak ada judul kolom maupun data.")
    header_row, headers = first
    data: list[tuple[int, list[Any]]] = []
    for number, cells in iterator:
        if len(data) >= limit:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(limit)} baris data; batas impor "
                f"{thousands(limit)} baris. Bagi berkas menjadi beberapa bagian."
            )
        data.append((number, cells))
    if not data:
        raise ImportFileError("Berkas hanya berisi judul kolom; tidak ada baris data.")
    return Table(kind=kind, headers=headers, header_row=header_row, rows=data)


def read_table(content: bytes, *, sheet: str | None = None) -> Table:
    """The first table of an XLSX (the named sheet when it exists) or CSV file."""
    kind = sniff_format(content)
    if kind == "csv":
        return _csv_table(content)
    return _xlsx_table(content, sheet)


def _csv_table(content: bytes) -> Table:
    text = content.decode("utf-8").removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return _table("csv", csv.reader(io.StringIO(text), delimiter=delimiter), limit=max_rows())
    except csv.Error as error:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {error}.") from None


def _xlsx_table(content: bytes, sheet: str | None) -> Table:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca (rusak atau dilindungi kata sandi)."
        ) from None
    try:
        if not book.worksheets:
            raise ImportFileError("Berkas XLSX tidak memiliki lembar kerja.")
        ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        try:
            return _table("xlsx", ws.iter_rows(values_only=True), limit=max_rows())
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError(
                "Berkas XLSX tidak dapat dibaca (isi lembar kerja rusak)."
            ) from None
    finally:
        book.close()
