from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from surveys.loading import DEFAULT_FILE, questionnaires_load, read_questionnaires


class Command(BaseCommand):
    help = "Muat kuesioner SKM, SPAK dan SPKP dari berkas data (versi yang sudah ada dibiarkan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        report = questionnaires_load(data=read_questionnaires(file))
        if report.created:
            self.stdout.write("dibuat: " + ", ".join(report.created))
        if report.kept:
            self.stdout.write("sudah ada, dibiarkan: " + ", ".join(report.kept))
        self.stdout.write(self.style.SUCCESS(f"Selesai memuat kuesioner dari {file.name}."))
