"""The submission package with every file in the S3 bucket (moto server): evidence streamed
from the bucket into the ZIP, the ZIP built in the system's temporary folder and uploaded,
nothing left behind on local disk, and a ZIP abandoned there by a dead worker swept."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from evidence.models import EvidenceFile
from reports import builders
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, job_run
from tests.factories import lke_assessment
from tests.lke_package_support import (
    build_package,
    manifest_sums,
    read_package,
    sha256,
    upload_evidence,
)
from tests.s3_support import S3Server, local_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder of this test (where a bucket's package is built)."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def assessed(province: Unit, people: dict) -> Unit:
    lke_assessment(province, 2025, state="evaluating")
    return province


def test_a_package_of_evidence_in_the_bucket_is_built_into_the_bucket(
    people: dict,
    assessed: Unit,
    s3_storage: str,
    s3_server: S3Server,
    private_root: Path,
    system_temp: Path,
) -> None:
    evidence = upload_evidence(assessed, people["koordinator_own"], people["tpi"])
    job = build_package(people["sekretariat"], assessed)
    assert job.status == ReportJob.Status.SELESAI, job.error
    assert s3_server.keys(s3_storage)[f"{s3_storage}/{job.output.name}"] == job.size
    files = read_package(job)
    assert {path: files[path] for path in evidence} == evidence
    assert all(sha256(files[path]) == digest for path, digest in manifest_sums(files).items())
    assert local_files(private_root) == []
    assert list(system_temp.iterdir()) == []  # the ZIP was uploaded, then removed
    url = reverse("job_download", args=[job.pk])
    outsider = Client()
    outsider.force_login(people["ketua_other_unit"])
    assert outsider.get(url).status_code == 404
    reader = Client()
    reader.force_login(people["sekretariat"])
    response = reader.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="paket-kpu-kalbar-2025-v1.zip"'
    assert b"".join(response.streaming_content) == job_output_bytes(job)


def test_evidence_changed_in_the_bucket_fails_the_package_and_leaves_nothing(
    people: dict,
    assessed: Unit,
    s3_storage: str,
    s3_server: S3Server,
    system_temp: Path,
) -> None:
    upload_evidence(assessed, people["koordinator_own"], people["tpi"])
    stored = EvidenceFile.objects.filter(original_name="foto.png").first()
    s3_server.client().put_object(
        Bucket=s3_server.bucket, Key=f"{s3_storage}/{stored.file.name}", Body=b"\x89PNG rusak"
    )
    job = build_package(people["sekretariat"], assessed)
    assert job.status == ReportJob.Status.GAGAL
    assert "foto.png" in job.error and "SHA-256 berbeda" in job.error
    assert list(system_temp.iterdir()) == []
    assert not [key for key in s3_server.keys(s3_storage) if key.endswith(".zip")]


def test_a_package_left_in_the_temporary_folder_by_a_dead_worker_is_removed(
    people: dict, assessed: Unit, s3_storage: str, system_temp: Path
) -> None:
    abandoned, other = system_temp / "paket-mati.zip", system_temp / "paket-hidup.zip"
    for path in (abandoned, other):
        path.write_bytes(b"PK")
    old = time.time() - settings.REPORT_MAX_RUN_SECONDS - 60
    os.utime(abandoned, (old, old))
    build_package(people["sekretariat"], assessed)
    assert [p.name for p in system_temp.iterdir()] == ["paket-hidup.zip"]


def test_a_package_built_by_an_attempt_that_lost_the_job_leaves_no_object(
    people: dict,
    assessed: Unit,
    s3_storage: str,
    s3_server: S3Server,
    system_temp: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ZIP is uploaded before the issuing transaction (not inside it, holding the
    job's row); when another attempt took the job meanwhile, the upload is removed."""
    real_file_builder = builders.file_builder
    real_builder = real_file_builder(ReportJob.Kind.PACKAGE)

    def swept_meanwhile(job: ReportJob, progress: object) -> object:
        built = real_builder(job, progress)
        ReportJob.objects.filter(pk=job.pk).update(attempts=2, heartbeat_at=timezone.now())
        return built

    def file_builder(kind: str) -> object:
        return swept_meanwhile if kind == ReportJob.Kind.PACKAGE else real_file_builder(kind)

    monkeypatch.setattr(builders, "file_builder", file_builder)
    job, _created = job_request(
        user=people["sekretariat"], kind=ReportJob.Kind.PACKAGE, unit=assessed, year=2025
    )
    after = job_run(job_id=job.pk)
    assert (after.status, after.attempts, after.version) == ("berjalan", 2, None)
    assert not after.output
    assert not [key for key in s3_server.keys(s3_storage) if key.endswith(".zip")]
    assert list(system_temp.iterdir()) == []
