"""The job row is the outbox: with the broker unreachable an export is kept, the user is told
in Indonesian, and the sweeper sends it once the broker is back (rendered once)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import jobs_sweep
from tests.factories import UserFactory
from tests.worker import Worker, flush_broker

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_producers(app: object) -> None:
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down() -> Iterator[None]:
    """The web process publishes to a broker where nothing listens; restored afterwards."""
    from zi_portal.celery import app

    url = app.conf.broker_url
    app.conf.broker_url = NOWHERE
    _reset_producers(app)
    yield
    app.conf.broker_url = url
    _reset_producers(app)


def post_export(client: Client, user: object, captured: object) -> tuple[object, float]:
    client.force_login(user)
    started = time.monotonic()
    with captured(execute=True):
        response = client.post(
            reverse("job_create", args=["kpu-kalbar"]),
            {"kind": "laporan", "year": "2025", "month": "3"},
        )
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_with_the_broker_down_the_export_is_kept_and_the_user_told_not_a_500(
    client: Client, people: dict, broker_down: None, django_capture_on_commit_callbacks
) -> None:
    response, seconds = post_export(
        client, people["sekretariat"], django_capture_on_commit_callbacks
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert seconds < 5  # the request does not hang on the broker
    assert (job.status, job.dispatched_at) == ("antre", None)
    assert job.waits_for_broker
    page = client.get(response["Location"]).content.decode()
    assert "Antrean pekerjaan sedang tidak tersedia" in page
    assert "dikirim otomatis begitu antrean pulih" in page
    # A second click while the broker is still down goes to the same job, with the same word.
    again, _ = post_export(client, people["sekretariat"], django_capture_on_commit_callbacks)
    assert again["Location"] == response["Location"]
    assert (
        "Antrean pekerjaan sedang tidak tersedia" in client.get(again["Location"]).content.decode()
    )
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_the_sweeper_sends_what_waits_and_leaves_what_was_sent(
    people: dict, province: Unit, django_capture_on_commit_callbacks
) -> None:
    waiting = ReportJob.objects.create(
        kind="laporan", unit=province, year=2025, month=3, requested_by=people["sekretariat"]
    )
    sent = ReportJob.objects.create(
        kind="laporan", unit=province, year=2025, month=4, requested_by=people["sekretariat"]
    )
    ReportJob.objects.filter(pk=sent.pk).update(dispatched_at=sent.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        done = jobs_sweep()
    assert done == {"requeued": [], "sent": [waiting.pk], "failed": []}
    waiting.refresh_from_db()
    assert waiting.dispatched_at is not None and not waiting.waits_for_broker
    flush_broker()


@pytest.mark.django_db
def test_a_job_that_waited_for_the_queue_too_long_fails_with_a_message(
    people: dict, province: Unit, settings
) -> None:
    settings.REPORT_QUEUE_EXPIRY_SECONDS = 3600
    job = ReportJob.objects.create(
        kind="laporan", unit=province, year=2025, month=3, requested_by=people["sekretariat"]
    )
    ReportJob.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2024))
    assert jobs_sweep()["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.status == "gagal"
    assert job.error == "Ekspor ini menunggu antrean lebih dari 1 jam. Silakan ekspor ulang."


def _on_commit_as_usual(execute: bool = True) -> contextlib.AbstractContextManager[None]:
    """Transactional test: callbacks run on commit by themselves."""
    return contextlib.nullcontext()


@pytest.fixture
def sekretariat(transactional_db: None) -> object:
    user = UserFactory(username="sekre-outbox")
    RoleAssignment.objects.create(
        user=user, unit=Unit.objects.get(slug="kpu-kalbar"), role="sekretariat"
    )
    return user


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_once_the_broker_is_back_beat_sends_the_waiting_export_and_a_real_worker_renders_it_once(
    sekretariat: object, private_root: Path, tmp_path: Path
) -> None:
    flush_broker()
    worker = Worker(
        private_root,
        tmp_path / "worker.log",
        pool="prefork",
        args=("--beat", "--schedule", str(tmp_path / "beat-schedule")),
        REPORT_SWEEP_SECONDS="2",
    )
    worker.start()
    try:
        from zi_portal.celery import app

        url = app.conf.broker_url
        app.conf.broker_url = NOWHERE
        _reset_producers(app)
        try:
            response, _ = post_export(Client(), sekretariat, _on_commit_as_usual)
        finally:
            app.conf.broker_url = url
            _reset_producers(app)
        assert response.status_code == 302
        job = ReportJob.objects.get()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in {"selesai", "gagal"}:
                break
            time.sleep(0.2)
        assert job.status == "selesai", job.error + (tmp_path / "worker.log").read_text()[-3000:]
        assert (job.attempts, job.version) == (1, 1)
        assert job.dispatched_at is not None
        # sent by the beat sweeper, not by the request (which found no broker)
        assert f"'sent': [{job.pk}]" in (tmp_path / "worker.log").read_text()
        assert ReportJob.objects.count() == 1
        assert len(list((private_root / "documents").rglob("*.pdf"))) == 1
    finally:
        worker.stop()
