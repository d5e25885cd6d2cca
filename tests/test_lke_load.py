"""Loading the 2026 LKE: the tree and its weights, codes and expected documents, minimums;
a second load writes nothing and keeps what the admin edited."""

from __future__ import annotations

import copy
from collections import Counter
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum

from lke.loading import LoadReport, read_documents
from lke.models import Node, PredicateMinimum, Question, Worksheet
from lke.services import read_worksheet_files, worksheet_current, worksheet_load

pytestmark = pytest.mark.django_db
LKE_MODELS = (Worksheet, Node, Question, PredicateMinimum)


@pytest.fixture(scope="module")
def source() -> dict[str, Any]:
    return read_worksheet_files()


@pytest.fixture
def worksheet(db: None) -> Worksheet:
    return Worksheet.objects.get(year=2026)


def history_rows() -> int:
    return sum(model.history.count() for model in LKE_MODELS)


def test_the_2026_worksheet_has_127_questions_of_every_answer_type(worksheet: Worksheet) -> None:
    types = Counter(worksheet.questions.values_list("answer_type", flat=True))
    assert types == {
        "ya_tidak": 17,
        "abc": 36,
        "abcd": 33,
        "abcde": 17,
        "count": 22,
        "survey": 2,
    }
    assert worksheet.regulation.startswith("Peraturan Menteri PANRB Nomor 90 Tahun 2021")
    assert len(worksheet.source_sha256) == 64


def test_komponen_and_sub_komponen_weigh_as_the_regulation(worksheet: Worksheet) -> None:
    komponen = dict(worksheet.nodes.filter(level="komponen").values_list("name", "weight"))
    assert komponen == {"A. PENGUNGKIT": Decimal(60), "B. HASIL": Decimal(40)}
    pengungkit = worksheet.nodes.get(name="A. PENGUNGKIT")
    assert [n.weight for n in pengungkit.children.order_by("order")] == [30, 30]


def test_every_node_weighs_the_sum_of_its_parts(worksheet: Worksheet) -> None:
    for node in worksheet.nodes.all():
        parts = node.children.aggregate(s=Sum("weight"))["s"]
        if parts is None:  # Hasil sub-komponen: their questions carry the weight
            parts = node.questions.aggregate(s=Sum("weight"))["s"]
        if node.level != Node.Level.SUB_AREA or node.children.exists():
            assert parts == node.weight, node.name


def test_hasil_questions_weigh_17_5_5_17_5_and_capaian_sits_with_ipak(
    worksheet: Worksheet,
) -> None:
    hasil = worksheet.questions.filter(node__parent__name="B. HASIL").order_by("excel_row")
    assert [(q.excel_row, q.answer_type, q.weight) for q in hasil] == [
        (199, "survey", Decimal("17.5")),
        (200, "abcde", Decimal(5)),
        (202, "survey", Decimal("17.5")),
    ]
    assert hasil[1].node.name == hasil[0].node.name == "I. BIROKRASI YANG BERSIH DAN AKUNTABEL"
    assert hasil[2].node.name == "II. PELAYANAN PUBLIK YANG PRIMA"
    assert all(q.code == "" for q in hasil)


def test_areas_of_both_sub_komponen_map_to_the_six_plan_areas(worksheet: Worksheet) -> None:
    areas = worksheet.nodes.filter(level="area")
    assert Counter(areas.values_list("area_code", flat=True)) == {
        "manajemen_perubahan": 2,
        "tatalaksana": 2,
        "sdm": 2,
        "akuntabilitas": 2,
        "pengawasan": 2,
        "pelayanan_publik": 2,
    }
    assert not worksheet.nodes.exclude(level="area").exclude(area_code="").exists()


def test_scheme_multipliers_are_decimal_strings(worksheet: Worksheet) -> None:
    question = worksheet.questions.get(code="PPA3A")  # A–D
    assert [(o["key"], o["multiplier"]) for o in question.scheme] == [
        ("A", "1"),
        ("B", "0.67"),
        ("C", "0.33"),
        ("D", "0"),
    ]
    assert worksheet.questions.get(excel_row=199).scheme == []


def test_codes_follow_the_worksheet_order_and_cover_every_documented_code(
    worksheet: Worksheet, source: dict[str, Any]
) -> None:
    coded = worksheet.questions.exclude(code="")
    assert coded.count() == 102  # 87 Pemenuhan + 15 Reform; counts have no code
    assert list(
        coded.filter(node__name="iv. Perubahan pola pikir dan budaya kerja")
        .order_by("excel_row")
        .values_list("code", flat=True)
    ) == ["PPA4A", "PPA4B", "PPA4C", "PPA4D"]
    assert worksheet.questions.get(code="PRA2A").excel_row == 132
    assert worksheet.questions.get(code="PRF1A").excel_row == 189
    assert not worksheet.questions.filter(answer_type="count").exclude(code="").exists()
    documents = source["documents"]
    assert len(documents) == 110 and sum(map(len, documents.values())) == 244
    shown = [q for q in worksheet.questions.all() if q.expected_documents]
    assert sum(len(q.expected_documents) for q in shown) == 244


