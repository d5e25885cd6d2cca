"""Exports through a real Celery worker process on Redis (the production broker)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from access.models import RoleAssignment, Unit
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


def start_worker(
    workers: list[Worker], private_root: Path, tmp_path: Path, *, pool: str = "solo", **env: str
) -> Worker:
    worker = Worker(private_root, tmp_path / f"worker{len(workers)}.log", pool=pool, **env)
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


def test_a_whole_worker_killed_mid_render_runs_again_within_two_minutes_and_issues_once(
    sekretariat: object,
    workers: list[Worker],
    private_root: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    """kill -9 of a prefork worker's main process and its children in the middle of a
    render (slowed by REPORT_RENDER_DELAY_SECONDS so there is a middle to kill in). The
    heartbeat thread keeps the live render from being swept; once it stops, the next
    worker's start-up sweep re-queues the job; it is issued once, as version 1."""
    timing = {"REPORT_HEARTBEAT_SECONDS": "1", "REPORT_STALE_SECONDS": "6"}
    first = start_worker(
        workers, private_root, tmp_path, pool="prefork", REPORT_RENDER_DELAY_SECONDS="40", **timing
    )
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = job_request(
            user=sekretariat, kind="keputusan", unit=Unit.objects.get(slug="kpu-kalbar"), year=2025
        )
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).progress == 30, timeout=60, step=0.05)
    # The worker's own delayed sweep (stale + 5 s after it was ready) ran during the render
    # and left it alone: the heartbeat thread kept beating while WeasyPrint "worked".
    log = tmp_path / "worker0.log"
    wait_for(lambda: log.read_text().count("sweep_jobs[") >= 4, timeout=60)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("berjalan", 1)
    # it has rendered longer than the stale threshold: only the heartbeat kept it fresh
    assert timezone.now() - job.started_at > timedelta(seconds=7)
    assert timezone.now() - job.heartbeat_at < timedelta(seconds=3)

    first.kill_group()
    job.refresh_from_db()
    assert job.status == "berjalan"  # left behind by the dead worker
    started = time.monotonic()
    start_worker(workers, private_root, tmp_path, pool="prefork", **timing)
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).attempts == 2, timeout=120, step=0.2)
    ran_again = time.monotonic() - started
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status in {"selesai", "gagal"}, timeout=240)
    job.refresh_from_db()
    assert job.status == "selesai", job.error
    assert ran_again < 120
    print(f"killed worker's job ran again {ran_again:.1f} s after a new worker was started")
    assert (job.attempts, job.version) == (2, 1)
    assert ReportJob.objects.filter(kind="keputusan").count() == 1
    assert len(list((private_root / "documents").rglob("*.pdf"))) == 1


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
