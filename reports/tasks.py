"""Thin Celery tasks: take ids, call a service."""

from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def render_report(job_id: int) -> None:
    services.job_run(job_id=job_id)


@shared_task
def requeue_stale_jobs() -> list[int]:
    return services.job_requeue_stale()


@shared_task
def send_reminders() -> int:
    from .reminders import reminders_send

    return reminders_send()


@worker_ready.connect
def _requeue_on_start(**kwargs: Any) -> None:
    """A worker that starts picks up exports left running by a worker that died."""
    requeue_stale_jobs.delay()
