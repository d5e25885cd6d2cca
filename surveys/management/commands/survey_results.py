"""``survey_results``: one survey's result (NRR per element, index, IKM, mutu, sample) of a
unit for a year or a quarter, as JSON (``--json``) or as an Indonesian table.

The JSON is ``surveys.selectors.SurveyResult.as_json()``: numbers as strings with a decimal
point, ``index``/``ikm``/``grade`` null without responses (docs/surveys.md). A province is
its own result; ``--with-children`` pools its kab/kota with it (each answer counts once).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import Unit
from common.formatting import EMPTY, decimal_text, score_text
from surveys import results
from surveys.choices import SurveyKind
from surveys.selectors import SurveyResult, survey_result

KINDS = ", ".join(SurveyKind.values)
# The index's name in the table: the SKM's is its NRR tertimbang, the others' IPAK/IPKP.
INDEX_NAMES = {
    SurveyKind.SKM: "Indeks (NRR tertimbang)",
    SurveyKind.SPAK: "IPAK",
    SurveyKind.SPKP: "IPKP",
}


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise CommandError(f"{what} harus bilangan bulat, bukan '{text}'.") from None


def _kind(text: str) -> str:
    kind = text.strip().casefold()
    if kind not in SurveyKind.values:
        raise CommandError(f"Survei '{text}' tidak dikenal; pilih salah satu: {KINDS}.")
    return kind


def _quarter(text: str | None) -> int | None:
    if text is None:
        return None
    quarter = _whole(text, "Triwulan")
    if not 1 <= quarter <= 4:
        raise CommandError(f"Triwulan {quarter} tidak ada; isi 1 sampai 4.")
    return quarter


def _units(slug: str, *, with_children: bool) -> tuple[Unit, list[Unit]]:
    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise CommandError(f"Satuan kerja '{slug}' tidak ditemukan.")
    if not with_children:
        return unit, [unit]
    return unit, [unit, *Unit.objects.filter(parent=unit).order_by("order", "name")]


def _index(value: Decimal | None) -> str:
    return decimal_text(value, places=4)


class Command(BaseCommand):
    help = (
        "Tampilkan hasil survei (SKM, SPAK, SPKP) satu satuan kerja: NRR per unsur, indeks, "
        "IKM, mutu pelayanan dan sampel, per tahun atau per triwulan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Slug satuan kerja, mis. kpu-kalbar.")
        parser.add_argument("--survey", required=True, help=f"Jenis survei: {KINDS}.")
        parser.add_argument("--year", required=True, help="Tahun survei, mis. 2025.")
        parser.add_argument("--quarter", help="Triwulan 1–4 (tanpa ini: seluruh tahun).")
        parser.add_argument(
            "--with-children",
            action="store_true",
            help="Satuan kerja provinsi beserta kabupaten/kotanya (jawaban digabung).",
        )
        parser.add_argument("--json", action="store_true", help="Keluaran satu objek JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = _kind(options["survey"])
        year = _whole(options["year"], "Tahun")
        quarter = _quarter(options["quarter"])
        unit, units = _units(options["unit"], with_children=options["with_children"])
        result = survey_result(units=units, kind=kind, year=year, quarter=quarter)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        where = unit.name if len(units) == 1 else f"{unit.name} beserta {len(units) - 1} kab/kota"
        when = f"triwulan {quarter} tahun {year}" if quarter else f"tahun {year}"
        self._table(f"{SurveyKind(kind).label} — {where}, {when}", result)

    def _table(self, title: str, result: SurveyResult) -> None:
        write = self.stdout.write
        write(title)
        write(f"Responden: {result.responses}")
        write("")
        write(f"{'Kode':<6}{'Unsur':<48}{'Jawaban':>8}{'NRR':>9}")
        for t in result.tallies:
            label = t.label if len(t.label) <= 47 else t.label[:46] + "…"
            nrr = _index(None if t.nrr is None else results.rounded_index(t.nrr))
            write(f"{t.code:<6}{label:<48}{t.answers:>8}{nrr:>9}")
        write("")
        write(f"{INDEX_NAMES[SurveyKind(result.kind)]:<28}{_index(result.index):>9}")
        if result.kind == SurveyKind.SKM:
            write(f"{'IKM':<28}{score_text(result.ikm):>9}")
            grade = f"{result.grade} ({result.grade_words})" if result.grade else EMPTY
            write(f"{'Mutu pelayanan':<28}{grade}")
        if not result.has_responses:
            write("Belum ada jawaban: indeks belum dapat dihitung.")
        write(self._sample(result))

    @staticmethod
    def _sample(result: SurveyResult) -> str:
        if result.required is None:
            return "Sampel: populasi pengguna layanan belum diisi."
        reached = "tercapai" if result.reached else "belum tercapai"
        return (
            f"Sampel: populasi {result.population}, minimal {result.required} responden "
            f"(Krejcie–Morgan), {result.responses} diterima: {reached}."
        )
