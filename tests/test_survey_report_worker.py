"""The survey report through a real Celery worker process on Redis, as the documents page
requests it: rendered, signed and issued as version 1 of its quarter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, pdf_signature_check
from tests.factories import user_with_role
from tests.lhe_support import norm, page_texts
from tests.survey_report_support import worked_quarter
from tests.worker import Worker, flush_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(private_root: Path, tmp_path: Path) -> Iterator[Worker]:
    flush_broker()
    started = Worker(private_root, tmp_path / "worker.log")
    started.start()
    yield started
    started.stop()


def test_a_survey_report_runs_through_a_real_worker(
    transactional_db: None, worker: Worker, django_capture_on_commit_callbacks
) -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    sekretariat = user_with_role("sekre-survei", province, RoleAssignment.Role.SEKRETARIAT)
    worked_quarter(province, user=sekretariat)
    with django_capture_on_commit_callbacks(execute=True):
        job, created = job_request(
            user=sekretariat, kind="laporan_skm", unit=province, year=2025, quarter=2
        )
    assert created and job.dispatched_at is not None
    deadline = time.monotonic() + 90
    while job.status not in {"selesai", "gagal"} and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == ReportJob.Status.SELESAI, job.error + worker.log.read_text()[-3000:]
    data = job_output_bytes(job)
    assert pdf_signature_check(data).valid
    assert (job.version, job.quarter, job.progress) == (1, 2, 100)
    assert job.output.name.startswith("documents/kpu-kalbar/2025/laporan_skm-tw2-v1-")
    assert norm("Indeks Kepuasan Masyarakat (IKM) 84,86") in norm("".join(page_texts(data)))
