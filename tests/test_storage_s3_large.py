"""A 1 GB submission package with its evidence in the S3 bucket (moto server), built and
downloaded by this process with flat memory: four 256 MiB evidence files (sparse files on
disk, uploaded through the evidence service) are streamed from the bucket into the ZIP,
the ZIP is uploaded in parts, and the download streams it back through the view. Peak
memory is measured twice per phase: Python's allocations (tracemalloc) and the process's
resident set (VmHWM after resetting it through /proc/self/clear_refs)."""

from __future__ import annotations

import hashlib
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import UploadedFile
from django.test import Client
from django.urls import reverse

from access.models import RoleAssignment, Unit
from evidence.services import evidence_submit
from reports.models import ReportJob
from reports.services import job_request, job_run
from tests.factories import PDF_BYTES, lke_assessment, user_with_role
from tests.lke_package_support import area_actions
from tests.s3_support import S3Server, local_files, whole_object_copies

pytestmark = [pytest.mark.large_files, pytest.mark.django_db]

MIB = 1024 * 1024
FILE_BYTES = 256 * MIB
FILES = 4
LIMIT = 100 * MIB


@dataclass
class Peak:
    python: int = 0  # tracemalloc's peak, bytes
    resident: int = 0  # VmHWM − VmRSS at the start, bytes


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """The peak of what runs inside, above where it started."""
    peak = Peak()
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS now
    start = _status("VmRSS")
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.python = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        peak.resident = _status("VmHWM") - start


def _sparse_pdf(path: Path, number: int) -> UploadedFile:
    """A PDF header, a note of its own and a hole: 256 MiB that take no disk."""
    with path.open("wb") as fh:
        fh.write(PDF_BYTES + f"% berkas {number}\n".encode())
        fh.truncate(FILE_BYTES)
    return UploadedFile(
        path.open("rb"), name=f"besar-{number}.pdf", content_type="application/pdf",
        size=FILE_BYTES,
    )  # fmt: skip


def test_a_1_gb_package_is_built_and_downloaded_with_flat_memory(
    people: dict,
    s3_storage: str,
    s3_server: S3Server,
    private_root: Path,
    tmp_path: Path,
    settings: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.MAX_UPLOAD_BYTES = FILE_BYTES + MIB
    province = Unit.objects.get(slug="kpu-kalbar")
    ketua = people["ketua"]
    koordinator = user_with_role(
        "k-besar", province, RoleAssignment.Role.KOORDINATOR, ["manajemen_perubahan"]
    )
    lke_assessment(province, 2025, state="evaluating")
    uploads = [_sparse_pdf(tmp_path / f"{n}.pdf", n) for n in range(1, FILES + 1)]
    version = evidence_submit(
        user=koordinator, action=area_actions(province)["d."], month=3, files=uploads
    )
    assert version.files.count() == FILES
    assert sum(s3_server.keys(s3_storage).values()) == FILES * FILE_BYTES
    # The LHE first (WeasyPrint's fonts and caches are not the package's memory).
    lhe, _created = job_request(
        user=people["sekretariat"], kind=ReportJob.Kind.LHE, unit=province, year=2025
    )
    assert job_run(job_id=lhe.pk).status == ReportJob.Status.SELESAI

    copied = whole_object_copies(monkeypatch)
    began = time.monotonic()
    with peak_memory() as built:
        job, _created = job_request(
            user=ketua, kind=ReportJob.Kind.PACKAGE, unit=province, year=2025
        )
        job = job_run(job_id=job.pk)
    assert job.status == ReportJob.Status.SELESAI, job.error
    assert job.size > FILES * FILE_BYTES
    assert s3_server.keys(s3_storage)[f"{s3_storage}/{job.output.name}"] == job.size

    build_seconds = time.monotonic() - began
    client = Client()
    client.force_login(ketua)
    began = time.monotonic()
    with peak_memory() as downloaded:
        response = client.get(reverse("job_download", args=[job.pk]))
        digest, size = hashlib.sha256(), 0
        for chunk in response.streaming_content:
            digest.update(chunk)
            size += len(chunk)
    download_seconds = time.monotonic() - began
    assert response["Content-Disposition"] == 'attachment; filename="paket-kpu-kalbar-2025-v1.zip"'
    assert response["Content-Length"] == str(job.size)
    assert (size, digest.hexdigest()) == (job.size, job.sha256)
    assert local_files(private_root) == []
    assert copied == []  # every large object was streamed, none copied whole first
    with capsys.disabled():
        print(
            f"\n1 GB package ({job.size / MIB:.0f} MiB): built with peak {built.python / MIB:.1f} "
            f"MiB Python / {built.resident / MIB:.1f} MiB resident in {build_seconds:.0f} s, "
            f"downloaded with {downloaded.python / MIB:.1f} / {downloaded.resident / MIB:.1f} "
            f"MiB in {download_seconds:.0f} s"
        )
    assert built.python < LIMIT and built.resident < LIMIT
    assert downloaded.python < LIMIT and downloaded.resident < LIMIT
