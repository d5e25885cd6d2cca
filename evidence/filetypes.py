"""Recognise an upload's type from its content, never from its name."""

from __future__ import annotations

import os
import zipfile
from typing import IO

import filetype

from .models import EvidenceFile

Kind = EvidenceFile.Kind

CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.JPG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ALLOWED_LABEL = "PDF, JPG, PNG, DOCX, XLSX, PPTX"
# The extensions a file of each kind may keep; the first is the one it is given.
EXTENSIONS = {
    Kind.PDF: (".pdf",),
    Kind.JPG: (".jpg", ".jpeg"),
    Kind.PNG: (".png",),
    Kind.DOCX: (".docx",),
    Kind.XLSX: (".xlsx",),
    Kind.PPTX: (".pptx",),
}

# The part that only that kind of OOXML package holds.
_OOXML_MAIN_PART = {
    "word/document.xml": Kind.DOCX,
    "xl/workbook.xml": Kind.XLSX,
    "ppt/presentation.xml": Kind.PPTX,
}


def detect(fh: IO[bytes]) -> str | None:
    """The evidence kind of an open file, or None when it is not an allowed type.

    PDF and images by their signature (filetype); Office files are ZIP packages, so they are
    opened and recognised by their main part, which a renamed ZIP or other archive lacks.
    """
    fh.seek(0)
    head = fh.read(8192)
    fh.seek(0)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in {"pdf", "jpg", "png"}:
        return Kind(guess.extension)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fh) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            fh.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for part, kind in _OOXML_MAIN_PART.items():
            if part in names:
                return kind
    return None


def name_for_kind(name: str, kind: str) -> str:
    """The name with the extension of the type found in the content: a PDF uploaded as
    "laporan.html" is "laporan.pdf", so that it never opens as a web page or a program."""
    stem, ext = os.path.splitext(name)
    allowed = EXTENSIONS[Kind(kind)]
    if ext.lower() in allowed:
        return name
    return f"{stem or 'berkas'}{allowed[0]}"
