"""Reading an uploaded file into a table: its type by content, its limits, its rows.

Only XLSX and UTF-8 CSV are read, recognised by their content (never by their name). A file
is refused as a whole (ImportFileError) when it is damaged, of another type, too big once
unpacked, too wide or too long, or holds a cell longer than a form field takes.

An XLSX is a ZIP package: before openpyxl opens it, the package is inspected from its
directory and by streaming its shared strings, so that a small file that unpacks into
millions of entries (a 459 KB file with 11 million shared strings took 79 s and 1.1 GB)
is refused in well under a second. The declared sizes can be trusted: Python's zipfile
stops at the declared size and fails the CRC of an entry that claims less than it holds.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from openpyxl import load_workbook

from common.forms import MAX_TEXT_CHARS

from .cells import blank, column_letter, thousands

BLANK_STREAK_END = 1000  # this many blank rows in a row end the table (formatted empty rows)
MAX_COLUMNS = 60
# An XLSX package: what a real workbook of IMPORT_MAX_ROWS rows stays far below.
MAX_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS = 100_000  # openpyxl reads about 40.000 a second
MAX_RATIO = 200  # uncompressed / compressed, for an entry over 1 MB unpacked
SHARED_STRING = re.compile(rb"<(?:\w{1,10}:)?si[\s/>]")
TOO_BIG = (
    "Isi berkas XLSX terlalu besar setelah diekstrak ({what}); berkas ini tidak dapat "
    "diimpor. Simpan ulang dari Excel hanya dengan lembar yang diperlukan, atau unggah CSV."
)


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
    _check_sizes(infos)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        _check_shared_strings(package)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise ImportFileError(TOO_BIG.format(what=f"{thousands(len(infos))} bagian"))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(TOO_BIG.format(what=f"{thousands(total // 2**20)} MB"))
    for info in infos:
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ImportFileError(TOO_BIG.format(what=f"dimampatkan {thousands(ratio)} kali"))


def _check_shared_strings(package: zipfile.ZipFile) -> None:
    """Count shared strings (``<si>``, with any namespace prefix) in every part as it
    streams: the count attribute may lie and the part may have any name."""
    count = 0
    try:
        for info in package.infolist():
            with package.open(info) as stream:
                count += _count_shared_strings(stream, MAX_SHARED_STRINGS - count)
            if count > MAX_SHARED_STRINGS:
                raise ImportFileError(
                    TOO_BIG.format(what=f"lebih dari {thousands(MAX_SHARED_STRINGS)} teks")
                )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(
            "Berkas ini bukan XLSX yang utuh (arsip ZIP rusak). Simpan ulang sebagai .xlsx."
        ) from None


def _count_shared_strings(stream: IO[bytes], limit: int) -> int:
    """``<si>`` elements in a stream, stopping once past ``limit``. A match is at most 15
    bytes and holds one "<", its first: a chunk whose last "<" is in its last 16 bytes is
    matched up to that "<" and the rest carried over to the next chunk."""
    count, carry = 0, b""
    while count <= limit:
        chunk = stream.read(1 << 20)
        data = carry + chunk
        if not chunk:
            return count + len(SHARED_STRING.findall(data))
        cut = data.rfind(b"<")
        if cut < len(data) - 16:
            cut = len(data)
        count += len(SHARED_STRING.findall(data, 0, cut))
        carry = data[cut:]
    return count


def _bounded_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows with their row numbers; a long blank stretch ends the table."""
    blank_streak = 0
    for number, values in enumerate(rows, start=1):
        cells = list(values)
        if len(cells) > MAX_COLUMNS:
            if not all(blank(v) for v in cells[MAX_COLUMNS:]):
                raise ImportFileError(f"Berkas memiliki lebih dari {MAX_COLUMNS} kolom berisi.")
            cells = cells[:MAX_COLUMNS]
        _check_lengths(number, cells)
        if all(blank(v) for v in cells):
            blank_streak += 1
            if blank_streak >= BLANK_STREAK_END:
                return
            continue
        blank_streak = 0
        yield number, cells


def _check_lengths(number: int, cells: list[Any]) -> None:
    """The same limit as the portal's text fields (common.forms.MAX_TEXT_CHARS)."""
    for index, value in enumerate(cells):
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            raise ImportFileError(too_long_message(number, index))


def too_long_message(number: int, index: int | None) -> str:
    where = f"Baris {number}" + (f", kolom {column_letter(index)}" if index is not None else "")
    return (
        f"{where}: teks lebih dari {thousands(MAX_TEXT_CHARS)} karakter; isian di portal "
        f"paling panjang {thousands(MAX_TEXT_CHARS)} karakter. Persingkat teks tersebut."
    )


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
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _table("csv", reader, limit=max_rows())
    except csv.Error as error:
        if "field limit" in str(error):  # a cell far over the limit: the same rule
            raise ImportFileError(too_long_message(reader.line_num, None)) from None
        raise ImportFileError(
            f"Berkas CSV tidak dapat dibaca di baris {reader.line_num} (tanda kutip yang "
            "tidak ditutup atau pemisah yang tidak konsisten). Simpan ulang sebagai CSV UTF-8."
        ) from None


def read_sheets(content: bytes, names: Sequence[str]) -> dict[str, Table]:
    """The named sheets of an XLSX file, those it has (one read of the package)."""
    if sniff_format(content) != "xlsx":
        raise ImportFileError(
            "Berkas ini CSV, bukan XLSX; data ini hanya dapat diimpor dari berkas XLSX."
        )
    book = _open_workbook(content)
    try:
        return {name: _sheet_table(book[name]) for name in names if name in book.sheetnames}
    finally:
        book.close()


def _open_workbook(content: bytes) -> Any:
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged package
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca (rusak atau dilindungi kata sandi)."
        ) from None


def _sheet_table(ws: Any) -> Table:
    try:
        return _table("xlsx", ws.iter_rows(values_only=True), limit=max_rows())
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError("Berkas XLSX tidak dapat dibaca (isi lembar kerja rusak).") from None


def _xlsx_table(content: bytes, sheet: str | None) -> Table:
    book = _open_workbook(content)
    try:
        if not book.worksheets:
            raise ImportFileError("Berkas XLSX tidak memiliki lembar kerja.")
        ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        return _sheet_table(ws)
    finally:
        book.close()
