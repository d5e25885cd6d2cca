"""Exports through a real Celery worker process on Redis (the production broker)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from access.models import RoleAssignment, Unit
from areas.services import plan_load, read_plan_file
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, pdf_signature_check
from tests.factories import UserFactory
from tests.worker import Worker, flush_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 90, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise TimeoutError


@pytest.fixture
def sekretariat(transactional_db: None, settings) -> object:
    plan_load(data=read_plan_file())
    user = UserFactory(username="sekre-worker")
    RoleAssignment.objects.create(
        user=user, unit=Unit.objects.get(slug="kpu-kalbar"), role="sekretariat"
    )
    return user


@pytest.fixture
def workers(private_root: Path, tmp_path: Path) -> Iterator[list[Worker]]:
    flush_broker()
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def start_worker(workers: list[Worker], private_root: Path, tmp_path: Path, **env: str) -> Worker:
    worker = Worker(private_root, tmp_path / f"worker{len(workers)}.log", **env)
    workers.append(worker)
    worker.start()
    return worker


def test_a_decree_export_runs_through_a_real_worker(
    sekretariat: object,
    workers: list[Worker],
    private_root: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    worker = start_worker(workers, private_root, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        job, created = job_request(
            user=sekretariat, kind="keputusan", unit=Unit.objects.get(slug="kpu-kalbar"), year=2025
        )
    assert created
    seen = set()

    def done() -> bool:
        job.refresh_from_db()
        seen.add(job.status)
        return job.status in {"selesai", "gagal"}

    wait_for(done)
    assert job.status == "selesai", job.error + (tmp_path / "worker0.log").read_text()[-3000:]
    assert "berjalan" in seen or job.progress == 100
    assert pdf_signature_check(job_output_bytes(job)).valid
    worker.stop()
    assert worker.process.returncode is not None


def test_a_killed_workers_job_runs_again(
    sekretariat: object,
    workers: list[Worker],
    private_root: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    first = start_worker(workers, private_root, tmp_path, REPORT_STALE_SECONDS="2")
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = job_request(
            user=sekretariat, kind="keputusan", unit=Unit.objects.get(slug="kpu-kalbar"), year=2025
        )
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status == "berjalan", timeout=60, step=0.02)
    first.kill()
    job.refresh_from_db()
    assert job.status == "berjalan"  # left behind by the dead worker
    time.sleep(2.5)  # its heartbeat is now older than REPORT_STALE_SECONDS
    start_worker(workers, private_root, tmp_path, REPORT_STALE_SECONDS="2")
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status in {"selesai", "gagal"})
    job.refresh_from_db()
    assert job.status == "selesai", job.error
    assert job.attempts == 2
    assert job.version == 1
    assert ReportJob.objects.filter(kind="keputusan").count() == 1


def test_the_stale_sweeper_fails_a_job_after_too_many_attempts(
    sekretariat: object, settings
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from reports.services import job_requeue_stale

    job = ReportJob.objects.create(
        kind="keputusan",
        unit=Unit.objects.get(slug="kpu-kalbar"),
        year=2025,
        requested_by=sekretariat,
        status="berjalan",
        attempts=3,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    assert job_requeue_stale(older_than=timedelta(minutes=10), max_attempts=3) == []
    job.refresh_from_db()
    assert job.status == "gagal"
    assert "Pekerja berhenti" in job.error


def test_create_signing_certificate_makes_a_usable_pair(tmp_path: Path, settings) -> None:
    settings.SIGNING_KEY_FILE = tmp_path / "k.pem"
    settings.SIGNING_CERT_FILE = tmp_path / "c.pem"
    call_command("create_signing_certificate", verbosity=0)
    assert settings.SIGNING_KEY_FILE.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY")
    assert b"BEGIN CERTIFICATE" in settings.SIGNING_CERT_FILE.read_bytes()


def test_the_embedded_default_runs_a_real_worker_without_redis(
    sekretariat: object, workers: list[Worker], private_root: Path, tmp_path: Path
) -> None:
    """`make run`: no REDIS_URL, so the broker is kombu's filesystem transport — a real
    worker process, not eager mode."""
    import re
    import subprocess
    import sys

    from tests.worker import ROOT

    broker = tmp_path / "broker"
    env = {"REDIS_URL": "", "CELERY_BROKER_DIR": str(broker)}
    worker = start_worker(workers, private_root, tmp_path, **env)
    assert re.search(r"transport:\s+filesystem://", (tmp_path / "worker0.log").read_text())
    request = (
        "from django.db import transaction; from areas.models import Unit; "
        "from django.contrib.auth import get_user_model; from reports.services import job_request\n"
        "with transaction.atomic():\n"
        "    job, _ = job_request(user=get_user_model().objects.get(username='sekre-worker'), "
        "kind='laporan', unit=Unit.objects.get(slug='kpu-kalbar'), year=2025, month=3)\n"
        "print(job.pk)"
    )
    published = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", request],
        cwd=ROOT,
        env={**worker.env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert published.returncode == 0, published.stderr
    job_id = int(published.stdout.strip().splitlines()[-1])
    wait_for(lambda: ReportJob.objects.get(pk=job_id).status in {"selesai", "gagal"})
    job = ReportJob.objects.get(pk=job_id)
    assert job.status == "selesai", job.error
