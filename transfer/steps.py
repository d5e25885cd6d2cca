"""The steps every import page shares after the upload: preview (a dry run), confirm (the
real run, checked again from the start), cancel; and a file download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.models import Unit

from . import pending, services
from .choices import RowAction
from .models import ImportRecord
from .results import ImportResult
from .writing import ExportFile

PREVIEW_ROWS = 1000  # rows listed on the preview page (counts cover all)
# (the pending entry, the kept file, confirm?, the confirmed preview's digest) → the result
Run = Callable[[dict[str, Any], bytes, bool, str | None], ImportResult]


@dataclass(frozen=True)
class Pages:
    """Where an import's pages are: its home (back link, after confirming or cancelling),
    and the preview and cancel URLs of a token."""

    home: str
    home_label: str
    preview: Callable[[str], str]
    cancel: Callable[[str], str]


def download(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def preview_or_confirm(
    request: HttpRequest, unit: Unit, token: str, run: Run, pages: Pages
) -> HttpResponse:
    """GET: the preview of the kept upload. POST: import it; done → home with the summary,
    refused → the new preview (422, or 409 when the data changed since the preview)."""
    entry = pending.get(request, unit, token)
    content = pending.content(entry)
    if content is None:
        pending.forget(request, token)
        messages.error(request, "Berkas unggahan tidak ditemukan lagi atau berubah; unggah ulang.")
        return redirect(pages.home)
    confirm = request.method == "POST"
    digest = (request.POST.get("digest") or None) if confirm else None
    result = run(entry, content, confirm, digest)
    if confirm and result.record is not None:
        pending.forget(request, token)
        messages.success(request, services.record_summary(result.record))
        return redirect(pages.home)
    status = 200 if not confirm else 409 if result.stale else 422
    return _render_preview(request, unit, token, result, pages, status)


def _render_preview(
    request: HttpRequest,
    unit: Unit,
    token: str,
    result: ImportResult,
    pages: Pages,
    status: int,
) -> HttpResponse:
    listed = [
        r for r in result.rows if r.action in (RowAction.BARU, RowAction.DIUBAH, RowAction.GALAT)
    ]
    context = {
        "unit": unit,
        "token": token,
        "result": result,
        "dataset_label": ImportRecord.Dataset(result.dataset).label,
        "rows": listed[:PREVIEW_ROWS],
        "rows_hidden": max(len(listed) - PREVIEW_ROWS, 0),
        "error_count": len(result.messages()),
        "pages": pages,
        "confirm_url": pages.preview(token),
        "cancel_url": pages.cancel(token),
    }
    return render(request, "transfer/preview.html", context, status=status)


def cancel(request: HttpRequest, unit: Unit, token: str, pages: Pages) -> HttpResponse:
    pending.get(request, unit, token)
    pending.forget(request, token)
    messages.info(request, "Impor dibatalkan; berkas unggahan dihapus.")
    return redirect(pages.home)
