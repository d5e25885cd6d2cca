"""The job page says when the worker of a running export stopped answering and when the
sweeper will take the job back — instead of showing "berjalan 30 %" for a minute and more."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from common.formatting import time_text
from reports.jobs import job_silence, jobs_sweep
from reports.models import ReportJob
from tests.test_job_recovery import running

pytestmark = pytest.mark.django_db


def job_page(client: Client, people: dict, job: ReportJob, *, htmx: bool = False) -> str:
    client.force_login(people["sekretariat"])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(reverse("job_detail", args=[job.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_beating_worker_is_not_called_silent(
    client: Client, people: dict, province: Unit
) -> None:
    job = running(people, province, beat_age=5)
    assert job_silence(job) is None
    assert 'data-testid="worker-silent"' not in job_page(client, people, job)


def test_a_silent_worker_is_named_with_the_time_of_its_retry(
    client: Client, people: dict, province: Unit, settings
) -> None:
    job = running(people, province, beat_age=25)
    silence = job_silence(job)
    assert silence is not None
    stale = datetime.timedelta(seconds=settings.REPORT_STALE_SECONDS)
    sweep = datetime.timedelta(seconds=settings.REPORT_SWEEP_SECONDS)
    assert (silence.last_seen, silence.retry_from) == (job.heartbeat_at, job.heartbeat_at + stale)
    assert silence.retry_by == job.heartbeat_at + stale + sweep and not silence.last_attempt
    for htmx in (False, True):  # the page and its every-second refresh
        page = job_page(client, people, job, htmx=htmx)
        assert f"tidak menjawab sejak pukul {time_text(job.heartbeat_at)}" in page
        assert "diulang otomatis (percobaan ke-2)" in page
        assert (
            f"antara pukul {time_text(silence.retry_from)} dan {time_text(silence.retry_by)}"
            in page
        )


def test_the_promised_retry_is_what_the_sweeper_does(people: dict, province: Unit) -> None:
    job = running(people, province, beat_age=25)
    silence = job_silence(job)
    assert jobs_sweep()["requeued"] == []  # not before the time the page gives
    later = silence.retry_from + datetime.timedelta(seconds=1)
    ReportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=job.heartbeat_at - (later - timezone.now())
    )
    assert jobs_sweep()["requeued"] == [job.pk]


def test_a_silent_last_attempt_says_it_will_fail(
    client: Client, people: dict, province: Unit, settings
) -> None:
    job = running(people, province, beat_age=70, attempts=settings.REPORT_MAX_ATTEMPTS)
    silence = job_silence(job)
    assert silence is not None and silence.last_attempt
    assert silence.retry_from >= timezone.now() - datetime.timedelta(seconds=5)  # overdue: now
    page = job_page(client, people, job)
    assert "Ini percobaan terakhir: ekspor akan ditandai gagal" in page
