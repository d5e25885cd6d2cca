"""python manage.py lke_import --unit kpu-kalbar --year 2025 --file F.xlsx --side unit|tpi"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lke.models import Assessment, Side
from transfer.lke.services import lke_import

from ._lke import add_unit_arguments, unit_and_user


class Command(BaseCommand):
    help = (
        "Impor jawaban LKE (penilaian mandiri atau TPI) dari berkas XLSX tata letak resmi: "
        "semua jawaban atau tidak sama sekali; penilaian yang belum ada dimulai pada LKE "
        "terbaru."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_unit_arguments(parser)
        parser.add_argument("--file", type=Path, required=True, help="Berkas XLSX.")
        parser.add_argument("--side", choices=Side.values, required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya periksa dan tampilkan perubahan."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit, user = unit_and_user(options["unit"], options["user"])
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Berkas {path} tidak dapat dibaca: {error.strerror}.") from None
        year, side = options["year"], options["side"]
        started = not Assessment.objects.filter(unit=unit, year=year).exists()
        try:
            result = lke_import(
                user=user,
                unit=unit,
                year=year,
                side=side,
                content=content,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        except PermissionDenied as error:
            raise CommandError(str(error) or "Pengguna ini tidak boleh mengimpor.") from None
        if not result.ok:
            raise CommandError("Tidak ada yang disimpan.\n" + "\n".join(result.messages()))
        for row in result.rows:
            if row.changes:
                self.stdout.write(f"Baris {row.number} {row.label}: " + "; ".join(row.changes))
        what = "diperiksa (tidak disimpan)" if options["dry_run"] else "diimpor"
        self.stdout.write(
            self.style.SUCCESS(
                f"LKE {unit.short_name} {year}, {Side(side).label.lower()}, {what} dari "
                f"{path.name}: {result.created} jawaban baru, {result.updated} diubah, "
                f"{result.unchanged} tetap."
                + (" Penilaian dimulai." if started and not options["dry_run"] else "")
            )
        )
