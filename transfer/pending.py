"""Uploads waiting for confirmation: kept in the private storage, listed in the session.

An upload is kept under imports/<token> with its SHA-256 in the session until it is
confirmed or cancelled; a session keeps a few, dropping the oldest with their files.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from access.models import Unit

from . import services
from .forms import UploadForm

SESSION_KEY = "zi_imports"
MAX_PENDING = 5  # previews kept per session; older ones are dropped with their files


def _all(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.get(SESSION_KEY, {})


def add(request: HttpRequest, unit: Unit, form: UploadForm) -> str:
    """Keep the form's valid upload for a preview; returns its token."""
    services.purge_stale_stashes()
    path = services.stash_upload(form.content)
    token = path.rsplit("/", 1)[-1]
    pending = _all(request)
    while len(pending) >= MAX_PENDING:
        oldest = min(pending, key=lambda k: pending[k]["created"])
        services.discard_stash(pending.pop(oldest)["path"])
    pending[token] = {
        "unit": unit.pk,
        "user": request.user.pk,
        "dataset": form.cleaned_data["dataset"],
        "year": form.cleaned_data["year"],
        "file_name": form.file_name,
        "sha256": hashlib.sha256(form.content).hexdigest(),
        "path": path,
        "created": timezone.now().isoformat(),
    }
    request.session[SESSION_KEY] = pending
    return token


def get(request: HttpRequest, unit: Unit, token: str) -> dict[str, Any]:
    """The user's own pending upload for this unit; 404 otherwise."""
    entry = _all(request).get(token)
    if entry is None or entry["unit"] != unit.pk or entry["user"] != request.user.pk:
        raise Http404("Impor ini tidak ditemukan atau sudah selesai.")
    return entry


def content(entry: dict[str, Any]) -> bytes | None:
    """The kept file, unless it is gone or changed."""
    return services.read_stash(entry["path"], entry["sha256"])


def forget(request: HttpRequest, token: str) -> None:
    """Drop the pending upload and its file."""
    pending = _all(request)
    entry = pending.pop(token, None)
    if entry is not None:
        services.discard_stash(entry["path"])
    request.session[SESSION_KEY] = pending
