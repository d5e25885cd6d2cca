"""Helpers of the survey import tests: sheets as CSV or XLSX, the service, the pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.test import Client
from django.urls import reverse

from access.models import Unit
from tests.factories import upload
from tests.survey_support import SKM_CODES
from tests.test_transfer_support import csv_file, xlsx_file
from transfer.results import ImportResult
from transfer.surveys.services import survey_import

SKM_HEADERS = ["tanggal", "layanan", *SKM_CODES]
PROFILE_HEADERS = ["usia", "jenis_kelamin", "pendidikan", "pekerjaan", "saran"]


def sheet(rows: Sequence[Sequence[Any]], headers: Sequence[str] = SKM_HEADERS) -> list[list[Any]]:
    return [list(headers), *(list(r) for r in rows)]


def skm_csv(*rows: Sequence[Any], headers: Sequence[str] = SKM_HEADERS) -> bytes:
    return csv_file(sheet(rows, headers))


def skm_xlsx(*rows: Sequence[Any], headers: Sequence[str] = SKM_HEADERS) -> bytes:
    return xlsx_file(sheet(rows, headers), title="Survei SKM")


def answers_row(day: Any, service: str, values: Sequence[Any], *extra: Any) -> list[Any]:
    return [day, service, *("" if v is None else v for v in values), *extra]


def run(
    unit: Unit,
    user: Any,
    content: bytes,
    *,
    dataset: str = "skm",
    dry_run: bool = False,
    **kwargs: Any,
) -> ImportResult:
    return survey_import(
        user=user,
        unit=unit,
        dataset=dataset,
        content=content,
        file_name=kwargs.pop("file_name", "kertas.csv"),
        dry_run=dry_run,
        **kwargs,
    )


def only_message(result: ImportResult) -> str:
    messages = result.messages()
    assert len(messages) == 1, messages
    return messages[0]


def upload_sheet(
    client: Client,
    content: bytes,
    *,
    dataset: str = "skm",
    name: str = "kertas.csv",
    slug: str = "kpu-kalbar",
) -> Any:
    """Upload on the survey import page; follow to the preview. The last response."""
    return client.post(
        reverse("survey_import_upload", args=[slug]),
        {"dataset": dataset, "file": upload(name, content)},
        follow=True,
    )


def confirm(client: Client, preview: Any, slug: str = "kpu-kalbar") -> Any:
    token, digest = preview.context["token"], preview.context["result"].digest
    return client.post(
        reverse("survey_import_preview", args=[slug, token]), {"digest": digest}, follow=True
    )
