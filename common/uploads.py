"""Upload size cap enforced while the request body streams in.

The handler runs before Django's memory/temporary-file handlers. When a file passes
settings.MAX_UPLOAD_BYTES it raises SkipFile: Django discards the rest of that file as it
reads it (nothing more is stored, the partial temporary file is closed and removed) and the
file is absent from request.FILES. The name is recorded on the request so the view can say
which file was refused. The whole request is capped by DATA_UPLOAD_MAX_MEMORY_SIZE and the
web server's body limit.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename


def oversize_uploads(request: HttpRequest) -> list[str]:
    """Names of the files the size cap refused in this request."""
    return getattr(request, "_zi_oversize_uploads", [])


def oversize_message(name: str | None = None) -> str:
    """What the user reads next to a file the cap refused."""
    limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
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
    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.MAX_UPLOAD_BYTES:
            refused = getattr(self.request, "_zi_oversize_uploads", [])
            if self.file_name not in refused:
                refused.append(self.file_name)
            self.request._zi_oversize_uploads = refused
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
