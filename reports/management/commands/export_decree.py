from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.models import ReportJob

from ._export import export


class Command(BaseCommand):
    help = (
        "Ekspor Keputusan dan Lampiran sebagai PDF bertanda tangan (layanan yang sama dengan job)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument(
            "--user",
            help="Nama pengguna yang dicatat sebagai peminta (default: superuser pertama).",
        )

    def handle(
        self, *args: Any, unit: str, year: int, output: Path, user: str | None, **options: Any
    ) -> None:
        job = export(
            kind=ReportJob.Kind.DECREE,
            unit_slug=unit,
            year=year,
            month=None,
            output=output,
            username=user,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{output} (versi {job.version}, SHA-256 {job.sha256}, kode {job.code})"
            )
        )
