"""Thin Celery tasks: call a service."""

from celery import shared_task

from . import stash


@shared_task
def sweep_import_uploads() -> int:
    """Hourly from beat: delete kept import uploads that expired (transfer.stash)."""
    return stash.stash_sweep()
