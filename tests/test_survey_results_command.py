"""``survey_results``: the JSON of the issue for the worked example, null indices without
responses, the Indonesian table, a province alone or with its kab/kota, clear errors."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from access.models import Unit
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2
SPAK_CODES = ["A1", "A2", "A3", "A4", "A5"]
WORKED_JSON = {
    "responses": 5,
    "elements": [
        {"code": "U1", "label": "Persyaratan", "answers": 5, "nrr": "3.6000"},
        {"code": "U2", "label": "Sistem, mekanisme, dan prosedur", "answers": 5, "nrr": "3.4000"},
        {"code": "U3", "label": "Waktu penyelesaian", "answers": 5, "nrr": "2.8000"},
        {"code": "U4", "label": "Biaya/tarif", "answers": 5, "nrr": "4.0000"},
        {
            "code": "U5",
            "label": "Produk spesifikasi jenis pelayanan",
            "answers": 5,
            "nrr": "3.4000",
        },
        {"code": "U6", "label": "Kompetensi pelaksana", "answers": 5, "nrr": "3.6000"},
        {"code": "U7", "label": "Perilaku pelaksana", "answers": 5, "nrr": "3.8000"},
        {
            "code": "U8",
            "label": "Penanganan pengaduan, saran, dan masukan",
            "answers": 4,
            "nrr": "2.7500",
        },
        {"code": "U9", "label": "Sarana dan prasarana", "answers": 5, "nrr": "3.2000"},
    ],
    "index": "3.3944",
    "ikm": "84.86",
    "grade": "B",
    "sample": {"population": 100, "required": 80, "reached": False},
}


def run(*args: str, unit: str = "kpu-kalbar") -> str:
    out = StringIO()
    call_command("survey_results", "--unit", unit, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def worked(province: Unit) -> None:
    period_make(province, 2025, 2, population=100)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)


def test_the_json_of_the_worked_example_is_exact(worked: None) -> None:
    out = run("--survey", "skm", "--year", "2025", "--quarter", "2", "--json")
    assert json.loads(out) == WORKED_JSON
    # the year pools its quarters: here the one quarter with responses and a population
    assert json.loads(run("--survey", "SKM", "--year", "2025", "--json")) == WORKED_JSON


def test_without_responses_the_index_ikm_and_grade_are_null(province: Unit) -> None:
    period_make(province, 2025, 1, population=1000)
    data = json.loads(run("--survey", "spak", "--year", "2025", "--quarter", "1", "--json"))
    assert data["responses"] == 0
    assert (data["index"], data["ikm"], data["grade"]) == (None, None, None)
    assert [e["code"] for e in data["elements"]] == SPAK_CODES
    assert all(e["answers"] == 0 and e["nrr"] is None for e in data["elements"])
    assert data["sample"] == {"population": 1000, "required": 278, "reached": False}
    nothing = json.loads(run("--survey", "spkp", "--year", "2024", "--json"))
    assert nothing["index"] is None
    assert nothing["sample"] == {"population": None, "required": None, "reached": None}


def test_without_json_an_indonesian_table_with_decimal_commas(worked: None) -> None:
    text = run("--survey", "skm", "--year", "2025", "--quarter", "2")
    assert text.startswith(
        "Survei Kepuasan Masyarakat (SKM) — Komisi Pemilihan Umum Provinsi Kalimantan Barat, "
        "triwulan 2 tahun 2025\n"
    )
    assert "Responden: 5" in text
    lines = text.splitlines()
    u8 = next(line for line in lines if line.startswith("U8"))
    assert u8.split()[-2:] == ["4", "2,7500"]
    assert "Indeks (NRR tertimbang)" in text and "3,3944" in text
    assert next(line for line in lines if line.startswith("IKM")).split() == ["IKM", "84,86"]
    assert "B (Baik)" in text
    assert "Sampel: populasi 100, minimal 80 responden (Krejcie–Morgan), 5 diterima: " in text
    assert "belum tercapai" in text
    assert "3.3944" not in text and "84.86" not in text


def test_the_table_says_when_there_is_nothing_to_compute(province: Unit) -> None:
    text = run("--survey", "spkp", "--year", "2025")
    assert "IPKP" in text and "Responden: 0" in text
    assert "Belum ada jawaban: indeks belum dapat dihitung." in text
    assert "Sampel: populasi pengguna layanan belum diisi." in text


def test_a_province_is_its_own_result_unless_asked_with_its_kab_kota(
    worked: None, province: Unit
) -> None:
    sambas = Unit.objects.get(slug="kpu-sambas")
    period_make(sambas, 2025, 2, population=50)
    paper_responses(sambas, "skm", [(1,) * 9], SKM_CODES, day=DAY)
    alone = json.loads(run("--survey", "skm", "--year", "2025", "--json"))
    assert alone == WORKED_JSON
    pooled = json.loads(run("--survey", "skm", "--year", "2025", "--with-children", "--json"))
    assert pooled["responses"] == 6
    # U1: (18 + 1) ÷ 6; each answer counts once, no average of indices
    assert pooled["elements"][0]["nrr"] == "3.1667"
    assert pooled["sample"] == {"population": 150, "required": 80 + 45, "reached": False}
    kab = json.loads(run("--survey", "skm", "--year", "2025", "--json", unit="kpu-sambas"))
    assert kab["responses"] == 1 and kab["index"] == "1.0000" and kab["grade"] == "D"
    title = run("--survey", "skm", "--year", "2025", "--with-children").splitlines()[0]
    assert "Komisi Pemilihan Umum Provinsi Kalimantan Barat beserta 14 kab/kota" in title


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "tidak-ada", "--survey", "skm", "--year", "2025"), "Satuan kerja 'tidak-ada'"),
        (("--survey", "ikm", "--year", "2025"), "Survei 'ikm' tidak dikenal; pilih salah satu: "),
        (("--survey", "skm", "--year", "2025", "--quarter", "5"), "Triwulan 5 tidak ada"),
        (("--survey", "skm", "--year", "2025", "--quarter", "0"), "Triwulan 0 tidak ada"),
        (("--survey", "skm", "--year", "2025", "--quarter", "dua"), "Triwulan harus bilangan"),
        (("--survey", "skm", "--year", "duaribu"), "Tahun harus bilangan bulat"),
    ],
)
def test_unknown_unit_survey_or_quarter_is_a_clear_indonesian_error(
    province: Unit, args: tuple[str, ...], message: str
) -> None:
    if args[0] != "--unit":
        args = ("--unit", "kpu-kalbar", *args)
    with pytest.raises(CommandError, match=message):
        call_command("survey_results", *args, "--json", stdout=StringIO())
