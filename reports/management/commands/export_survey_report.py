"""``manage.py export_survey_report --unit SLUG --year Y [--quarter Q] [--user U]
[--output FILE]``: the Laporan Hasil Survei of a quarter (or, without ``--quarter``, of the
whole year), rendered, signed and issued as the web's export issues it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.models import ReportJob

from ._export import export, issued_text


def default_output(unit: str, year: int, quarter: int | None) -> Path:
    """``laporan-survei-kpu-kalbar-2025-tw2.pdf`` in the current folder."""
    part = f"-tw{quarter}" if quarter else ""
    return Path(f"laporan-survei-{unit}-{year}{part}.pdf")


class Command(BaseCommand):
    help = (
        "Ekspor Laporan Hasil Survei (SKM, SPAK, SPKP) satu triwulan, atau setahun tanpa "
        "--quarter, sebagai PDF bertanda tangan; isi yang tidak berubah memberi versi yang "
        "sudah diterbitkan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, help="Triwulan 1–4 (tanpa: setahun penuh).")
        parser.add_argument(
            "--user",
            help="Nama pengguna yang dicatat sebagai peminta (default: superuser pertama).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="Berkas PDF (default: laporan-survei-SLUG-TAHUN[-twN].pdf di folder ini).",
        )

    def handle(
        self,
        *args: Any,
        unit: str,
        year: int,
        quarter: int | None,
        user: str | None,
        output: Path | None,
        **options: Any,
    ) -> None:
        output = output or default_output(unit, year, quarter)
        job, created = export(
            kind=ReportJob.Kind.SURVEY_REPORT,
            unit_slug=unit,
            year=year,
            month=None,
            quarter=quarter,
            output=output,
            username=user,
        )
        self.stdout.write(self.style.SUCCESS(issued_text(output, job, created=created)))
