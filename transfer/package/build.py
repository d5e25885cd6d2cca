"""The submission package (paket pengajuan) of a unit's LKE for a year: one ZIP built by an
export job (``reports.builders``; registered in ``TransferConfig.ready``).

In the ZIP, in this order:

- ``LKE-<unit>-<year>.xlsx``: the official workbook with both sides' answers;
- ``LHE-<unit>-<year>.pdf``: the signed LHE as issued, the latest version when it says what
  the assessment says now, else a version issued by this job
  (``reports.services.lhe_issue_current``); its own code verifies it;
- ``indeks-bukti-dukung.csv`` / ``.pdf``: every evidence file per question (file, action
  item, month, review status, SHA-256);
- ``bukti/<question code>/<name>``: the evidence files, names made unique per folder;
- ``manifest.json`` (unit, year, LHE, every file above with SHA-256 and size) and
  ``MANIFEST.sha256`` (every file including manifest.json; ``sha256sum -c``).

Everything streams: each file is copied from its open stream into the ZIP with
``shutil.copyfileobj`` in 1 MiB chunks and hashed as it passes (an evidence file whose bytes
no longer match the SHA-256 recorded at upload fails the job); the ZIP is written to a
temporary file next to the private storage (a bucket: the system's temporary folder),
hashed by reading it back in chunks, and moved into storage (a bucket: uploaded in parts,
``common.storage``). Evidence is stored uncompressed (PDF, images and Office files are compressed
already; deflating them costs time for a few per cent), the generated files are deflated.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.storage import Storage
from django.utils import timezone

from common.storage import stream_open
from lke.models import Assessment, Question
from lke.selectors.evidence import assessment_files, open_file, worksheet_items
from reports.builders import BuiltFile, Progress
from reports.models import ReportJob
from reports.rendering import verify_url
from reports.services import lhe_issue_current
from transfer.lke.workbook import book_bytes, lke_book
from transfer.package import index

CHUNK = 1024 * 1024
TEMP_FOLDER = "tmp"  # in the private storage: the finished ZIP is moved, not copied
TEMP_PREFIX = "paket-"


class _HashingReader:
    """A stream that hashes and counts what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds files to a ZIP from open streams, recording each one's SHA-256 and size."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.stamp = timezone.localtime().timetuple()[:6]
        self.members: list[index.Member] = []

    def add(
        self, path: str, source: IO[bytes], *, size: int = 0, compress: bool = True
    ) -> index.Member:
        info = zipfile.ZipInfo(path, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        info.file_size = size  # lets zipfile choose ZIP64 for a member over 4 GiB
        reader = _HashingReader(source)
        with self.archive.open(info, "w") as target:
            shutil.copyfileobj(reader, target, CHUNK)
        member = index.Member(path, reader.hash.hexdigest(), reader.size)
        self.members.append(member)
        return member

    def add_bytes(self, path: str, data: bytes) -> index.Member:
        return self.add(path, io.BytesIO(data), size=len(data))


def _temp_file(storage: Storage) -> tuple[int, Path]:
    """A new temporary file in the storage's own folder when it has one (so that storing
    it is a rename), else (a bucket) in the system's temporary folder, from where it is
    uploaded. Packages left there by a worker that died are removed first: nothing writes
    a file that has not changed for longer than a job may run."""
    try:
        folder = Path(storage.path(TEMP_FOLDER))
    except NotImplementedError:
        folder = Path(tempfile.gettempdir())
    os.makedirs(folder, exist_ok=True)
    _remove_abandoned(folder)
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".zip", dir=folder)
    return fd, Path(name)


def _remove_abandoned(folder: Path) -> None:
    limit = time.time() - settings.REPORT_MAX_RUN_SECONDS
    for path in folder.glob(f"{TEMP_PREFIX}*.zip"):
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < limit:
                path.unlink()


