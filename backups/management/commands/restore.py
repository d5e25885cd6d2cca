from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan ke basis data KOSONG dan penyimpanan berkas, lalu periksa setiap "
        "berkas dan SHA-256 setiap dokumen terbit (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", type=Path, required=True, help="Folder cadangan.")

    def handle(self, *args: Any, input: Path, **options: Any) -> None:
        try:
            outcome = backup_restore(source=input)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from refusal
        if outcome.problems:
            raise CommandError(
                "\n".join(
                    [f"Pemulihan selesai, tetapi {len(outcome.problems)} hal tidak cocok:"]
                    + [f"- {problem}" for problem in outcome.problems]
                )
            )
        self.stdout.write(
            f"Dipulihkan dari {outcome.folder}: basis data dan {outcome.files} berkas "
            f"({outcome.copied} dikembalikan), semuanya cocok dengan manifes. Jalankan "
            "`manage.py migrate` bila kode lebih baru daripada cadangan."
        )
