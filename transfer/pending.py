"""Uploads waiting for confirmation: kept in the private storage (transfer.stash), listed
in the session.

An upload is kept under imports/<token> with its SHA-256 in the session until it is
confirmed or cancelled. The caps are the user's across every session, and all users'
together (transfer.stash); a file dropped to make room, or swept when it expired, makes
its preview say so.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from access.models import Unit

from . import stash
from .forms import UploadForm

SESSION_KEY = "zi_imports"


def _all(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.get(SESSION_KEY, {})


def add(request: HttpRequest, unit: Unit, form: UploadForm) -> str | None:
    """Keep the form's valid upload for a preview; returns its token. None when there is
    no room for it: the form then carries the message on its file field."""
    try:
        path = stash.stash_keep(user_id=request.user.pk, content=form.content)
    except ValidationError as error:
        form.add_error("file", error)
        return None
    token = path.rsplit("/", 1)[-1]
    pending = {k: v for k, v in _all(request).items() if stash.stash_exists(name=v["path"])}
    pending[token] = {
        "unit": unit.pk,
        "user": request.user.pk,
        "dataset": form.cleaned_data["dataset"],
        "year": form.cleaned_data.get("year"),  # a survey sheet's rows give their own
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
    return stash.stash_read(name=entry["path"], sha256=entry["sha256"])


def forget(request: HttpRequest, token: str) -> None:
    """Drop the pending upload and its file."""
    pending = _all(request)
    entry = pending.pop(token, None)
    if entry is not None:
        stash.stash_discard(name=entry["path"])
    request.session[SESSION_KEY] = pending
