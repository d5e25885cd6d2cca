"""The submission package in tests: evidence uploaded through the portal's own service for
action items of area I, a package requested and built, and the ZIP read back."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import Any

from access.models import Unit
from areas.models import ActionItem
from evidence.models import Evidence, EvidenceVersion
from evidence.services import evidence_review, evidence_submit
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, job_run
from tests.factories import PDF_BYTES, PNG_BYTES, upload

YEAR = 2025
AREA = "manajemen_perubahan"
# Until questions name their action items (lke.evidence), area I's evidence supports the
# area's first question (transfer.package_evidence).
FOLDER = "bukti/PPA1A"
SECOND_PDF = PDF_BYTES + b"% kedua\n"


def area_actions(unit: Unit, count: int = 2) -> list[ActionItem]:
    actions = ActionItem.objects.filter(area__plan__unit=unit, area__plan__year=YEAR)
    return list(actions.filter(area__code=AREA).select_related("area__plan__unit")[:count])


def submit(user: Any, action: ActionItem, month: int, files: dict[str, bytes]) -> EvidenceVersion:
    uploads = [upload(name, content) for name, content in files.items()]
    return evidence_submit(user=user, action=action, month=month, files=uploads)


def upload_evidence(unit: Unit, koordinator: Any, tpi: Any) -> dict[str, bytes]:
    """Two action items of area I with evidence: the first a PDF (accepted by the TPI) and an
    image in January, the second a PDF of the same name in February. Returns what each file
    should be in the package: path → bytes."""
    first, second = area_actions(unit)
    version = submit(koordinator, first, 1, {"laporan.pdf": PDF_BYTES, "foto.png": PNG_BYTES})
    evidence = Evidence.objects.get(pk=version.evidence_id)
    evidence_review(user=tpi, evidence=evidence, decision="diterima", version_number=1)
    submit(koordinator, second, 2, {"laporan.pdf": SECOND_PDF})
    return {
        f"{FOLDER}/laporan.pdf": PDF_BYTES,
        f"{FOLDER}/foto.png": PNG_BYTES,
        f"{FOLDER}/laporan (2).pdf": SECOND_PDF,
    }


def build_package(user: Any, unit: Unit, year: int = YEAR) -> ReportJob:
    """Request the package as the page does and run its job here, as a worker would."""
    job, _created = job_request(user=user, kind=ReportJob.Kind.PACKAGE, unit=unit, year=year)
    return job_run(job_id=job.pk)


def read_package(job: ReportJob) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(job_output_bytes(job))) as archive:
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
