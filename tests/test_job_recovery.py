"""A job whose worker is gone runs again soon, and only the attempt holding it issues."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from access.models import Unit
from reports import rendering
from reports.models import ReportJob
from reports.services import job_request, job_run, jobs_sweep

pytestmark = pytest.mark.django_db


def running(people: dict, province: Unit, *, beat_age: float, attempts: int = 1) -> ReportJob:
    now = timezone.now()
    job = ReportJob.objects.create(
        kind="laporan",
        unit=province,
        year=2025,
        month=3,
        requested_by=people["sekretariat"],
        status="berjalan",
        progress=30,
        attempts=attempts,
        dispatched_at=now,
        started_at=now - datetime.timedelta(seconds=beat_age),
        heartbeat_at=now - datetime.timedelta(seconds=beat_age),
    )
    return job


def test_the_settings_bring_a_dead_workers_job_back_within_two_minutes() -> None:
    schedule = django_settings.CELERY_BEAT_SCHEDULE["sweep-export-jobs"]
    assert schedule["task"] == "reports.tasks.sweep_jobs"
    # worst case: the heartbeat goes stale, then the next sweep comes
    assert django_settings.REPORT_STALE_SECONDS + schedule["schedule"] < 120
    assert django_settings.REPORT_HEARTBEAT_SECONDS * 3 <= django_settings.REPORT_STALE_SECONDS


def test_a_job_without_a_heartbeat_for_a_minute_and_a_half_is_requeued(
    people: dict, province: Unit, django_capture_on_commit_callbacks
) -> None:
    job = running(people, province, beat_age=90)
    with django_capture_on_commit_callbacks() as sent:
        assert jobs_sweep()["requeued"] == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.progress, job.dispatched_at) == ("antre", 0, None)
    assert len(sent) == 1  # handed to the broker again after commit


def test_a_job_with_a_fresh_heartbeat_is_left_to_its_worker(people: dict, province: Unit) -> None:
    job = running(people, province, beat_age=5)
    assert jobs_sweep() == {"requeued": [], "sent": [], "failed": []}
    job.refresh_from_db()
    assert job.status == "berjalan"


def test_a_new_click_on_a_stuck_document_revives_it_instead_of_waiting(
    people: dict, province: Unit, django_capture_on_commit_callbacks
) -> None:
    stuck = running(people, province, beat_age=90)
    with django_capture_on_commit_callbacks() as sent:
        job, created = job_request(
            user=people["sekretariat"], kind="laporan", unit=province, year=2025, month=3
        )
    assert (job.pk, created, job.status) == (stuck.pk, False, "antre")
    assert len(sent) == 1


def test_a_redelivered_message_for_a_job_alive_in_another_worker_renders_nothing(
    people: dict, province: Unit, monkeypatch
) -> None:
    job = running(people, province, beat_age=2)

    def must_not_render(*args: object) -> None:
        raise AssertionError("rendered twice")

    monkeypatch.setattr(rendering, "render", must_not_render)
    after = job_run(job_id=job.pk)
    assert (after.status, after.attempts, after.version) == ("berjalan", 1, None)


def test_an_attempt_that_lost_the_job_while_rendering_issues_nothing(
    people: dict, province: Unit, monkeypatch
) -> None:
    job = ReportJob.objects.create(
        kind="laporan", unit=province, year=2025, month=3, requested_by=people["sekretariat"]
    )
    real_render = rendering.render

    def swept_meanwhile(job: ReportJob, progress: object) -> object:
        result = real_render(job, progress)
        # meanwhile the sweeper re-queued it and another worker took it (attempt 2)
        ReportJob.objects.filter(pk=job.pk).update(attempts=2, heartbeat_at=timezone.now())
        return result

    monkeypatch.setattr(rendering, "render", swept_meanwhile)
    after = job_run(job_id=job.pk)
    assert (after.status, after.attempts, after.version) == ("berjalan", 2, None)
    assert not after.output


def test_a_job_killed_too_often_fails_with_a_message(people: dict, province: Unit) -> None:
    job = running(people, province, beat_age=600, attempts=3)
    assert jobs_sweep()["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.status == "gagal"
    assert job.error.startswith("Dokumen tidak dapat dibuat setelah 3 percobaan")


def test_a_render_running_past_its_limit_fails(people: dict, province: Unit, settings) -> None:
    settings.REPORT_MAX_RUN_SECONDS = 600
    job = running(people, province, beat_age=1)
    ReportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert jobs_sweep()["failed"] == [job.pk]
    job.refresh_from_db()
    assert job.error == "Pembuatan dokumen melebihi 10 menit. Silakan ekspor ulang."
