"""manage.py survey_import: the page's importer on the command line. Every error printed
with its row and column and a non-zero exit, nothing stored; --dry-run prints what would
be stored."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from access.models import Unit
from surveys.models import Response, SurveyPeriod
from surveys.selectors import survey_result
from tests.survey_import_support import answers_row, skm_csv, skm_xlsx
from tests.survey_support import WORKED_EXAMPLE, period_make
from tests.test_transfer_support import csv_file
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(province: Unit) -> SurveyPeriod:
    return period_make(province, 2025, 2)


def command(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command("survey_import", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def write(tmp_path: Path, content: bytes, name: str = "kertas.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def rows() -> list[list[Any]]:
    return [answers_row("12/04/2025", "", row) for row in WORKED_EXAMPLE]


def test_a_sheet_is_imported_as_the_user_named(
    tmp_path: Path, quarter: SurveyPeriod, people: dict
) -> None:
    path = write(tmp_path, skm_xlsx(*rows()))
    out = command("--unit", "kpu-kalbar", "--survey", "skm", "--file", path, "--user", "sekre-uji")
    assert (
        "Survei SKM (kuesioner kertas) KPU Provinsi Kalimantan Barat diimpor dari kertas.xlsx"
        in out
    )
    assert "5 baris baru, 0 diubah, 0 tetap; Triwulan II 2025: 5." in out
    result = survey_result(units=[quarter.unit], kind="skm", year=2025, quarter=2)
    assert str(result.ikm) == "84.86"
    assert set(Response.objects.values_list("imported_by__username", flat=True)) == {"sekre-uji"}
    assert ImportRecord.objects.get().imported_by == people["sekretariat"]


def test_a_dry_run_prints_every_row_and_stores_nothing(
    tmp_path: Path, quarter: SurveyPeriod, people: dict
) -> None:
    path = write(tmp_path, skm_csv(*rows()), "kertas.csv")
    out = command(
        "--unit",
        "kpu-kalbar",
        "--survey",
        "skm",
        "--file",
        path,
        "--dry-run",
        "--user",
        "sekre-uji",
    )
    lines = out.splitlines()
    assert lines[0] == (
        "Baris 2 12 April 2025 · Triwulan II 2025: Jawaban: U1 4 · U2 4 · U3 3 · U4 4 · U5 3 · "
        "U6 4 · U7 4 · U8 3 · U9 3"
    )
    assert lines[4].endswith("U8 – · U9 3")
    assert "diperiksa (tidak disimpan)" in lines[5]
    assert not Response.objects.exists() and not ImportRecord.objects.exists()


def test_errors_are_printed_with_row_and_column_and_the_exit_is_not_zero(
    tmp_path: Path, quarter: SurveyPeriod, people: dict
) -> None:
    content = skm_csv(
        answers_row("12/04/2025", "", [4] * 9),
        answers_row("12/04/2025", "Legalisir", [4, 0, 4, 4, 4, 4, 4, 4, 4]),
        answers_row("31/02/2025", "", [4] * 9),
    )
    with pytest.raises(CommandError) as caught:
        command("--unit", "kpu-kalbar", "--survey", "skm", "--file", write(tmp_path, content))
    message = str(caught.value)
    assert message.splitlines() == [
        "Tidak ada yang disimpan.",
        "Baris 3, kolom B (layanan): Jenis layanan “Legalisir” tidak dikenal. Belum ada jenis "
        "layanan aktif; kosongkan kolom ini atau tambahkan jenis layanan di halaman survei.",
        "Baris 3, kolom D (U2): Jawaban harus bernilai 1, 2, 3, atau 4. Isian: “0”.",
        "Baris 4, kolom A (tanggal): Tanggal “31/02/2025” tidak ada di kalender.",
    ]
    assert caught.value.returncode == 1  # what the shell sees (BaseCommand.run_from_argv)
    assert not Response.objects.exists() and not ImportRecord.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "tidak-ada"], "Satuan kerja 'tidak-ada' tidak ditemukan."),
        (["--user", "k1"], "Hanya Sekretariat satuan kerja ini yang dapat mengelola survei"),
        (["--user", "tidak-ada"], "Pengguna 'tidak-ada' tidak ditemukan."),
    ],
)
def test_an_unknown_unit_or_a_user_who_may_not_import_is_refused(
    tmp_path: Path, quarter: SurveyPeriod, people: dict, args: list[str], message: str
) -> None:
    path = write(tmp_path, skm_csv(*rows()))
    base = {"--unit": "kpu-kalbar", "--survey": "skm", "--file": path}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError) as caught:
        command(*[part for pair in base.items() for part in pair])
    assert message in str(caught.value)
    assert not Response.objects.exists()


def test_a_file_that_cannot_be_read_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    with pytest.raises(CommandError) as caught:
        command("--unit", "kpu-kalbar", "--survey", "skm", "--file", "/tidak/ada.xlsx")
    assert "Berkas /tidak/ada.xlsx tidak dapat dibaca" in str(caught.value)


def test_populations_are_imported_too(tmp_path: Path, province: Unit, people: dict) -> None:
    path = write(tmp_path, csv_file([["tahun", "triwulan", "populasi"], [2025, 3, 500]]), "p.csv")
    out = command("--unit", "kpu-kalbar", "--survey", "populasi", "--file", path)
    assert "1 baris baru" in out
    assert SurveyPeriod.objects.get(unit=province, year=2025, quarter=3).population == 500
