"""python manage.py sweep_imports [--hours N]: delete expired kept import uploads."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from transfer.stash import stash_sweep


class Command(BaseCommand):
    help = (
        "Hapus berkas impor yang disimpan untuk pratinjau tetapi tidak dikonfirmasi atau "
        "dibatalkan dalam IMPORT_KEEP_HOURS (beat menjalankannya tiap jam)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=float, default=None, help="Umur paling lama (bawaan IMPORT_KEEP_HOURS)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"]
        older_than = None if hours is None else datetime.timedelta(hours=hours)
        removed = stash_sweep(older_than=older_than)
        self.stdout.write(f"{removed} berkas impor kedaluwarsa dihapus.")
