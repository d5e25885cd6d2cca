"""What the submission package lists: where each evidence file goes in the ZIP, the evidence
index (CSV and PDF) and the manifests. Reshapes only what ``build`` read (no queries), apart
from rendering the index PDF."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import tablib
from django.template.loader import render_to_string

from access.models import Unit
from common.formatting import datetime_text, month_name
from common.spreadsheet import escape_formula
from common.uploads import sanitize_name
from lke.selectors.evidence import QuestionFile
from reports.rendering import pdf_from_html
from transfer.writing import csv_bytes

EVIDENCE_FOLDER = "bukti"
INDEX_NAME = "indeks-bukti-dukung"
MANIFEST_JSON, MANIFEST_SUMS = "manifest.json", "MANIFEST.sha256"
INDEX_HEADERS = [
    "Kode pertanyaan",
    "Pertanyaan",
    "Berkas dalam paket",
    "Nama berkas asli",
    "Rencana aksi",
    "Bulan",
    "Status reviu",
    "Sumber",
    "Ukuran (byte)",
    "SHA-256",
]
SOURCES = {"plan": "Rencana aksi", "direct": "Langsung pada pertanyaan"}


@dataclass(frozen=True)
class QuestionRef:
    """A question of the worksheet, in worksheet order: its code (or row) and text."""

    id: int
    code: str
    excel_row: int
    text: str

    @property
    def folder(self) -> str:
        """``PPA1A``; a count question without a code: ``baris-126``."""
        return sanitize_name(self.code) if self.code else f"baris-{self.excel_row}"


@dataclass(frozen=True)
class Entry:
    """An evidence file in the package: its question, its path in the ZIP, the file."""

    question: QuestionRef
    path: str
    file: QuestionFile

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.file.source, self.file.source)


@dataclass(frozen=True)
class Member:
    """A file written to the ZIP: its path, SHA-256 and size, as read while writing."""

    path: str
    sha256: str
    size: int


def _unique(name: str, taken: set[str]) -> str:
    """``laporan.pdf``, then ``laporan (2).pdf`` … (compared without case, as Windows does)."""
    stem, ext = os.path.splitext(name)
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){ext}"
    taken.add(candidate.casefold())
    return candidate


def package_entries(
    questions: Sequence[QuestionRef], files: dict[int, list[QuestionFile]]
) -> list[Entry]:
    """Every question's files, in worksheet order, each at ``bukti/<code>/<name>`` with a
    name unique in its folder. A file supporting two questions is in both folders."""
    taken: dict[str, set[str]] = {}
    entries = []
    for question in questions:
        folder = question.folder
        for f in files.get(question.id, []):
            name = _unique(sanitize_name(f.name), taken.setdefault(folder, set()))
            entries.append(Entry(question, f"{EVIDENCE_FOLDER}/{folder}/{name}", f))
    return entries


def _month(f: QuestionFile) -> str:
    return month_name(f.month) if f.month else ""


def index_csv(entries: Iterable[Entry]) -> bytes:
    """One row per evidence file in the package (text escaped against formulas)."""
    data = tablib.Dataset(headers=INDEX_HEADERS)
    for e in entries:
        f = e.file
        text = [e.question.text, e.path, f.name, f.action_label]
        data.append(
            [e.question.code or f"baris {e.question.excel_row}"]
            + [escape_formula(t) for t in text]
            + [_month(f), f.status_label, e.source_label, f.size, f.sha256]
        )
    return csv_bytes(data)


def index_pdf(
    unit: Unit, year: int, questions: Sequence[QuestionRef], entries: Sequence[Entry], at: datetime
) -> bytes:
    """Per question, in worksheet order, its files (or "belum ada bukti dukung")."""
    by_question: dict[int, list[Entry]] = {}
    for e in entries:
        by_question.setdefault(e.question.id, []).append(e)
    groups = [(q, by_question.get(q.id, [])) for q in questions]
    context = {
        "unit": unit,
        "year": year,
        "groups": groups,
        "file_count": len(entries),
        "without": sum(1 for _q, found in groups if not found),
        "created": datetime_text(at),
    }
    return pdf_from_html(render_to_string("reports/pdf/evidence_index.html", context))


def manifest_json(members: Sequence[Member], about: dict[str, Any]) -> bytes:
    """``about`` (unit, year, LHE version …) and every file written so far."""
    files = [{"path": m.path, "sha256": m.sha256, "size": m.size} for m in members]
    content = {**about, "algorithm": "SHA-256", "files": files}
    return json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def manifest_sums(members: Sequence[Member]) -> bytes:
    """``sha256sum`` format (two spaces, then the path): ``sha256sum -c MANIFEST.sha256``."""
    return "".join(f"{m.sha256}  {m.path}\n" for m in members).encode("utf-8")