def test_a_run_of_count_questions_shows_its_items_documents_on_its_first_row(
    worksheet: Worksheet, source: dict[str, Any]
) -> None:
    documents = source["documents"]
    by_row = {q.excel_row: q for q in worksheet.questions.filter(answer_type="count")}
    # Komitmen dalam perubahan: rows 126–127 are PRA1A, rows 129–130 PRA1B.
    assert by_row[126].expected_documents == documents["PRA1A"]
    assert by_row[127].expected_documents == []
    assert by_row[129].expected_documents == documents["PRA1B"]
    # The nested LHKPN sub-areas are items A and B of sub-area iii of Pengawasan.
    assert by_row[176].expected_documents == documents["PRE3A"]
    assert by_row[183].expected_documents == documents["PRE3B"]
    assert by_row[191].expected_documents == documents["PRF1B"]


def test_the_predicate_minimums_of_the_reference_table(worksheet: Worksheet) -> None:
    rows = {
        (m.predicate, m.requirement): m.minimum
        for m in PredicateMinimum.objects.filter(worksheet=worksheet)
    }
    assert rows == {
        ("WBK", "total"): 75,
        ("WBK", "pengungkit"): 40,
        ("WBK", "area_share"): 60,
        ("WBK", "bersih"): Decimal("18.25"),
        ("WBK", "ipak"): Decimal("15.75"),
        ("WBK", "capaian"): Decimal("2.5"),
        ("WBK", "ipkp"): 14,
        ("WBBM", "total"): 85,
        ("WBBM", "pengungkit"): 48,
        ("WBBM", "area_share"): 75,
        ("WBBM", "bersih"): Decimal("19.5"),
        ("WBBM", "ipak"): Decimal("15.75"),
        ("WBBM", "capaian"): Decimal("3.75"),
        ("WBBM", "ipkp"): Decimal("15.75"),
    }


def test_loading_again_writes_no_row_and_no_history(
    source: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    before = history_rows()
    with django_assert_max_num_queries(10):
        worksheet, changed = worksheet_load(**source)
    assert changed is False and worksheet.year == 2026
    assert history_rows() == before


def test_an_admin_edit_is_kept_by_a_load_and_undone_by_overwrite(source: dict[str, Any]) -> None:
    minimum = PredicateMinimum.objects.get(
        worksheet__year=2026, predicate="WBK", requirement="total"
    )
    minimum.minimum = Decimal(76)
    minimum.save()
    node = Node.objects.get(worksheet__year=2026, source_id=4)
    node.weight = Decimal("0.6")
    node.save()
    before = history_rows()
    report = LoadReport()
    assert worksheet_load(**source, report=report) == (minimum.worksheet, False)
    assert history_rows() == before
    assert sum(report.kept.values()) == 2
    minimum.refresh_from_db()
    assert minimum.minimum == 76
    _, changed = worksheet_load(**source, overwrite=True)
    minimum.refresh_from_db()
    node.refresh_from_db()
    assert changed and minimum.minimum == 75 and node.weight == Decimal("0.5")
    assert history_rows() == before + 2


def test_overwrite_deletes_what_the_file_no_longer_has(source: dict[str, Any]) -> None:
    data = copy.deepcopy(source["data"])
    data["data"][0]["children"][0]["children"][5]["children"][4]["soals"].pop()  # row 121
    documents = {k: v for k, v in source["documents"].items() if k != "PPF5C"}
    shrunk = {**source, "data": data, "documents": documents}
    report = LoadReport()
    worksheet_load(**shrunk, report=report)
    assert Question.objects.filter(excel_row=121).exists()
    worksheet_load(**shrunk, overwrite=True, report=report)
    assert not Question.objects.filter(excel_row=121).exists()
    assert report.deleted == {"pertanyaan LKE": 1}


def test_a_documents_code_without_a_question_is_refused(
    source: dict[str, Any], tmp_path: Any
) -> None:
    path = tmp_path / "bukti.tsv"
    path.write_text("PPA1A\tSK Tim;\nPPZ9Z\tTidak ada\n", encoding="utf-8")
    assert read_documents(path) == {"PPA1A": ["SK Tim"], "PPZ9Z": ["Tidak ada"]}
    with pytest.raises(ValueError, match="PPZ9Z"):
        worksheet_load(**{**source, "documents": read_documents(path)})


def test_load_lke_says_what_it_did_in_indonesian() -> None:
    out = StringIO()
    call_command("load_lke", stdout=out)
    assert "Tidak ada perubahan." in out.getvalue()
    assert "Selesai memuat LKE 2026" in out.getvalue()


def test_the_current_worksheet_is_the_newest_year(worksheet: Worksheet) -> None:
    assert worksheet_current() == worksheet
    newer = Worksheet.objects.create(year=2027, regulation="Uji", source_sha256="0" * 64)
    assert worksheet_current() == newer
