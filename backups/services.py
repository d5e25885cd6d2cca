"""Backup and restore of the portal (docs/operations.md).

A backup is a folder: ``database.dump`` (pg_dump, custom format), ``manifest.json`` (the
portal's commit and migrations, the dump's hash, and every stored file with its size and
SHA-256, read through its storage) and ``files/`` (the files themselves: always from a local
folder, from S3 only with ``with_files``: a bucket keeps its own versions).

A restore goes only into an EMPTY database: restoring over live tables would mix two states
(or, with ``pg_restore --clean``, drop what the dump does not know), and there is no "undo".
Replacing a database is therefore two deliberate steps (drop and create it, then restore),
not a flag. Then the files are put back and everything is checked: each file against the
manifest, and each issued document's and evidence file's hash against its own row."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import database, files, version
from .database import DatabaseError
from .files import stored_digest

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"


class BackupError(Exception):
    """A backup or restore refused or stopped; the message says why, in Indonesian."""


@dataclass
class Outcome:
    """What a backup or restore did, and what did not match (empty: all is well)."""

    folder: Path
    files: int = 0
    copied: int = 0
    problems: list[str] = field(default_factory=list)


def _dump_hash(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        return files.digest(handle)


def backup_create(*, output: Path, with_files: bool = False, using: str = "default") -> Outcome:
    """Dump the database and list (and copy) every stored file into the new folder
    ``output``. A file a row names but the storage lacks is listed as missing: the backup
    is still written, and the outcome's problems name it."""
    try:
        database.ensure_postgresql(using=using)
    except DatabaseError as refusal:
        raise BackupError(str(refusal)) from refusal
    if output.exists() and any(output.iterdir()):
        raise BackupError(
            f"Folder {output} sudah berisi berkas: pakai folder baru untuk setiap cadangan "
            "(mis. dengan tanggal dan jam pada namanya)."
        )
    output.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    try:
        database.database_dump(target=output / DUMP, using=using)
    except DatabaseError as failure:
        raise BackupError(str(failure)) from failure
    outcome = Outcome(folder=output)
    try:
        entries = _files_listed(output, with_files, using, outcome)
    except files.STORAGE_ERRORS as error:
        raise BackupError(
            f"Penyimpanan berkas tidak dapat dibaca ({error}) setelah {outcome.files} berkas: "
            "periksa AWS_S3_ENDPOINT_URL, AWS_STORAGE_BUCKET_NAME dan kuncinya (atau "
            f"PRIVATE_MEDIA_ROOT). Cadangan {output} tidak lengkap: hapus lalu ulangi."
        ) from error
    dump_size, dump_sha = _dump_hash(output / DUMP)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "portal": {
            "commit": version.code_commit(),
            "migrations": version.applied_migrations(using=using),
        },
        "database": {"file": DUMP, "size": dump_size, "sha256": dump_sha},
        "storage": {
            "backend": settings.STORAGES["default"]["BACKEND"],
            "files_copied": all(e.get("copied", True) for e in entries),
        },
        "files": entries,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return outcome


def _files_listed(output: Path, with_files: bool, using: str, outcome: Outcome) -> list[dict]:
    """The manifest's file entries: every stored file hashed, and copied into
    ``output/files`` when local or ``with_files``; counted into ``outcome``."""
    entries = []
    for stored in files.stored_files(using=using):
        storage = files.storage_of(stored.storage_key)
        entry = {
            "storage": stored.storage_key,
            "name": stored.name,
            "references": stored.references,
            "recorded_sha256": sorted(stored.recorded),
        }
        copy = with_files or files.is_local(storage)
        if not storage.exists(stored.name):
            entry["missing"] = True
            outcome.problems.append(
                f"Berkas {stored.name} ({', '.join(stored.references)}) tidak ada di penyimpanan."
            )
        else:
            target = None
            if copy:
                target = files.path_inside(output / FILES / stored.storage_key, stored.name)
                target.parent.mkdir(parents=True, exist_ok=True)
            entry["size"], entry["sha256"] = stored_digest(storage, stored.name, target)
            entry["copied"] = copy
            outcome.copied += copy
        entries.append(entry)
        outcome.files += 1
    return entries


