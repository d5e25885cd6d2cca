"""Upload caps enforced while the request body streams in.

The handler runs before Django's memory/temporary-file handlers and counts across the whole
request: the bytes of each file, the bytes of all files together and the number of files.
A file over a cap raises SkipFile: Django discards the rest of it as it reads (nothing more
is stored, a partial temporary file is closed and removed) and it is absent from
request.FILES; every later file of the request is skipped the same way once the request's
total is spent. So at most the request cap reaches memory or disk, however large the body.

Anonymous requests (the public verification page) get far lower caps than logged-in ones.
The refusals are kept on the request as Indonesian messages; a view puts them next to its
file field (``upload_refusals``) and so refuses the whole request. The body as a whole is
capped again by the web server (deploy/nginx.conf: client_max_body_size).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.text import get_valid_filename

from common.formatting import size_text


@dataclass(frozen=True)
class UploadLimits:
    file_bytes: int
    request_bytes: int
    files: int


def upload_limits(request: HttpRequest | None) -> UploadLimits:
    """The caps for this request: logged-in users, or the far lower anonymous ones."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return UploadLimits(
            settings.MAX_UPLOAD_BYTES, settings.MAX_UPLOAD_REQUEST_BYTES, settings.MAX_UPLOAD_FILES
        )
    return UploadLimits(
        settings.ANON_MAX_UPLOAD_BYTES,
        settings.ANON_MAX_UPLOAD_BYTES,
        settings.ANON_MAX_UPLOAD_FILES,
    )


def upload_refusals(request: HttpRequest) -> list[str]:
    """What the caps refused in this request, one Indonesian message each."""
    return getattr(request, "_zi_upload_refusals", [])


def oversize_message(name: str | None = None, limit_bytes: int | None = None) -> str:
    """What the user reads next to a file over the size cap."""
    limit = size_text(limit_bytes or settings.MAX_UPLOAD_BYTES)
    if name is None:
        return f"Berkas melebihi batas ukuran unggahan ({limit})."
    return f"{sanitize_name(name)}: melebihi batas ukuran {limit}."


def sanitize_name(name: str) -> str:
    """Keep the file's own name only: no folders, no characters a file system dislikes."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    clean = get_valid_filename(base) if base.strip(".") else ""
    clean = clean.lstrip(".")
    if not clean:
        clean = "berkas"
    stem, ext = os.path.splitext(clean)
    return stem[: 200 - len(ext)] + ext


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts files and bytes across the request; skips what passes a cap (see above)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limits = upload_limits(request)
        self.files_seen = 0
        self.bytes_seen = 0
        self.spent = False

    def _refuse(self, message: str) -> None:
        if self.request is not None:
            refusals = upload_refusals(self.request)
            if message not in refusals:
                refusals.append(message)
            self.request._zi_upload_refusals = refusals
        raise SkipFile

    def _over_total(self) -> None:
        self.spent = True
        limit = size_text(self.limits.request_bytes)
        self._refuse(f"Jumlah ukuran berkas dalam satu kiriman melebihi batas {limit}.")

    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)
        self.files_seen += 1
        if self.files_seen > self.limits.files:
            self._refuse(f"Paling banyak {self.limits.files} berkas sekali kirim.")
        if self.spent:
            self._over_total()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.bytes_seen += len(raw_data)
        if start + len(raw_data) > self.limits.file_bytes:
            self._refuse(oversize_message(self.file_name, self.limits.file_bytes))
        if self.bytes_seen > self.limits.request_bytes:
            self._over_total()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
