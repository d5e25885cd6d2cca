"""Uploads kept between an import's preview and its confirmation: the one module that
writes, reads and deletes them.

A kept upload is a file in the private storage, ``imports/<token>``, its token starting
with its user's id (``u<id>-``). The caps hold across every session of a user, so logging
in again does not make room:

- per user, at most ``IMPORT_KEEP_PER_USER`` files and ``IMPORT_KEEP_USER_BYTES`` in all;
  a new upload drops that user's oldest ones to fit (their previews then say the file is
  gone);
- in all, ``IMPORT_KEEP_TOTAL_BYTES``: past it a new upload is refused with a message;
- a kept upload older than ``IMPORT_KEEP_HOURS`` is deleted by ``stash_sweep``: on every
  new upload, hourly from beat (``transfer.tasks.sweep_import_uploads``) and by
  ``manage.py sweep_imports``.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from common.formatting import size_text

STASH_DIR = "imports"
FULL_MESSAGE = (
    "Penyimpanan sementara untuk impor sedang penuh, jadi berkas ini belum dapat diperiksa. "
    "Konfirmasi atau batalkan pratinjau impor yang masih terbuka, atau coba lagi nanti."
)


@dataclass(frozen=True)
class Kept:
    path: str
    size: int
    modified: datetime.datetime


def _owner_prefix(user_id: int) -> str:
    return f"u{user_id}-"


def _kept(prefix: str = "") -> list[Kept]:
    """The kept uploads whose token starts with ``prefix`` (all: ""), oldest first."""
    try:
        _dirs, names = default_storage.listdir(STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return []
    found = []
    for name in names:
        if not name.startswith(prefix):
            continue
        path = f"{STASH_DIR}/{name}"
        try:
            found.append(
                Kept(path, default_storage.size(path), default_storage.get_modified_time(path))
            )
        except (FileNotFoundError, NotImplementedError):  # deleted meanwhile
            continue
    return sorted(found, key=lambda kept: kept.modified)


def stash_keep(*, user_id: int, content: bytes) -> str:
    """Keep an uploaded file for ``user_id``'s preview; returns its storage name. Drops the
    user's oldest kept uploads to stay within their caps; ValidationError (Indonesian)
    when it cannot fit, and then nothing is deleted."""
    stash_sweep()
    per_user_bytes = int(settings.IMPORT_KEEP_USER_BYTES)
    if len(content) > per_user_bytes:
        raise ValidationError(
            f"Berkas impor yang disimpan untuk pratinjau paling besar {size_text(per_user_bytes)}."
        )
    mine = _kept(_owner_prefix(user_id))
    dropped: list[Kept] = []
    while mine and (
        len(mine) >= int(settings.IMPORT_KEEP_PER_USER)
        or sum(kept.size for kept in mine) + len(content) > per_user_bytes
    ):
        dropped.append(mine.pop(0))
    in_all = sum(kept.size for kept in _kept()) - sum(kept.size for kept in dropped)
    if in_all + len(content) > int(settings.IMPORT_KEEP_TOTAL_BYTES):
        raise ValidationError(FULL_MESSAGE)
    for kept in dropped:
        stash_discard(name=kept.path)
    name = f"{STASH_DIR}/{_owner_prefix(user_id)}{uuid.uuid4().hex}"
    return default_storage.save(name, ContentFile(content))


def _stash_name(name: str) -> bool:
    return name.startswith(f"{STASH_DIR}/") and ".." not in name


def stash_read(*, name: str, sha256: str) -> bytes | None:
    """The kept file, or None when it is gone or no longer has the recorded SHA-256."""
    if not _stash_name(name):
        return None
    try:
        with default_storage.open(name, "rb") as fh:
            content = fh.read()
    except (FileNotFoundError, OSError):
        return None
    if hashlib.sha256(content).hexdigest() != sha256:
        return None
    return content


def stash_exists(*, name: str) -> bool:
    return _stash_name(name) and default_storage.exists(name)


def stash_discard(*, name: str) -> None:
    if _stash_name(name):
        default_storage.delete(name)


def stash_sweep(*, older_than: datetime.timedelta | None = None) -> int:
    """Delete kept uploads whose preview was never confirmed or cancelled in time (by
    default ``IMPORT_KEEP_HOURS``), of every user; returns how many."""
    if older_than is None:
        older_than = datetime.timedelta(hours=float(settings.IMPORT_KEEP_HOURS))
    limit = timezone.now() - older_than
    removed = 0
    for kept in _kept():
        if kept.modified < limit:
            default_storage.delete(kept.path)
            removed += 1
    return removed
