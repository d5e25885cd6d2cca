from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from areas.services import DEFAULT_PLAN_FILE, plan_load, read_plan_file


class Command(BaseCommand):
    help = "Muat rencana kerja (default: KPU Provinsi Kalimantan Barat 2025) dari berkas data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_PLAN_FILE)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Kembalikan rencana yang sudah ada ke isi berkas (perubahan di portal hilang).",
        )

    def handle(self, *args: Any, file: Path, overwrite: bool, **options: Any) -> None:
        report = plan_load(data=read_plan_file(file), overwrite=overwrite)
        for plan in report.skipped_plans:
            self.stdout.write(
                f"Rencana {plan} sudah ada dan tidak diubah (pakai --overwrite untuk memuat ulang)"
                + ("; pemetaan LKE yang masih kosong diisi." if report.changed else ".")
            )
        for label, counter in (
            ("dibuat", report.created),
            ("diubah", report.updated),
            ("dihapus", report.deleted),
        ):
            if counter:
                parts = ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))
                self.stdout.write(f"{label}: {parts}")
        if not report.changed:
            self.stdout.write("Tidak ada perubahan.")
        self.stdout.write(self.style.SUCCESS(f"Selesai memuat {file.name}."))
