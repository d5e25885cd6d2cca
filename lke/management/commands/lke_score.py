"""``lke_score``: an assessment's LKE scores and WBK/WBBM verdict, as a table or as JSON.

On the unit's side an empty IPAK or IPKP is forecast from the unit's internal survey of the
year and says so (lke/selectors/survey_values.py); ``surveys`` lists both values."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import Unit
from common.formatting import number_text, score_text
from lke.forecast import published
from lke.models import Assessment, Side
from lke.selectors import Result, assessment_result
from lke.selectors.survey_values import SurveyValue


def _number(value: Decimal) -> float:
    """A score for the JSON: two decimals, half-up (as the worksheet shows it)."""
    return float(published(value))


def _survey_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def survey_json(value: SurveyValue) -> dict[str, Any]:
    """One survey value of ``lke_score --json`` (see docs/lke.md)."""
    source = "entered" if value.is_entered else "internal" if value.is_forecast else None
    return {
        "label": value.label,
        "survey": value.kind,
        "value": _survey_number(value.value),
        "source": source,
        "entered": _survey_number(value.entered),
        "internal": _survey_number(value.internal),
        "responses": value.responses,
        "difference": _survey_number(value.difference),
        "text": value.note,
    }


def result_json(result: Result) -> dict[str, Any]:
    """The JSON object of ``lke_score --json`` (see docs/lke.md)."""
    scores = result.scores
    return {
        "total": _number(scores.total),
        "pengungkit": _number(scores.pengungkit),
        "hasil": _number(scores.hasil),
        "nodes": [
            {"path": list(node.path), "weight": float(node.weight), "score": _number(node.score)}
            for node in scores.nodes
        ],
        "unanswered": len(scores.unanswered),
        "predicate": {
            name: {"met": verdict.met, "unmet": verdict.unmet}
            for name, verdict in result.verdicts.items()
        },
        "surveys": [survey_json(value) for value in result.surveys.values()],
    }


class Command(BaseCommand):
    help = "Tampilkan nilai LKE dan prakiraan predikat WBK/WBBM satu satuan kerja."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Slug satuan kerja, mis. kpu-kalbar.")
        parser.add_argument("--year", type=int, required=True, help="Tahun rencana kerja.")
        parser.add_argument("--side", choices=Side.values, default=Side.UNIT)
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON.")

    def handle(self, *args: Any, unit: str, year: int, side: str, **options: Any) -> None:
        found = Unit.objects.filter(slug=unit).first()
        if found is None:
            raise CommandError(f"Satuan kerja '{unit}' tidak ditemukan.")
        assessment = Assessment.objects.filter(unit=found, year=year).first()
        if assessment is None:
            raise CommandError(f"{found.name} belum memiliki penilaian LKE tahun {year}.")
        result = assessment_result(assessment, side)
        if options["json"]:
            self.stdout.write(json.dumps(result_json(result), ensure_ascii=False, indent=2))
            return
        self._table(found, year, Side(side).label, result)

    def _table(self, unit: Unit, year: int, side: str, result: Result) -> None:
        scores = result.scores
        write = self.stdout.write
        write(f"LKE {unit.name} {year} — {side}")
        write(f"{'Nilai total':<20}{score_text(scores.total):>8}")
        write(f"{'Pengungkit':<20}{score_text(scores.pengungkit):>8}")
        write(f"{'Hasil':<20}{score_text(scores.hasil):>8}")
        asked = len(result.tree.questions)
        write(f"{'Belum dijawab':<20}{len(scores.unanswered):>8} dari {asked} pertanyaan")
        for value in result.surveys.values():
            words = value.note or ("diisi" if value.is_entered else "belum diisi (nilai 0)")
            write(f"{value.label:<20}{value.value_text:>8}  {words}")
        write("")
        write(f"{'Bagian':<72}{'Bobot':>8}{'Nilai':>8}")
        for node in scores.nodes:
            name = "  " * (len(node.path) - 1) + node.path[-1]
            name = name if len(name) <= 72 else name[:71] + "…"
            weight, value = number_text(node.weight), score_text(node.score)
            write(f"{name:<72}{weight:>8}{value:>8}")
        write("")
        for predicate, verdict in result.verdicts.items():
            state = "memenuhi syarat" if verdict.met else "belum memenuhi syarat"
            write(f"Predikat {predicate}: {state}")
            for text in verdict.unmet:
                write(f"  - {text}")
