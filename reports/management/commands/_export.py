"""Shared by export_decree, export_report and export_lhe: run the same service as the Celery job."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from access.models import Unit
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run


def export(
    *, kind: str, unit_slug: str, year: int, month: int | None, output: Path, username: str | None
) -> ReportJob:
    unit = Unit.objects.filter(slug=unit_slug).first()
    if unit is None:
        raise CommandError(f"Satuan kerja {unit_slug!r} tidak ditemukan.")
    User = get_user_model()
    user = (
        User.objects.filter(username=username).first()
        if username
        else User.objects.filter(is_superuser=True).first()
    )
    if user is None:
        raise CommandError(
            "Tidak ada pengguna untuk dicatat sebagai peminta (buat superuser atau pakai --user)."
        )
    job = ReportJob.objects.create(kind=kind, unit=unit, year=year, month=month, requested_by=user)
    job = job_run(job_id=job.pk)
    if job.status != ReportJob.Status.SELESAI:
        raise CommandError(job.error or "Ekspor gagal.")
    output.write_bytes(job_output_bytes(job))
    return job
