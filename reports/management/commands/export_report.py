from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.models import ReportJob

from ._export import export, issued_text


class Command(BaseCommand):
    help = "Ekspor laporan bulanan (satuan kerja, atau provinsi dengan --province) sebagai PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument(
            "--province", action="store_true", help="Laporan seluruh satuan kerja provinsi."
        )
        parser.add_argument("--user")

    def handle(
        self,
        *args: Any,
        unit: str,
        year: int,
        month: int,
        output: Path,
        province: bool,
        user: str | None,
        **options: Any,
    ) -> None:
        kind = ReportJob.Kind.PROVINCE_REPORT if province else ReportJob.Kind.UNIT_REPORT
        job, created = export(
            kind=kind, unit_slug=unit, year=year, month=month, output=output, username=user
        )
        self.stdout.write(self.style.SUCCESS(issued_text(output, job, created=created)))
