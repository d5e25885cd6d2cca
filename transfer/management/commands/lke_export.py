"""python manage.py lke_export --unit kpu-kalbar --year 2025 --output F.xlsx"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfer.cells import thousands
from transfer.lke.services import lke_export

from ._lke import add_unit_arguments, unit_and_user


class Command(BaseCommand):
    help = "Ekspor LKE satuan kerja (jawaban unit dan TPI) sebagai XLSX tata letak resmi."

    def add_arguments(self, parser: CommandParser) -> None:
        add_unit_arguments(parser)
        parser.add_argument("--output", type=Path, required=True, help="Berkas XLSX tujuan.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit, user = unit_and_user(options["unit"], options["user"])
        try:
            export = lke_export(user=user, unit=unit, year=options["year"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        options["output"].write_bytes(export.content)
        self.stdout.write(
            self.style.SUCCESS(f"{options['output']} ({thousands(len(export.content))} bita)")
        )
