"""The LHE export through a real Celery worker process on Redis, as the browser requests it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, pdf_signature_check
from tests.factories import user_with_role
from tests.lhe_support import answered_assessment, page_texts
from tests.worker import Worker, flush_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(private_root: Path, tmp_path: Path) -> Iterator[Worker]:
    flush_broker()
    started = Worker(private_root, tmp_path / "worker.log")
    started.start()
    yield started
    started.stop()


def test_an_lhe_export_runs_through_a_real_worker(
    transactional_db: None, worker: Worker, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    sekretariat = user_with_role("sekre-lhe", province, RoleAssignment.Role.SEKRETARIAT)
    tpi = user_with_role("tpi-lhe", province, RoleAssignment.Role.TPI)
    answered_assessment(province, unit_user=sekretariat, tpi_user=tpi)
    with django_capture_on_commit_callbacks(execute=True):
        job, created = job_request(user=sekretariat, kind="lhe", unit=province, year=2025)
    assert created
    deadline = time.monotonic() + 90
    while job.status not in {"selesai", "gagal"} and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == ReportJob.Status.SELESAI, job.error + worker.log.read_text()[-3000:]
    data = job_output_bytes(job)
    assert pdf_signature_check(data).valid
    assert (job.version, job.doc_number, job.progress) == (1, "LHE Tahun 2025 (DRAF)", 100)
    assert "DRAF" in page_texts(data)[0]
