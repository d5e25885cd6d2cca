"""Upload size cap enforced while the request body streams in.

The handler runs before Django's memory/temporary-file handlers. When a file passes
settings.MAX_UPLOAD_BYTES it raises SkipFile: Django discards the rest of that file as it
reads it (nothing more is stored, the partial temporary file is closed and removed) and the
file is absent from request.FILES. The name is recorded on the request so the view can say
which file was refused.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


def oversize_uploads(request: HttpRequest) -> list[str]:
    """Names of the files the size cap refused in this request."""
    return getattr(request, "_zi_oversize_uploads", [])


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
