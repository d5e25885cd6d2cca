"""The submission package through a real Celery worker process on Redis, as the Ketua
requests it: the worker builds the ZIP (the builder registered by transfer at start) and
issues the LHE inside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import job_request
from tests.factories import lke_assessment, user_with_role
from tests.lke_package_support import (
    manifest_sums,
    read_package,
    real_worker,
    sha256,
    upload_evidence,
    wait_done,
)
from tests.worker import Worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(private_root: Path, tmp_path: Path) -> Iterator[Worker]:
    with real_worker(private_root, tmp_path / "worker.log") as process:
        yield process


def test_a_package_is_built_by_a_real_worker(
    transactional_db: None, worker: Worker, django_capture_on_commit_callbacks
) -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    Role = RoleAssignment.Role
    ketua = user_with_role("ketua-paket", province, Role.KETUA)
    koordinator = user_with_role("k-paket", province, Role.KOORDINATOR, ["manajemen_perubahan"])
    tpi = user_with_role("tpi-paket", province, Role.TPI)
    lke_assessment(province, 2025, state="evaluating")
    evidence = upload_evidence(province, koordinator, tpi)
    with django_capture_on_commit_callbacks(execute=True):
        job, created = job_request(user=ketua, kind="paket", unit=province, year=2025)
    assert created
    job = wait_done(job, 120)
    assert job.status == ReportJob.Status.SELESAI, job.error + worker.log.read_text()[-3000:]
    files = read_package(job)
    sums = manifest_sums(files)
    assert set(evidence) <= set(sums)
    assert all(sha256(files[path]) == digest for path, digest in sums.items())
    lhe = ReportJob.objects.get(kind=ReportJob.Kind.LHE)
    assert (lhe.version, lhe.requested_by, lhe.sha256) == (
        1,
        ketua,
        sums["LHE-kpu-kalbar-2025.pdf"],
    )
    assert not list((worker.private_root / "tmp").iterdir())
