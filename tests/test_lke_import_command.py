"""python manage.py lke_import / lke_export: the same services as the pages; a bad file
exits non-zero with every row and column, and writes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from access.models import Unit
from lke.models import Answer, Assessment
from tests.lke_books import export, filled, workbook
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people: dict) -> Any:
    """The only superuser: the command acts as the first superuser unless --user names one."""
    return people["admin"]


@pytest.fixture
def blank_file(tmp_path: Path, province: Unit, admin: Any) -> Path:
    path = tmp_path / "lke.xlsx"
    path.write_bytes(export(admin, province))
    return path


def lke_import(path: Path, side: str = "unit", *extra: str) -> str:
    out = StringIO()
    call_command(
        "lke_import",
        *("--unit", "kpu-kalbar", "--year", "2025", "--file", str(path), "--side", side),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_the_command_starts_the_assessment_and_imports_the_units_answers(
    blank_file: Path, admin: Any
) -> None:
    blank_file.write_bytes(filled(blank_file.read_bytes(), {"K6": "ya", "K199": "3,45"}))
    out = lke_import(blank_file)
    assert "Baris 6 PPA1A · Unit kerja telah membentuk tim" in out
    assert out.rstrip().endswith(
        "LKE KPU Provinsi Kalimantan Barat 2025, penilaian mandiri, diimpor dari lke.xlsx: "
        "2 jawaban baru, 0 diubah, 125 tetap. Penilaian dimulai."
    )
    assessment = Assessment.objects.get(unit__slug="kpu-kalbar", year=2025)
    assert assessment.worksheet.year == 2026 and assessment.created_by == admin
    assert sorted(Answer.objects.values_list("choice", flat=True)) == ["", "Ya"]
    assert ImportRecord.objects.get().imported_by == admin


def test_a_bad_file_exits_non_zero_with_its_rows_and_columns(blank_file: Path) -> None:
    blank_file.write_bytes(filled(blank_file.read_bytes(), {"K6": "mungkin", "K126": "-3"}))
    with pytest.raises(CommandError) as raised:
        lke_import(blank_file)
    assert str(raised.value).splitlines() == [
        "Tidak ada yang disimpan.",
        'Baris 6, kolom K: Jawaban "mungkin" tidak dikenal — pilih salah satu: Ya, Tidak.',
        "Baris 126, kolom K: Isi bilangan bulat 0 atau lebih.",
    ]
    assert not Assessment.objects.exists() and not Answer.objects.exists()


def test_the_tpi_side_and_the_dry_run(blank_file: Path) -> None:
    blank_file.write_bytes(filled(blank_file.read_bytes(), {"N6": "TIDAK", "Q6": "belum"}))
    assert "diperiksa (tidak disimpan)" in lke_import(blank_file, "tpi", "--dry-run")
    assert not Assessment.objects.exists()
    lke_import(blank_file, "tpi")
    assert Answer.objects.values_list("side", "choice", "note").get() == ("tpi", "Tidak", "belum")


@pytest.mark.parametrize(
    "args, message",
    [
        (("--unit", "tidak-ada"), "Satuan kerja 'tidak-ada' tidak ditemukan."),
        (("--user", "siapa"), "Pengguna 'siapa' tidak ditemukan."),
        (("--file", "/tidak/ada.xlsx"), "Berkas /tidak/ada.xlsx tidak dapat dibaca"),
    ],
)
def test_unknown_unit_user_or_file(blank_file: Path, args: tuple, message: str) -> None:
    options = {"--unit": "kpu-kalbar", "--year": "2025", "--file": str(blank_file)}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        call_command("lke_import", *[x for kv in options.items() for x in kv], "--side", "unit")


def test_a_user_who_may_not_answer_the_side_is_refused(blank_file: Path, people: dict) -> None:
    with pytest.raises(CommandError, match="Hanya Ketua dan Sekretariat"):
        lke_import(blank_file, "unit", "--user", people["tpi"].username)


def test_lke_export_writes_the_workbook_that_imports_back_unchanged(
    tmp_path: Path, blank_file: Path
) -> None:
    blank_file.write_bytes(filled(blank_file.read_bytes(), {"K6": "Ya", "L6": "SK"}))
    lke_import(blank_file)
    output = tmp_path / "ekspor.xlsx"
    call_command("lke_export", "--unit", "kpu-kalbar", "--year", "2025", "--output", str(output))
    assert workbook(output.read_bytes())["Jawaban"]["L6"].value == "SK"
    history = Answer.history.count()
    assert "0 jawaban baru, 0 diubah, 127 tetap" in lke_import(output)
    assert Answer.history.count() == history
