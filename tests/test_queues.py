"""Documents, mail and sweeps go to Celery queues of their own (settings.CELERY_TASK_ROUTES),
so that a long render on the documents worker never delays a reminder on the mail worker."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import job_request
from tests.app_code import PORTAL_APPS
from tests.factories import UserFactory
from tests.worker import ROOT, Worker, flush_broker
from zi_portal.celery import app


def queue_of(task_name: str) -> str | None:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_every_portal_task_is_routed_to_one_of_the_three_queues() -> None:
    app.loader.import_default_modules()
    portal_tasks = sorted(name for name in app.tasks if name.split(".")[0] in PORTAL_APPS)
    assert portal_tasks, "the portal's tasks are registered"
    routed = {name: queue_of(name) for name in portal_tasks}
    assert set(routed) == set(settings.CELERY_TASK_ROUTES), "a task without a route"
    assert routed == {
        "reports.tasks.render_report": "documents",
        "reports.tasks.send_reminders": "mail",
        "reports.tasks.sweep_jobs": "sweeps",
        "transfer.tasks.sweep_import_uploads": "sweeps",
    }
    assert settings.CELERY_TASK_DEFAULT_QUEUE in settings.CELERY_QUEUE_NAMES


def test_make_run_and_the_test_workers_consume_every_queue(tmp_path: Path) -> None:
    makefile = (ROOT / "Makefile").read_text()
    (queues,) = re.findall(r"celery -A zi_portal worker .*?-Q (\S+)", makefile)
    assert set(queues.split(",")) == set(settings.CELERY_QUEUE_NAMES)
    assert Worker(tmp_path, tmp_path / "log").queues == settings.CELERY_QUEUE_NAMES


@pytest.fixture
def sekretariat(transactional_db: None) -> object:
    user = UserFactory(username="sekre-antrean")
    RoleAssignment.objects.create(
        user=user, unit=Unit.objects.get(slug="kpu-kalbar"), role="sekretariat"
    )
    return user


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    flush_broker()
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def wait_for(predicate, timeout: float, step: float = 0.1) -> float:
    """Seconds until ``predicate()`` held (TimeoutError past ``timeout``)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(step)
    raise TimeoutError


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_long_render_on_the_documents_worker_does_not_delay_a_reminder_on_the_mail_worker(
    sekretariat: object,
    workers: list[Worker],
    private_root: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    documents = Worker(
        private_root,
        tmp_path / "documents.log",
        queues=("documents",),
        REPORT_RENDER_DELAY_SECONDS="20",
    )
    mail = Worker(private_root, tmp_path / "mail.log", queues=("mail",))
    for worker in (documents, mail):
        workers.append(worker)
        worker.start()
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = job_request(
            user=sekretariat, kind="keputusan", unit=Unit.objects.get(slug="kpu-kalbar"), year=2025
        )
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status == "berjalan", timeout=60)

    from reports.tasks import send_reminders

    send_reminders.apply_async()
    log = tmp_path / "mail.log"
    waited = wait_for(
        lambda: re.search(r"send_reminders\[[^]]+\] succeeded", log.read_text()), timeout=15
    )
    job.refresh_from_db()
    assert job.status == "berjalan", "the reminder ran while the render still went on"
    print(f"reminder done {waited:.1f} s after it was sent, the render still running")
    assert "render_report[" not in log.read_text()
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status in {"selesai", "gagal"}, timeout=120)
    job.refresh_from_db()
    assert job.status == "selesai", job.error
    assert "send_reminders[" not in (tmp_path / "documents.log").read_text()
