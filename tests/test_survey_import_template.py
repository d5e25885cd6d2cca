"""The sheet templates of the survey imports: the unit's own columns, checks Excel makes
as the cells are typed, a notes sheet with an example; an emptied template imports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Response
from surveys.services import element_update
from tests.survey_import_support import run
from tests.survey_support import SKM_CODES, period_make, service_make

pytestmark = pytest.mark.django_db


def download(client: Client, people: dict, dataset: str) -> openpyxl.Workbook:
    client.force_login(people["sekretariat"])
    response = client.get(reverse("survey_import_template", args=["kpu-kalbar", dataset]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="templat-{dataset}-kpu-kalbar.xlsx"'
    )
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_skm_template_has_the_columns_the_import_reads_and_nothing_else(
    client: Client, province: Unit, people: dict
) -> None:
    book = download(client, people, "skm")
    assert book.sheetnames == ["Survei SKM", "Petunjuk"]
    ws = book["Survei SKM"]
    assert [c.value for c in ws[1]] == [
        "tanggal",
        "layanan",
        *SKM_CODES,
        "usia",
        "jenis_kelamin",
        "pendidikan",
        "pekerjaan",
        "saran",
    ]
    assert ws.max_row == 1  # no example row where it could be imported as a respondent
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    u1 = rules["C2:C20001"]
    assert (u1.type, u1.operator, u1.formula1, u1.formula2) == ("whole", "between", "1", "4")
    assert rules["M2:M20001"].formula1 == '"L,P"'


def test_the_notes_explain_each_column_with_the_units_questions_and_an_example(
    client: Client, province: Unit, people: dict
) -> None:
    service_make(province, "=Legalisir")  # a name a spreadsheet would run
    element_update(
        user=people["sekretariat"],
        unit=province,
        kind="spkp",
        code="P1",
        question="=Bagaimana informasi layanan?",
        labels=["Buruk", "Cukup", "Baik", "Sangat baik"],
    )
    book = download(client, people, "spkp")
    cells = [c for row in book["Petunjuk"].iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)  # text, never a formula
    notes = [list(r) for r in book["Petunjuk"].values]
    meaning = {row[0]: row[2] for row in notes if len(row) > 2 and row[1] in ("ya", "tidak")}
    assert meaning["P1"] == (
        "Informasi. =Bagaimana informasi layanan? (1 = Buruk; 2 = Cukup; 3 = Baik; "
        "4 = Sangat baik). Isi 1–4 atau kosong."
    )
    assert "Jenis layanan aktif: =Legalisir." in meaning["layanan"]
    assert "L (Laki-laki), P (Perempuan)" in meaning["jenis_kelamin"]
    headers, example = notes[-2], notes[-1]
    assert headers[:3] == ["tanggal", "layanan", "P1"]
    assert example[1] == "'=Legalisir" and example[2] == 4  # escaped where it begins a cell


def test_a_filled_template_imports(client: Client, province: Unit, people: dict) -> None:
    period_make(province, 2025, 2)
    service_make(province, "Layanan informasi publik")
    book = download(client, people, "spak")
    ws = book["Survei SPAK"]
    ws.append(["12/04/2025", "Layanan informasi publik", 4, 4, 3, 4, 4, 40, "L", "s2", "tni", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(province, people["sekretariat"], buffer.getvalue(), dataset="spak")
    assert result.ok, result.messages()
    response = Response.objects.get()
    assert (response.kind, response.answers.count(), response.education) == ("spak", 5, "s2")


def test_every_word_of_the_profile_labels_is_accepted(db: None) -> None:
    """The files' vocabulary (transfer/surveys/layout.py) holds every value and its
    Indonesian label of surveys/choices.py."""
    from django.utils import translation

    from surveys.choices import Education, Occupation, Sex
    from transfer.surveys.layout import PROFILE

    lists = {"jenis_kelamin": Sex, "pendidikan": Education, "pekerjaan": Occupation}
    with translation.override("id"):
        for key, choices in lists.items():
            words = PROFILE[key][1]
            for value, label in choices.choices:
                assert words.value(value) == value
                assert words.value(str(label).upper()) == value, label
