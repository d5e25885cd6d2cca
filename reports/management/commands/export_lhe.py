from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import Unit
from reports.lhe import lhe_assessment
from reports.models import ReportJob

from ._export import export


class Command(BaseCommand):
    help = (
        "Ekspor Laporan Hasil Evaluasi (LHE) sebagai PDF bertanda tangan, dari jawaban TPI "
        'sebagaimana tersimpan; bertanda "DRAF" sampai evaluasi TPI selesai.'
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
        found = Unit.objects.filter(slug=unit).first()
        if found is not None and lhe_assessment(found, year) is None:
            raise CommandError(f"{found} belum memiliki penilaian LKE tahun {year}.")
        job = export(
            kind=ReportJob.Kind.LHE,
            unit_slug=unit,
            year=year,
            month=None,
            output=output,
            username=user,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{output} ({job.doc_number}, versi {job.version}, SHA-256 {job.sha256}, "
                f"kode {job.code})"
            )
        )
