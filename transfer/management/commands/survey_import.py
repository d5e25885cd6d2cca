"""python manage.py survey_import --unit kpu-kalbar --survey skm --file F.xlsx [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfer.results import ImportResult
from transfer.surveys.services import DATASETS, survey_import

from ._lke import unit_and_user


class Command(BaseCommand):
    help = (
        "Impor jawaban kuesioner kertas (skm, spak, spkp: satu baris per responden) atau "
        "populasi per triwulan (populasi) dari berkas XLSX atau CSV: semua baris atau tidak "
        "sama sekali. Setiap galat dicetak dengan baris dan kolomnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Kode satuan kerja, misalnya kpu-kalbar.")
        parser.add_argument("--survey", choices=DATASETS, required=True)
        parser.add_argument("--file", type=Path, required=True, help="Berkas XLSX atau CSV.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya periksa dan tampilkan isinya."
        )
        parser.add_argument(
            "--user",
            help="Nama pengguna yang dicatat (catatan impor); default: superuser pertama.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit, user = unit_and_user(options["unit"], options["user"])
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Berkas {path} tidak dapat dibaca: {error.strerror}.") from None
        try:
            result = survey_import(
                user=user,
                unit=unit,
                dataset=options["survey"],
                content=content,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        except PermissionDenied as error:
            raise CommandError(str(error) or "Pengguna ini tidak boleh mengimpor.") from None
        if not result.ok:
            raise CommandError("Tidak ada yang disimpan.\n" + "\n".join(result.messages()))
        if options["dry_run"]:
            self._rows(result)
        self.stdout.write(self.style.SUCCESS(self._summary(result, options["dry_run"], path)))

    def _rows(self, result: ImportResult) -> None:
        for row in result.rows:
            if row.changes:
                label = f" {row.label}" if row.label else ""
                self.stdout.write(f"Baris {row.number}{label}: " + "; ".join(row.changes))

    def _summary(self, result: ImportResult, dry_run: bool, path: Path) -> str:
        what = "diperiksa (tidak disimpan)" if dry_run else "diimpor"
        groups = "".join(f"; {name}: {count}" for name, count in result.groups)
        return (
            f"{result.dataset_label} {result.unit.short_name} {what} dari {path.name}: "
            f"{result.created} baris baru, {result.updated} diubah, {result.unchanged} tetap"
            f"{groups}."
        )
