"""``manage.py load_units [--file F]``: create and place units from a CSV (docs/units.md).

Without ``--file``: KPU RI and the 38 provinces (access/data/units_provinsi.csv). The
kab/kota of a province come from a file of the same format (an example for Kalimantan
Barat: access/data/units_kalbar.csv).
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.services import FIELD_WORDS, PROVINCES_FILE, units_load, units_read


class Command(BaseCommand):
    help = "Muat satuan kerja (KPU RI, provinsi, kabupaten/kota) dari berkas CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=PROVINCES_FILE)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Berkas {file} tidak dapat dibaca: {error}") from error
        try:
            report = units_load(rows=units_read(text))
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{file.name}: {len(error.messages)} kesalahan; tidak ada yang disimpan."
            ) from error
        for unit in report.created:
            self.stdout.write(f"dibuat: {unit.short_name} ({unit.code or 'tanpa kode'})")
        for unit, fields in report.updated:
            self.stdout.write(
                f"diubah: {unit.short_name} ({', '.join(FIELD_WORDS.get(f, f) for f in fields)})"
            )
        if not report.changed:
            self.stdout.write(f"Tidak ada perubahan: {report.unchanged} satuan kerja sudah sesuai.")
        self.stdout.write(self.style.SUCCESS(f"Selesai memuat {file.name}."))
