"""Shared by export_decree, export_report and export_lhe: run the same service as the Celery job."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

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


class YearDocumentCommand(BaseCommand):
    """``--unit SLUG --year YYYY --output FILE [--user NAME]``: one document of a year
    (the decree, the LHE) rendered, signed and issued as a job version."""

    kind: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument(
            "--user",
            help="Nama pengguna yang dicatat sebagai peminta (default: superuser pertama).",
        )

    def ensure_renderable(self, unit: Unit, year: int) -> None:
        """Refuse (CommandError) before a job is made for what cannot be rendered."""

    def handle(
        self, *args: Any, unit: str, year: int, output: Path, user: str | None, **options: Any
    ) -> None:
        found = Unit.objects.filter(slug=unit).first()
        if found is not None:
            self.ensure_renderable(found, year)
        job = export(
            kind=self.kind, unit_slug=unit, year=year, month=None, output=output, username=user
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{output} ({job.doc_number}, versi {job.version}, SHA-256 {job.sha256}, "
                f"kode {job.code})"
            )
        )
