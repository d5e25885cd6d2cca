"""Private files on local disk or in an S3 bucket (docs/storage.md): the one place that
knows the difference.

Every stored file (evidence, LKE attachments, issued documents, submission packages, unit
logos, plan figures, kept imports) goes through Django's default storage: a
``FileSystemStorage`` under ``PRIVATE_MEDIA_ROOT`` unless ``AWS_STORAGE_BUCKET_NAME`` is set,
then :class:`PrivateS3Storage`. Code reads a file through its storage, never through
``.path`` (an S3 object has none):

- :func:`stream_open` for files that may be large and are read once from start to end
  (downloads, the submission package): on S3 the object's body as it arrives, so memory stays
  flat whatever the size; django-storages' own ``open`` first copies the whole object into a
  temporary file (or memory);
- :func:`download_response` for every download: streamed through the view (after its
  permission check), never a redirect to the bucket (docs/storage.md says why);
- :func:`data_uri` for small images a PDF embeds (logos): WeasyPrint gets the bytes, not a
  ``file://`` address it would have to open itself.
"""

from __future__ import annotations

import base64
from typing import IO

import filetype
from botocore.exceptions import ClientError
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

MIB = 1024 * 1024
# Parts of an upload held in memory at once: chunk size × concurrency (about 32 MiB), so a
# 1 GB package or evidence file is sent with flat memory (boto3's default is 10 × 8 MiB).
PART_BYTES = 8 * MIB
PARTS_AT_ONCE = 4


def transfer_config() -> object:
    """boto3's multipart settings for every upload and ``open`` of the bucket."""
    from boto3.s3.transfer import TransferConfig

    config = TransferConfig(
        multipart_threshold=PART_BYTES,
        multipart_chunksize=PART_BYTES,
        max_concurrency=PARTS_AT_ONCE,
    )
    config.max_in_memory_upload_chunks = PARTS_AT_ONCE
    config.max_in_memory_download_chunks = PARTS_AT_ONCE
    return config


class PrivateS3Storage(S3Storage):
    """The private bucket: objects written with the ``private`` ACL, never a public URL
    (``url()`` is presigned and expires after ``AWS_QUERYSTRING_EXPIRE`` seconds; the portal
    itself streams downloads through its views and never hands one out)."""

    default_acl = "private"
    querystring_auth = True

    def __init__(self, **settings: object) -> None:
        settings.setdefault("transfer_config", transfer_config())
        settings.setdefault("default_acl", "private")
        settings.setdefault("querystring_auth", True)
        super().__init__(**settings)

    def stream(self, name: str) -> ObjectStream:
        """The object's body as a stream read straight from the server (the caller closes
        it); FileNotFoundError when there is no such object."""
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.bucket.Object(key).get()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        return ObjectStream(answer["Body"], answer["ContentLength"])


class ObjectStream:
    """An S3 object's body being read: ``read(n)`` as it arrives, its ``size`` from the
    server (a download's Content-Length), ``close()`` gives the connection back."""

    def __init__(self, body: IO[bytes], size: int) -> None:
        self.body, self.size = body, size

    def read(self, size: int = -1) -> bytes:
        return self.body.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        self.body.close()

    def __enter__(self) -> ObjectStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def stream_open(storage: Storage, name: str) -> IO[bytes]:
    """A stored file opened for one read from start to end, in constant memory (see the
    module); FileNotFoundError when the storage lacks it."""
    stream = getattr(storage, "stream", None)
    if stream is not None:
        return stream(name)
    return storage.open(name, "rb")


def download_response(
    file: FieldFile, *, filename: str, content_type: str, private: bool = True
) -> FileResponse:
    """A stored file as a download (never shown inline) streamed through the view in
    1 MiB chunks after the view's permission check, whatever the storage; 404 when the
    storage lacks it. ``private``: not kept by any cache."""
    try:
        handle = stream_open(file.storage, file.name)
    except FileNotFoundError:
        raise Http404("Berkas tidak ada di penyimpanan.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response.block_size = MIB  # read lazily, chunk by chunk, as the client takes them
    size = getattr(handle, "size", None)
    if isinstance(size, int) and not response.has_header("Content-Length"):
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def data_uri(file: FieldFile | None) -> str:
    """A small stored image as a ``data:`` URI for a PDF; "" without one or when the
    storage lacks it."""
    if not file:
        return ""
    try:
        with file.storage.open(file.name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    kind = filetype.guess_mime(data) or "application/octet-stream"
    return f"data:{kind};base64," + base64.b64encode(data).decode()
