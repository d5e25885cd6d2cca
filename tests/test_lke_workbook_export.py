"""The LKE as the official workbook: sheet "Jawaban", each question on its row, the unit's
answer, explanation and evidence in K, L, M, the TPI's answer and note in N and Q."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from lke.models import Assessment, Question
from tests.factories import lke_assessment
from tests.lke_books import answered, export, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(province: Unit, people: dict[str, Any]) -> Any:
    answered(province)
    return workbook(export(people["ketua"], province))["Jawaban"]


def test_each_answer_is_in_its_official_column_on_its_question_row(sheet: Any) -> None:
    # Row 6 is the first question (PPA1A): the unit's answer, note and evidence, the TPI's.
    assert [sheet[f"{c}6"].value for c in "KLMNQ"] == [
        "Ya",
        "'=SUM(A1:A9)\nbaris dua",
        "SK Tim",
        "Tidak",
        "Belum ada SK",
    ]
    assert sheet["K200"].value == "B"  # capaian kinerja, A–E
    assert sheet["N202"].value == 3 and sheet["K202"].value is None  # TPI only
    assert sheet["K7"].value is None and sheet["N7"].value is None  # unanswered


def test_numbers_stay_numbers_and_text_that_runs_as_a_formula_is_escaped(sheet: Any) -> None:
    count, survey = sheet["K126"], sheet["K199"]
    assert (count.value, count.data_type, count.number_format) == (12, "n", "0")
    assert (survey.value, survey.data_type, survey.number_format) == (3.45, "n", "0.00")
    assert sheet["L127"].value == "'-"
    assert sheet["L200"].value == "'+62 811 (telepon)"


def test_every_question_is_on_its_row_with_its_text_code_and_keys(sheet: Any) -> None:
    questions = list(Question.objects.filter(worksheet__year=2026).order_by("excel_row"))
    assert len(questions) == 127
    for q in questions:
        row = q.excel_row
        assert sheet[f"F{row}"].value == q.text, row
        assert (sheet[f"G{row}"].value or "") == q.code, row
        keys = "/".join(s["key"] for s in q.scheme) if q.scheme else None
        if keys:
            assert sheet[f"I{row}"].value == keys, row
    assert sheet["I126"].value == "Jumlah (bilangan bulat)"
    assert sheet["I199"].value == "Nilai 0–4 (dua desimal)" and sheet["H199"].value == 17.5


def test_header_row_and_the_parts_above_their_first_question(sheet: Any) -> None:
    headers = {c.column_letter: c.value for c in sheet[1] if c.value}
    assert headers["F"] == "Uraian" and headers["K"] == "Jawaban Unit"
    assert headers["N"] == "Jawaban TPI" and headers["Q"] == "Catatan TPI"
    parts = {
        2: ("A", "A", "PENGUNGKIT", 60),
        3: ("B", "I", "PEMENUHAN", 30),
        4: ("C", "1", "MANAJEMEN PERUBAHAN", 4),
        5: ("D", "i", "Penyusunan Tim Kerja", 0.5),
        122: ("B", "II", "REFORM", 30),
        173: ("E", "a", None, 1),  # the nested LHKPN sub-area
        195: ("A", "B", "HASIL", 40),
        201: ("B", "II", "PELAYANAN PUBLIK YANG PRIMA", 17.5),
    }
    for row, (letter, number, name, weight) in parts.items():
        assert sheet[f"{letter}{row}"].value == number, row
        assert name is None or sheet[f"F{row}"].value == name, row
        assert sheet[f"H{row}"].value == weight, row
        assert sheet[f"F{row}"].font.b, row
    assert all(sheet[f"{c}125"].value is None for c in "ABCDEFGHIJKLMNQ")  # the official gap
    assert sheet.freeze_panes == "G2"


def test_answer_cells_offer_the_scheme_keys(sheet: Any) -> None:
    lists = {
        v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation if v.type == "list"
    }
    assert "K6" in lists['"Ya,Tidak"'].split() and "N6" in lists['"Ya,Tidak"'].split()
    assert "K200" in lists['"A,B,C,D,E"'].split()


def test_keterangan_names_the_unit_year_and_worksheet(province: Unit, people: dict) -> None:
    lke_assessment(province)
    info = dict(workbook(export(people["ketua"], province))["Keterangan"].values)
    assert info["Kode satuan kerja"] == "kpu-kalbar"
    assert (info["Tahun"], info["Versi LKE"]) == (2025, 2026)
    assert info["Status penilaian"] == "Penilaian mandiri"


def test_before_the_assessment_the_current_worksheet_is_exported_blank(
    province: Unit, people: dict
) -> None:
    sheet = workbook(export(people["sekretariat"], province))["Jawaban"]
    assert sheet["F6"].value.startswith("Unit kerja telah membentuk tim")
    assert all(sheet[f"{c}{r}"].value is None for c in "KLMNQ" for r in (6, 126, 199, 202))
    assert not Assessment.objects.exists()


def test_the_export_reads_the_database_in_a_few_queries(
    province: Unit, people: dict, django_assert_max_num_queries: Any
) -> None:
    answered(province)
    user = people["ketua"]
    with django_assert_max_num_queries(6):
        export(user, province)


def test_whoever_reads_the_lke_downloads_the_workbook(client: Client, people: dict) -> None:
    client.force_login(people["koordinator_own"])
    response = client.get(reverse("transfer_lke_export", args=["kpu-kalbar", 2025]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lke-kpu-kalbar-2025.xlsx"'
    assert workbook(response.content).sheetnames == ["Jawaban", "Keterangan"]
    page = client.get(reverse("transfer_lke", args=["kpu-kalbar"]))
    assert 'data-testid="lke-export-2025"' in page.content.decode()
    assert 'data-testid="lke-no-import"' in page.content.decode()  # a koordinator: no upload


@pytest.mark.parametrize("who, status", [("ketua_other_unit", 404), (None, 302)])
def test_others_cannot_download_it(client: Client, people: dict, who: str | None, status: int):
    if who:
        client.force_login(people[who])
    url = reverse("transfer_lke_export", args=["kpu-kalbar", 2025])
    assert client.get(url).status_code == status


def test_the_data_page_links_to_the_lke_workbook(client: Client, people: dict) -> None:
    client.force_login(people["sekretariat"])
    body = client.get(reverse("transfer_home", args=["kpu-kalbar"])).content.decode()
    assert f'href="{reverse("transfer_lke", args=["kpu-kalbar"])}"' in body