def _file_sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _questions(assessment: Assessment) -> list[index.QuestionRef]:
    """The worksheet's items in order: each question that holds its item's evidence (a run
    of count questions is one item, held by its first), with the item's code."""
    items = worksheet_items(assessment.worksheet_id)
    rows = (
        Question.objects.filter(worksheet_id=assessment.worksheet_id)
        .order_by("excel_row")
        .values_list("id", "code", "excel_row", "text")
    )
    return [
        index.QuestionRef(pk, items.code_of.get(pk, code), row, text)
        for pk, code, row, text in rows
        if items.holder(pk) == pk
    ]


def package_title(job: ReportJob) -> str:
    return f"Paket Pengajuan Zona Integritas {job.unit.name} Tahun {job.year}"


class _Steps:
    """The job's progress, sent only when the percentage moves."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.last = progress, -1

    def __call__(self, value: int) -> None:
        if value != self.last:
            self.progress(value)
            self.last = value


def package_build(job: ReportJob, progress: Progress) -> BuiltFile:
    """Build the unit's package of the job's year into a temporary ZIP (see the module)."""
    unit, year, step = job.unit, job.year, _Steps(progress)
    assessment = (
        Assessment.objects.select_related("unit", "worksheet").filter(unit=unit, year=year).first()
    )
    if assessment is None:
        raise ValueError(f"{unit} belum memiliki penilaian LKE tahun {year}.")
    step(10)
    lhe = lhe_issue_current(unit=unit, year=year, user=job.requested_by)
    step(30)
    questions = _questions(assessment)
    entries = index.package_entries(questions, assessment_files(assessment))
    fd, path = _temp_file(job.output.storage)
    try:
        with os.fdopen(fd, "w+b") as raw, zipfile.ZipFile(raw, "w") as archive:
            writer = ArchiveWriter(archive)
            writer.add_bytes(f"LKE-{unit.slug}-{year}.xlsx", book_bytes(lke_book(unit, year)))
            with contextlib.closing(stream_open(lhe.output.storage, lhe.output.name)) as pdf:
                writer.add(f"LHE-{unit.slug}-{year}.pdf", pdf, size=lhe.size or 0)
            writer.add_bytes(f"{index.INDEX_NAME}.csv", index.index_csv(entries))
            at = timezone.now()
            pdf_index = index.index_pdf(unit, year, questions, entries, at)
            writer.add_bytes(f"{index.INDEX_NAME}.pdf", pdf_index)
            step(40)
            _add_evidence(writer, entries, step)
            about = _about(job, lhe, at, len(entries))
            writer.add_bytes(index.MANIFEST_JSON, index.manifest_json(writer.members, about))
            writer.add_bytes(index.MANIFEST_SUMS, index.manifest_sums(writer.members))
        step(92)
        sha256, size = _file_sha256(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    number = f"Paket pengajuan {year}"
    return BuiltFile(path, sha256, size, number=number, title=package_title(job))


def _add_evidence(writer: ArchiveWriter, entries: list[index.Entry], step: _Steps) -> None:
    """Copy every evidence file into its folder, checked against its recorded SHA-256."""
    total = sum(e.file.size for e in entries) or 1
    done = 0
    for entry in entries:
        f = entry.file
        with open_file(f) as source:
            member = writer.add(entry.path, source, size=f.size, compress=False)
        if member.sha256 != f.sha256:
            raise ValueError(
                f"Berkas bukti dukung “{f.name}” ({entry.question.folder}) tidak sama lagi dengan "
                "saat diunggah (SHA-256 berbeda). Unggah ulang berkas itu, lalu buat paket lagi."
            )
        done += member.size
        step(40 + 50 * done // total)


def _about(job: ReportJob, lhe: ReportJob, at: datetime, evidence_count: int) -> dict[str, object]:
    return {
        "title": package_title(job),
        "unit": job.unit.slug,
        "unit_name": job.unit.name,
        "year": job.year,
        "created_at": timezone.localtime(at).isoformat(timespec="seconds"),
        "lhe": {
            "version": lhe.version,
            "number": lhe.doc_number,
            "sha256": lhe.sha256,
            "verification_code": lhe.code,
            "verification_url": verify_url(lhe),
        },
        "evidence_files": evidence_count,
    }
