"""``lke_score``: the JSON object of the issue, the Indonesian table, clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from access.models import Unit
from lke.models import Node, Side
from lke.services import assessment_start
from tests.lke_support import WORKED_EXAMPLE, save_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(province: Unit) -> None:
    assessment = assessment_start(unit=province, year=2025, user=None)
    save_answers(assessment, Side.UNIT, WORKED_EXAMPLE)


def run(*args: str) -> str:
    out = StringIO()
    call_command("lke_score", "--unit", "kpu-kalbar", "--year", "2025", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_totals_every_node_the_unanswered_count_and_the_predicate(
    answered: None,
) -> None:
    data = json.loads(run("--side", "unit", "--json"))
    assert list(data) == [
        "total", "pengungkit", "hasil", "nodes", "unanswered", "predicate", "surveys"
    ]  # fmt: skip
    assert (data["total"], data["pengungkit"], data["hasil"]) == (46.58, 13.73, 32.84)
    assert data["unanswered"] == 83
    assert len(data["nodes"]) == Node.objects.filter(worksheet__year=2026).count() == 62
    assert data["nodes"][0] == {"path": ["A. PENGUNGKIT"], "weight": 60.0, "score": 13.73}
    assert data["nodes"][1] == {
        "path": ["A. PENGUNGKIT", "I. PEMENUHAN"],
        "weight": 30.0,
        "score": 2.46,
    }
    lhkpn = [n for n in data["nodes"] if n["path"][-1].startswith("a. Penyampaian Laporan")]
    assert lhkpn == [
        {
            "path": [
                "A. PENGUNGKIT",
                "II. REFORM",
                "5. PENGUATAN PENGAWASAN",
                "iii. Penyampaian Laporan Harta Kekayaan",
                "a. Penyampaian Laporan Harta Kekayaan Pejabat Negara (LHKPN)",
            ],
            "weight": 1.0,
            "score": 0.75,
        }
    ]
    pelayanan = [n for n in data["nodes"] if n["path"][-1].startswith("i. Upaya dan/atau")]
    assert pelayanan[0]["score"] == 0.73  # 0,725 half-up
    assert set(data["predicate"]) == {"WBK", "WBBM"}
    assert data["predicate"]["WBK"]["met"] is False
    assert data["predicate"]["WBK"]["unmet"][0] == "Nilai total 46,58 (minimal 75,00)"
    assert data["predicate"]["WBBM"]["unmet"][-1] == "Belum berpredikat Menuju WBK"


def test_the_tpi_side_is_scored_from_its_own_answers(answered: None) -> None:
    data = json.loads(run("--side", "tpi", "--json"))
    assert (data["total"], data["unanswered"]) == (0.0, 127)
    assert all(node["score"] == 0 for node in data["nodes"])


def test_without_json_a_readable_indonesian_table(answered: None) -> None:
    text = run("--side", "unit")
    assert "LKE Komisi Pemilihan Umum Provinsi Kalimantan Barat 2025 — Penilaian mandiri" in text
    assert "Nilai total" in text and "46,58" in text and "13,73" in text
    assert "83 dari 127 pertanyaan" in text
    assert "Predikat WBK: belum memenuhi syarat" in text
    assert "  - IPAK 3,45 (minimal 3,60)" in text


def test_an_unknown_unit_or_a_missing_assessment_is_a_clear_error(province: Unit) -> None:
    with pytest.raises(CommandError, match="Satuan kerja 'tidak-ada' tidak ditemukan"):
        call_command("lke_score", "--unit", "tidak-ada", "--year", "2025")
    with pytest.raises(CommandError, match="belum memiliki penilaian LKE tahun 2025"):
        call_command("lke_score", "--unit", "kpu-kalbar", "--year", "2025", "--json")
