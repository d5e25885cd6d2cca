"""Import files made to hurt the reader, built in memory (tests and bench/hostile_import.py)."""

from __future__ import annotations

import io
import zipfile

from tests.test_transfer_support import PROGRESS_HEADERS, xlsx_file

SHEET = "xl/worksheets/sheet1.xml"


def _repack(base: bytes, replace: dict[str, bytes], extra: int = 0) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, source.read(info.filename)))
        for name, data in replace.items():
            target.writestr(name, data)
        for number in range(extra):
            target.writestr(f"xl/media/kosong{number}.bin", b"")
    return out.getvalue()


def workbook() -> bytes:
    return xlsx_file([PROGRESS_HEADERS, ["Manajemen Perubahan", "Tim Kerja", 4, 10, "x"]])


def shared_strings_bomb(entries: int, *, distinct: bool = False) -> bytes:
    """A few hundred KB that hold ``entries`` empty shared strings (the count attribute
    says 1, as a hostile file may); ``distinct``: numbered strings, which pack less."""
    if distinct:
        body = b"".join(b"<si><t>%d</t></si>" % n for n in range(entries))
    else:
        body = b"<si><t/></si>" * entries
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1">' + body + b"</sst>"
    )
    return with_shared_strings(xml)


def with_shared_strings(xml: bytes, part: str = "xl/sharedStrings.xml") -> bytes:
    """The workbook with a shared-strings part declared where Excel declares it."""
    base = workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as package:
        types = package.read("[Content_Types].xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
    override = (
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ).encode()
    relation = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/sharedStrings" Target="/{part}" Id="rId99"/></Relationships>'
    ).encode()
    return _repack(
        base,
        {
            "[Content_Types].xml": types.replace(b"</Types>", override),
            "xl/_rels/workbook.xml.rels": rels.replace(b"</Relationships>", relation),
            part: xml,
        },
    )


def ratio_bomb(megabytes: int) -> bytes:
    """A sheet padded with whitespace: tiny compressed, ``megabytes`` unpacked."""
    base = workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as package:
        sheet = package.read(SHEET)
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (megabytes * 2**20), 1)
    return _repack(base, {SHEET: padded})


def many_entries(count: int) -> bytes:
    return _repack(workbook(), {}, extra=count)


def long_cell_xlsx(length: int) -> bytes:
    return xlsx_file([PROGRESS_HEADERS, ["Manajemen Perubahan", "Tim Kerja", 4, 10, "y" * length]])