def manifest_read(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as missing:
        raise BackupError(f"{path} tidak ada: folder ini bukan cadangan portal.") from missing
    except ValueError as broken:
        raise BackupError(f"{path} rusak (bukan JSON yang sah): {broken}") from broken
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return manifest


def _check_dump(folder: Path, manifest: dict) -> Path:
    dump = folder / manifest["database"]["file"]
    if not dump.is_file():
        raise BackupError(f"Berkas basis data {dump} tidak ada dalam cadangan.")
    if _dump_hash(dump) != (manifest["database"]["size"], manifest["database"]["sha256"]):
        raise BackupError(
            f"Berkas basis data {dump} tidak sama dengan yang dicatat manifes (SHA-256 "
            "berbeda): cadangan rusak atau diubah. Tidak ada yang dipulihkan."
        )
    return dump


def _ensure_empty(using: str) -> None:
    try:
        database.ensure_postgresql(using=using)
        tables = database.user_tables(using=using)
    except DatabaseError as refusal:
        raise BackupError(str(refusal)) from refusal
    if tables:
        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise BackupError(
            f"Basis data tujuan tidak kosong: ada {len(tables)} tabel ({shown}). Pemulihan "
            "hanya ke basis data kosong, agar tidak mencampur atau menimpa data: buat "
            "basis data baru (createdb), arahkan DATABASE_URL ke sana, lalu ulangi."
        )


def backup_restore(*, source: Path, using: str = "default") -> Outcome:
    """Restore the backup in ``source`` into the (empty) database and the storage, then
    verify everything (:func:`restore_verify`). Refused before anything is written when the
    database is not empty or the dump does not match its manifest."""
    manifest = manifest_read(source)
    dump = _check_dump(source, manifest)
    _ensure_empty(using)
    _ensure_storages(manifest)
    try:
        database.database_load(source=dump, using=using)
    except DatabaseError as failure:
        raise BackupError(str(failure)) from failure
    outcome = Outcome(folder=source)
    try:
        for entry in manifest["files"]:
            outcome.files += 1
            if entry.get("copied"):
                outcome.copied += _put_back(source, entry, outcome.problems)
        outcome.problems += restore_verify(manifest=manifest, using=using)
    except files.STORAGE_ERRORS as error:
        outcome.problems.append(
            f"Basis data dipulihkan, tetapi penyimpanan berkas berhenti menjawab ({error}) "
            f"setelah {outcome.copied} berkas dikembalikan: perbaiki penyimpanannya, lalu "
            "ulangi pemulihan ke basis data kosong yang baru."
        )
    return outcome


def _ensure_storages(manifest: dict) -> None:
    """Every storage the manifest names answers, before the database is written: a bucket
    that cannot be reached found after pg_restore would leave a restored database without
    its files (and a second try needs a new empty database)."""
    first = {}
    for entry in manifest["files"]:
        first.setdefault(entry["storage"], entry["name"])
    for key, name in first.items():
        if refusal := files.storage_reachable(key, name):
            raise BackupError(refusal)


def _put_back(source: Path, entry: dict, problems: list[str]) -> bool:
    """Copy one file of the backup into its storage, unless it differs from the manifest
    (a damaged copy is not put back) or the storage already holds another file by that
    name (nothing is overwritten). Whether it was put back."""
    name = entry["name"]
    path = files.path_inside(source / FILES / entry["storage"], name)
    if not path.is_file():
        return False  # restore_verify names it
    with path.open("rb") as handle:
        if files.digest(handle) != (entry["size"], entry["sha256"]):
            problems.append(f"Salinan {name} dalam cadangan tidak sama dengan manifes.")
            return False
    storage = files.storage_of(entry["storage"])
    if storage.exists(name):
        return False  # already there: restore_verify compares it
    with path.open("rb") as handle:
        saved = storage.save(name, handle)
    if saved != name:
        problems.append(f"Berkas {name} tersimpan dengan nama lain ({saved}).")
        return False
    return True


def restore_verify(*, manifest: dict, using: str = "default") -> list[str]:
    """What does not match after a restore: a file the manifest lists that the storage
    lacks or holds with other bytes, a file that was already missing when the backup was
    made, a row whose recorded SHA-256 is not its file's, and migrations this code lacks."""
    problems: list[str] = []
    listed = {(e["storage"], e["name"]): e for e in manifest["files"]}
    for (key, name), entry in listed.items():
        storage = files.storage_of(key)
        if entry.get("missing"):
            problems.append(f"Berkas {name} sudah tidak ada saat pencadangan.")
        elif not storage.exists(name):
            problems.append(f"Berkas {name} tidak ada di penyimpanan setelah pemulihan.")
        elif stored_digest(storage, name) != (entry["size"], entry["sha256"]):
            problems.append(f"Berkas {name} tidak sama dengan manifes (SHA-256 berbeda).")
    for stored in files.stored_files(using=using):
        entry = listed.get((stored.storage_key, stored.name))
        if entry is None:
            problems.append(f"Berkas {stored.name} dirujuk basis data tetapi tidak ada di manifes.")
            continue
        for recorded in sorted(stored.recorded):
            if entry.get("sha256") and recorded != entry["sha256"]:
                problems.append(
                    f"Berkas {stored.name} ({', '.join(stored.references)}): SHA-256 tercatat "
                    f"{recorded} tetapi berkasnya {entry['sha256']}."
                )
    if unknown := version.migrations_unknown_to_code(using=using):
        problems.append(
            "Cadangan dibuat oleh versi portal yang lebih baru (migrasi tidak dikenal: "
            f"{', '.join(unknown[:5])}): pulihkan dengan kode commit "
            f"{manifest['portal'].get('commit') or '(tidak tercatat)'}."
        )
    return problems
