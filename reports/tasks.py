"""Thin Celery tasks: take ids, call a service."""

from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import jobs


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def render_report(job_id: int) -> None:
    jobs.job_run(job_id=job_id)


@shared_task
def sweep_jobs() -> dict[str, list[int]]:
    return jobs.jobs_sweep()


@shared_task
def send_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()


@worker_ready.connect
def _sweep_on_start(**kwargs: Any) -> None:
    """A worker that starts sends at once what waited for the broker, and sweeps again once
    the heartbeat of a job left by a worker that died just now has gone stale — so that
    job runs again within a minute or so of any worker being up, with or without beat."""
    sweep_jobs.delay()
    sweep_jobs.apply_async(countdown=settings.REPORT_STALE_SECONDS + 5)
