"""Helpers shared by the transfer tests (import, export, copy): files and client steps."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import openpyxl
from django.test import Client
from django.urls import reverse

from areas.models import Component, WorkPlan
from targets.models import ProgressEntry
from tests.factories import upload

PROGRESS_HEADERS = ["Area", "Komponen", "Bulan", "Realisasi (%)", "Kegiatan"]


def csv_file(rows: list[list[Any]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_file(rows: list[list[Any]], *, title: str = "Progres") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(content: bytes, sheet: str | None = None) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def component(plan: WorkPlan, name: str) -> Component:
    return Component.objects.get(plan=plan, name=name)


def entry(
    plan: WorkPlan, name: str, month: int, percent: str, user: Any, **extra: Any
) -> ProgressEntry:
    return ProgressEntry.objects.create(
        component=component(plan, name),
        month=month,
        percent=Decimal(percent),
        updated_by=user,
        **extra,
    )


def export(
    client: Client, dataset: str, fmt: str, slug: str = "kpu-kalbar", year: int = 2025
) -> bytes:
    response = client.get(reverse("transfer_export", args=[slug, dataset, year, fmt]))
    assert response.status_code == 200, response.status_code
    return response.content


def upload_file(
    client: Client,
    content: bytes,
    *,
    dataset: str = "progres",
    name: str = "data.csv",
    slug: str = "kpu-kalbar",
    year: int = 2025,
) -> Any:
    """Upload; follow to the preview. Returns the last response."""
    return client.post(
        reverse("transfer_upload", args=[slug]),
        {"dataset": dataset, "year": year, "file": upload(name, content)},
        follow=True,
    )


def confirm(client: Client, preview: Any, slug: str = "kpu-kalbar") -> Any:
    token, digest = preview.context["token"], preview.context["result"].digest
    return client.post(
        reverse("transfer_preview", args=[slug, token]), {"digest": digest}, follow=True
    )
