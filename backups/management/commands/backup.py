from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (pg_dump) dan semua berkas tersimpan (manifes SHA-256) ke "
        "folder baru (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, required=True, help="Folder baru cadangan.")
        parser.add_argument(
            "--with-files",
            action="store_true",
            help="Salin juga berkas dari S3 (berkas lokal selalu disalin).",
        )

    def handle(self, *args: Any, output: Path, with_files: bool, **options: Any) -> None:
        try:
            outcome = backup_create(output=output, with_files=with_files)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Cadangan {outcome.folder}: basis data dan {outcome.files} berkas "
            f"({outcome.copied} disalin)."
        )
        if outcome.problems:
            raise CommandError("\n".join(["Cadangan tidak lengkap:", *outcome.problems]))
