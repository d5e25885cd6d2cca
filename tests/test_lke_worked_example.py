"""The worked example of docs/lke.md, on the 2026 worksheet as loaded in the database:
every figure below is written in the document, computed by hand."""

from decimal import Decimal

import pytest

from access.models import Unit
from common.formatting import score_text
from lke.forecast import area_shares, published
from lke.models import Assessment, Side, Worksheet
from lke.scoring import worksheet_tree
from lke.selectors import Result, assessment_result
from tests.lke_support import WORKED_EXAMPLE, save_answers

pytestmark = pytest.mark.django_db

SIX = Decimal("0.000001")


@pytest.fixture
def result(province: Unit) -> Result:
    worksheet = Worksheet.objects.get(year=2026)
    assessment = Assessment.objects.create(unit=province, year=2025, worksheet=worksheet)
    save_answers(assessment, Side.UNIT, WORKED_EXAMPLE)
    return assessment_result(assessment, Side.UNIT)


def node(result: Result, *path: str) -> Decimal:
    """The score of the node whose path ends with these names."""
    found = [n for n in result.scores.nodes if n.path[-len(path) :] == path]
    assert len(found) == 1, path
    return found[0].score


def test_pemenuhan_sub_areas_are_the_mean_of_their_answers_times_their_weight(
    result: Result,
) -> None:
    pemenuhan = ("I. PEMENUHAN",)
    mp = (*pemenuhan, "1. MANAJEMEN PERUBAHAN")
    assert node(result, *mp, "i. Penyusunan Tim Kerja") == Decimal("0.375")
    ii = node(result, *mp, "ii. Rencana Pembangunan Zona Integritas")
    iii = node(result, *mp, "iii. Pemantauan dan Evaluasi Pembangunan WBK/WBBM")
    assert ii.quantize(SIX) == iii.quantize(SIX) == Decimal("0.333333")
    assert node(result, *mp).quantize(SIX) == Decimal("1.041667")
    sop = "i. Prosedur Operasional Tetap (SOP) Kegiatan Utama"
    assert node(result, *pemenuhan, "2. PENATAAN TATALAKSANA", sop).quantize(SIX) == Decimal(
        "0.666667"
    )
    assert node(result, "ii. Pola Mutasi Internal") == Decimal("0.25")
    assert node(result, "i. Standar Pelayanan") == Decimal("0.5")
    assert node(result, *pemenuhan).quantize(SIX) == Decimal("2.458333")


def test_reform_scores_its_count_groups_as_the_worksheet_does(result: Result) -> None:
    assert node(result, "i. Komitmen dalam perubahan") == Decimal("1.8")
    assert node(result, "ii. Komitmen Pimpinan") == Decimal("1")
    assert node(result, "iii. Pelanggaran Disiplin Pegawai") == Decimal("1.5")
    assert node(result, "i. Meningkatnya capaian kinerja unit kerja") == Decimal("1.5")
    assert node(result, "ii. Penanganan Pengaduan Masyarakat") == Decimal("3")
    assert node(result, "a. Penyampaian Laporan Harta Kekayaan Pejabat Negara (LHKPN)") == (
        Decimal("0.75")
    )
    assert node(
        result, "b. Penyampaian Laporan Harta Kekayaan Non LHKPN (Tidak Wajib LHKPN)"
    ) == Decimal("1")
    assert node(result, "iii. Penyampaian Laporan Harta Kekayaan") == Decimal("1.75")
    assert node(result, "II. REFORM", "5. PENGUATAN PENGAWASAN") == Decimal("4.75")
    assert node(result, "i. Upaya dan/atau Inovasi Pelayanan Publik") == Decimal("0.725")
    assert node(result, "II. REFORM") == Decimal("11.275")
    assert score_text(node(result, "II. REFORM")) == "11,28"


def test_hasil_and_the_totals(result: Result) -> None:
    scores = result.scores
    assert node(result, "I. BIROKRASI YANG BERSIH DAN AKUNTABEL") == Decimal("18.84375")
    assert node(result, "II. PELAYANAN PUBLIK YANG PRIMA") == Decimal("14")
    assert scores.hasil == Decimal("32.84375")
    assert scores.pengungkit.quantize(SIX) == Decimal("13.733333")
    assert scores.total.quantize(SIX) == Decimal("46.577083")
    assert [published(v) for v in (scores.total, scores.pengungkit, scores.hasil)] == [
        Decimal("46.58"),
        Decimal("13.73"),
        Decimal("32.84"),
    ]
    assert len(scores.unanswered) == 83


def test_the_verdicts_list_every_gap_in_the_documents_words(result: Result) -> None:
    areas = [
        "Area Manajemen Perubahan 48,0 %",
        "Area Penataan Tatalaksana 9,5 %",
        "Area Penataan Sistem Manajemen SDM 17,5 %",
        "Area Penguatan Akuntabilitas Kinerja 15,0 %",
        "Area Penguatan Pengawasan 31,6 %",
        "Area Peningkatan Kualitas Pelayanan Publik 12,3 %",
    ]
    wbk, wbbm = result.verdicts["WBK"], result.verdicts["WBBM"]
    assert not wbk.met and not wbbm.met
    assert wbk.unmet == [
        "Nilai total 46,58 (minimal 75,00)",
        "Komponen pengungkit 13,73 (minimal 40,00)",
        *[f"{area} dari bobot (minimal 60 %)" for area in areas],
        "IPAK 3,45 (minimal 3,60)",
    ]
    assert wbbm.unmet == [
        "Nilai total 46,58 (minimal 85,00)",
        "Komponen pengungkit 13,73 (minimal 48,00)",
        *[f"{area} dari bobot (minimal 75 %)" for area in areas],
        "Birokrasi yang Bersih dan Akuntabel 18,84 (minimal 19,50)",
        "IPAK 3,45 (minimal 3,60)",
        "IPKP 3,20 (minimal 3,60)",
        "Belum berpredikat Menuju WBK",
    ]


def test_the_cheapest_first_step(result: Result) -> None:
    step = result.steps[0]
    question = result.tree.questions[step.question_id]
    assert (question.excel_row, step.current, step.target) == (194, "", "C")
    assert (step.gain, step.toward) == (Decimal("0.825"), Decimal("2.475"))


def test_the_tree_comes_from_the_database_in_three_queries(
    django_assert_num_queries: object,
) -> None:
    worksheet = Worksheet.objects.get(year=2026)
    with django_assert_num_queries(3):
        tree = worksheet_tree(worksheet)
    assert len(tree.questions) == 127 and len(tree.group_of) == 22


def test_each_area_of_change_sums_its_pemenuhan_and_reform_nodes(result: Result) -> None:
    cent = Decimal("0.01")
    shares = {
        area.name: (area.weight, published(area.score), area.share.quantize(cent))
        for area in area_shares(result.tree, result.scores)
    }
    assert shares == {
        "Manajemen Perubahan": (8, Decimal("3.84"), Decimal("48.00")),
        "Penataan Tatalaksana": (7, Decimal("0.67"), Decimal("9.57")),
        "Penataan Sistem Manajemen SDM": (10, Decimal("1.75"), Decimal("17.50")),
        "Penguatan Akuntabilitas Kinerja": (10, Decimal("1.50"), Decimal("15.00")),
        "Penguatan Pengawasan": (15, Decimal("4.75"), Decimal("31.67")),
        "Peningkatan Kualitas Pelayanan Publik": (10, Decimal("1.23"), Decimal("12.30")),
    }
