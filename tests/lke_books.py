"""Helpers of the LKE workbook tests: answers, the exported workbook, a filled-in copy."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl

from access.models import Unit
from lke.models import Answer, Assessment
from tests.factories import lke_assessment, lke_question
from transfer.lke import services as lke_services
from transfer.results import ImportResult


def answer(assessment: Assessment, row: int, side: str = "unit", **values: Any) -> Answer:
    """An answer to the question on ``row`` of the sheet (choice, number, note …)."""
    if "number" in values and values["number"] is not None:
        values["number"] = Decimal(str(values["number"]))
    return Answer.objects.create(
        assessment=assessment, question=lke_question(row=row), side=side, version=1, **values
    )


def answered(unit: Unit) -> Assessment:
    """kpu-kalbar's 2025 assessment with one answer of each type on both sides, and text
    a spreadsheet would run as a formula."""
    assessment = lke_assessment(unit)
    answer(assessment, 6, choice="Ya", note="=SUM(A1:A9)\nbaris dua", evidence_note="SK Tim")
    answer(assessment, 6, "tpi", choice="Tidak", note="Belum ada SK")
    answer(assessment, 126, number=12)
    answer(assessment, 127, number=5, note="-")
    answer(assessment, 199, number="3.45")
    answer(assessment, 200, choice="B", note="+62 811 (telepon)")
    answer(assessment, 202, "tpi", number=3)
    return assessment


def export(user: Any, unit: Unit, year: int = 2025) -> bytes:
    return lke_services.lke_export(user=user, unit=unit, year=year).content


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def filled(content: bytes, cells: dict[str, Any], *, sheet: str = "Jawaban") -> bytes:
    """The workbook with ``cells`` ("K6": "ya") set."""
    book = workbook(content)
    for ref, value in cells.items():
        book[sheet][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(
    user: Any,
    unit: Unit,
    content: bytes,
    *,
    side: str = "unit",
    dry_run: bool = True,
    year: int = 2025,
    digest: str | None = None,
) -> ImportResult:
    return lke_services.lke_import(
        user=user,
        unit=unit,
        year=year,
        side=side,
        content=content,
        file_name="lke.xlsx",
        dry_run=dry_run,
        expected_digest=digest,
    )
