"""The files half of a backup: every file named by a FileField (or ImageField) of any
installed model, read through the field's own storage (streamed:
``common.storage.stream_open``), so that the same code backs up a local folder and an S3
bucket.

A row that also holds a ``sha256`` column (issued documents: ``reports.ReportJob``; evidence:
``evidence.EvidenceFile``, ``lke.QuestionEvidenceFile``) records the hash its file had when it
was stored; a restore checks the file against it as well as against the manifest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from botocore.exceptions import BotoCoreError, ClientError
from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connections, models
from django.utils.functional import LazyObject, empty

from common.storage import stream_open

CHUNK = 1024 * 1024
RECORDED_HASH = "sha256"
# What a storage raises when it cannot be used at all: a folder that cannot be read, a
# bucket that cannot be reached or refuses the portal's key.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


@dataclass
class StoredFile:
    """One stored file and the rows that name it."""

    storage_key: str  # "default", or "app.model.field" for a field with a storage of its own
    name: str
    references: list[str] = field(default_factory=list)  # "evidence.evidencefile:12.file"
    recorded: set[str] = field(default_factory=set)  # hashes rows recorded for it


def _unwrapped(storage: Storage) -> Storage:
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def storage_key(model: type[models.Model], file_field: models.FileField) -> str:
    if _unwrapped(file_field.storage) is _unwrapped(default_storage):
        return "default"
    return f"{model._meta.label_lower}.{file_field.name}"


def storage_of(key: str) -> Storage:
    """The storage a manifest's key names, in this process's settings."""
    if key == "default":
        return default_storage
    app_label, model_name, field_name = key.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name).storage


def storage_reachable(key: str, name: str) -> str:
    """ "" when the storage ``key`` names answers (asked whether it holds ``name``), else
    why not, in Indonesian: checked before a restore writes anything."""
    try:
        storage_of(key).exists(name)
    except STORAGE_ERRORS as error:
        return (
            f"Penyimpanan berkas {key!r} tidak dapat dipakai ({error}): periksa "
            "AWS_S3_ENDPOINT_URL, AWS_STORAGE_BUCKET_NAME dan kuncinya (atau "
            "PRIVATE_MEDIA_ROOT), lalu ulangi. Tidak ada yang dipulihkan."
        )
    return ""


def is_local(storage: Storage) -> bool:
    return isinstance(_unwrapped(storage), FileSystemStorage)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def stored_files(*, using: str = "default") -> list[StoredFile]:
    """Every file any row names, once per storage and name, in a stable order: one query
    per model with a file field, and one for the table names."""
    found: dict[tuple[str, str], StoredFile] = {}
    # A model whose table the database lacks (a backup older than the code, before
    # `migrate`) names no file.
    tables = set(connections[using].introspection.table_names())
    for model in apps.get_models():
        fields = _file_fields(model)
        if model._meta.proxy or not fields or model._meta.db_table not in tables:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        # The hash column belongs to the file only when the row has one file.
        hashed = RECORDED_HASH in names and len(fields) == 1
        columns = [f.attname for f in fields] + ([RECORDED_HASH] if hashed else [])
        rows = model._base_manager.using(using).order_by("pk").values_list("pk", *columns)
        for pk, *values in rows.iterator():
            for file_field, name in zip(fields, values, strict=False):
                if not name:
                    continue
                key = storage_key(model, file_field)
                entry = found.setdefault((key, name), StoredFile(key, name))
                entry.references.append(f"{model._meta.label_lower}:{pk}.{file_field.name}")
                if hashed and values[-1]:
                    entry.recorded.add(values[-1])
    return [found[key] for key in sorted(found)]


def digest(handle: IO[bytes], copy_to: Path | None = None) -> tuple[int, str]:
    """(size, SHA-256) of what ``handle`` reads, written to ``copy_to`` on the way."""
    hasher = hashlib.sha256()
    size = 0
    out = copy_to.open("wb") if copy_to else None
    try:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
            if out:
                out.write(chunk)
    finally:
        if out:
            out.close()
    return size, hasher.hexdigest()


def stored_digest(storage: Storage, name: str, copy_to: Path | None = None) -> tuple[int, str]:
    """(size, SHA-256) of a stored file, read once from start to end through
    :func:`common.storage.stream_open`: a bucket's object as it arrives (django-storages'
    ``open`` would first spool the whole object into a temporary file), a local file as
    ``storage.open`` gives it."""
    with stream_open(storage, name) as handle:
        return digest(handle, copy_to)


def path_inside(root: Path, name: str) -> Path:
    """``root/name``, refused when a stored name would lead outside ``root``."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"Nama berkas {name!r} keluar dari folder cadangan.")
    return target
