"""The submission package in tests: evidence uploaded through the portal's own service for
action items of area I, a package requested and built, and the ZIP read back."""

from __future__ import annotations

import csv
import hashlib
import io
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from access.models import Unit
from areas.models import ActionItem
from evidence.models import Evidence, EvidenceVersion
from evidence.services import evidence_review, evidence_submit
from lke.attachments import question_evidence_submit
from lke.models import Assessment, Question
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, job_run
from tests.factories import PDF_BYTES, PNG_BYTES, upload
from tests.worker import Worker, flush_broker

YEAR = 2025
AREA = "manajemen_perubahan"
SECOND_PDF = PDF_BYTES + b"% kedua\n"
THIRD_PDF = PDF_BYTES + b"% ketiga\n"
NOTES_PDF = PDF_BYTES + b"% notulen\n"


def area_actions(unit: Unit) -> dict[str, ActionItem]:
    """Area I's action items by label: "a." names PPA1A and PPA1B, "c." and "d." PPA2C
    (the seed plan's mapping)."""
    actions = ActionItem.objects.filter(area__plan__unit=unit, area__plan__year=YEAR)
    rows = actions.filter(area__code=AREA).select_related("area__plan__unit")
    return {a.label: a for a in rows}


def submit(user: Any, action: ActionItem, month: int, files: dict[str, bytes]) -> EvidenceVersion:
    uploads = [upload(name, content) for name, content in files.items()]
    return evidence_submit(user=user, action=action, month=month, files=uploads)


def accept(tpi: Any, version: EvidenceVersion) -> None:
    evidence = Evidence.objects.get(pk=version.evidence_id)
    evidence_review(user=tpi, evidence=evidence, decision="diterima", version_number=1)


def upload_evidence(unit: Unit, koordinator: Any, tpi: Any) -> dict[str, bytes]:
    """Evidence of area I's action items through the portal's services: "a." a PDF and an
    image in January (accepted), "c." and "d." a PDF of the same name in February and
    March (March's accepted, so it comes first and keeps the name). Returns what the
    package should hold, in its order: path → bytes (an action item naming two questions
    puts its files in both folders)."""
    actions = area_actions(unit)
    files = {"laporan.pdf": PDF_BYTES, "foto.png": PNG_BYTES}
    accept(tpi, submit(koordinator, actions["a."], 1, files))
    submit(koordinator, actions["c."], 2, {"laporan.pdf": SECOND_PDF})
    accept(tpi, submit(koordinator, actions["d."], 3, {"laporan.pdf": THIRD_PDF}))
    return {
        "bukti/PPA1A/laporan.pdf": PDF_BYTES,
        "bukti/PPA1A/foto.png": PNG_BYTES,
        "bukti/PPA1B/laporan.pdf": PDF_BYTES,
        "bukti/PPA1B/foto.png": PNG_BYTES,
        "bukti/PPA2C/laporan.pdf": THIRD_PDF,
        "bukti/PPA2C/laporan (2).pdf": SECOND_PDF,
    }


def attach_notes(assessment: Assessment, koordinator: Any) -> dict[str, bytes]:
    """A file attached to PPA2A itself (while the unit's side is open), as the question's
    page does."""
    state = assessment.state
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.DRAFT)
    question = Question.objects.get(worksheet=assessment.worksheet_id, code="PPA2A")
    question_evidence_submit(
        assessment=assessment,
        question=question,
        user=koordinator,
        files=[upload("notulen.pdf", NOTES_PDF)],
    )
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    return {"bukti/PPA2A/notulen.pdf": NOTES_PDF}


@contextmanager
def real_worker(private_root: Path, log: Path) -> Iterator[Worker]:
    """A Celery worker process on the test database and an empty broker, stopped after."""
    flush_broker()
    process = Worker(private_root, log)
    process.start()
    try:
        yield process
    finally:
        process.stop()


def wait_done(job: ReportJob, seconds: float) -> ReportJob:
    """The job once finished or failed (or as it stands after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while job.is_active and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    return job


def build_package(user: Any, unit: Unit, year: int = YEAR) -> ReportJob:
    """Request the package as the page does and run its job here, as a worker would."""
    job, _created = job_request(user=user, kind=ReportJob.Kind.PACKAGE, unit=unit, year=year)
    return job_run(job_id=job.pk)


def read_package(job: ReportJob) -> dict[str, bytes]:
    return zip_files(job_output_bytes(job))


def zip_files(data: bytes) -> dict[str, bytes]:
    """A ZIP's members in their order, path → bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every member's CRC checks out
        return {name: archive.read(name) for name in archive.namelist()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_sums(files: dict[str, bytes]) -> dict[str, str]:
    """MANIFEST.sha256 as path → SHA-256 (``sha256sum`` lines: hash, two spaces, path)."""
    lines = files["MANIFEST.sha256"].decode().splitlines()
    return {line[66:]: line[:64] for line in lines}


def index_rows(files: dict[str, bytes]) -> list[dict[str, str]]:
    text = files["indeks-bukti-dukung.csv"].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
