from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError

from lke.loading import (
    DEFAULT_DOCUMENTS_FILE,
    DEFAULT_WORKSHEET_FILE,
    REGULATION,
    LoadReport,
    read_worksheet_files,
    worksheet_load,
)


class Command(BaseCommand):
    help = "Muat Lembar Kerja Evaluasi (LKE) Zona Integritas dari berkas data sebagai satu versi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_WORKSHEET_FILE)
        parser.add_argument("--documents", type=Path, default=DEFAULT_DOCUMENTS_FILE)
        parser.add_argument("--regulation", default=REGULATION)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Kembalikan versi yang sudah ada ke isi berkas (bobot dan syarat minimal "
            "yang diubah admin hilang).",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        documents: Path,
        regulation: str,
        overwrite: bool,
        **options: Any,
    ) -> None:
        report = LoadReport()
        source = read_worksheet_files(file, documents, regulation)
        try:
            worksheet, changed = worksheet_load(**source, overwrite=overwrite, report=report)
        except ProtectedError as exc:
            raise CommandError(
                "Pertanyaan yang sudah dijawab tidak dapat dihapus; tidak ada yang diubah."
            ) from exc
        for label, counter in (
            ("dibuat", report.created),
            ("diubah", report.updated),
            ("dihapus", report.deleted),
        ):
            if counter:
                self.stdout.write(f"{label}: {_parts(counter)}")
        if report.kept:
            self.stdout.write(
                f"berbeda dari berkas, dibiarkan: {_parts(report.kept)} "
                "(pakai --overwrite untuk mengembalikan ke isi berkas)."
            )
        if not changed:
            self.stdout.write("Tidak ada perubahan.")
        self.stdout.write(self.style.SUCCESS(f"Selesai memuat {worksheet} dari {file.name}."))


def _parts(counter: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))
