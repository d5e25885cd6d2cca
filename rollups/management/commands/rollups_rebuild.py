"""manage.py rollups_rebuild [--unit SLUG] [--year Y]: the summaries computed again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import Unit
from rollups.services import rollups_rebuild


class Command(BaseCommand):
    help = "Hitung ulang ringkasan (rencana, LKE, survei) dari datanya; aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="slug satuan kerja (bawaan: semua)")
        parser.add_argument("--year", type=int, help="tahun (bawaan: semua)")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(slug=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Satuan kerja tidak ditemukan: {options['unit']}")
        report = rollups_rebuild(unit=unit, year=options["year"])
        self.stdout.write(
            f"Ringkasan dihitung ulang: {report.plans} rencana, "
            f"{report.assessments} penilaian LKE, {report.periods} triwulan survei."
        )
