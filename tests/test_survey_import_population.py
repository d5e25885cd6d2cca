"""Importing the survey quarters' populations (tahun, triwulan, populasi) through
surveys.services.period_save: a missing quarter is opened, an existing one keeps its
status, an unchanged one is left alone; the required sample follows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from access.models import Unit
from surveys.models import SurveyPeriod
from surveys.selectors import survey_result
from tests.survey_import_support import only_message, run
from tests.survey_support import period_make
from tests.test_transfer_support import csv_file, xlsx_file
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db

HEADERS = ["tahun", "triwulan", "populasi"]


def population(unit: Unit, user: Any, *rows: list[Any], **kwargs: Any) -> Any:
    return run(unit, user, csv_file([HEADERS, *rows]), dataset="populasi", **kwargs)


def test_quarters_are_opened_changed_or_left_and_their_status_kept(
    province: Unit, people: dict
) -> None:
    closed = period_make(province, 2025, 1, population=80, open_=False)
    period_make(province, 2025, 2, population=100)
    preview = population(
        province,
        people["sekretariat"],
        [2025, 1, 120],
        [2025, 2, 100],
        [2025, 3, 1000],
        dry_run=True,
    )
    assert preview.ok, preview.messages()
    assert [(r.number, r.action, r.changes) for r in preview.rows] == [
        (2, "diubah", ["Populasi: 80 → 120"]),
        (3, "tetap", []),
        (4, "baru", ["Populasi: 1000", "Triwulan dibuka"]),
    ]
    assert not SurveyPeriod.objects.filter(quarter=3).exists()

    result = population(
        province, people["sekretariat"], [2025, 1, 120], [2025, 2, 100], [2025, 3, 1000]
    )
    assert result.ok and result.record is not None
    closed.refresh_from_db()
    assert (closed.population, closed.status) == (120, SurveyPeriod.Status.CLOSED)
    third = SurveyPeriod.objects.get(unit=province, year=2025, quarter=3)
    assert (third.population, third.status, third.changed_by) == (
        1000,
        SurveyPeriod.Status.OPEN,
        people["sekretariat"],
    )
    assert third.history.latest().history_user == people["sekretariat"]
    record = ImportRecord.objects.get()
    assert (record.dataset, record.year, record.rows_created, record.rows_updated) == (
        "populasi",
        2025,
        1,
        1,
    )
    assert record.rows_unchanged == 1
    assert survey_result(units=[province], kind="skm", year=2025, quarter=3).required == 278


def test_the_population_template_lists_the_quarters_and_imports_back_unchanged(
    client: Any, province: Unit, people: dict
) -> None:
    from django.urls import reverse

    from tests.test_transfer_support import read_xlsx

    period_make(province, 2025, 1, population=80)
    client.force_login(people["sekretariat"])
    response = client.get(reverse("survey_import_template", args=[province.slug, "populasi"]))
    assert response.status_code == 200
    assert read_xlsx(response.content, "Populasi") == [HEADERS, [2025, 1, 80]]
    again = run(province, people["sekretariat"], response.content, dataset="populasi")
    assert again.ok and [r.action for r in again.rows] == ["tetap"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([2025, 5, 10], "Baris 2, kolom B (triwulan): Triwulan harus 1, 2, 3, atau 4, bukan 5."),
        ([1999, 1, 10], "Baris 2, kolom A (tahun): Tahun harus antara 2000 dan 2100, bukan 1999."),
        ([2025, 1, -3], "Baris 2, kolom C (populasi): Populasi tidak boleh negatif (-3)."),
        ([2025, 1, ""], "Baris 2, kolom C (populasi): Populasi wajib diisi."),
        (
            [2025, 1, "banyak"],
            "Baris 2, kolom C (populasi): Populasi harus bilangan bulat, bukan “banyak”.",
        ),
        ([2025, "", 10], "Baris 2, kolom B (triwulan): Triwulan wajib diisi."),
    ],
)
def test_a_bad_cell_is_refused_on_its_column(
    province: Unit, people: dict, row: list[Any], message: str
) -> None:
    result = population(province, people["sekretariat"], row)
    assert only_message(result) == message
    assert not SurveyPeriod.objects.exists() and not ImportRecord.objects.exists()


def test_a_quarter_given_twice_is_refused(province: Unit, people: dict) -> None:
    result = population(province, people["sekretariat"], [2025, 1, 10], [2025, 1, 20])
    assert only_message(result) == (
        "Baris 3, kolom B (triwulan): Baris ganda: Triwulan I 2025 sudah ada di baris 2."
    )
    assert not SurveyPeriod.objects.exists()


def test_an_xlsx_of_numbers_is_read(province: Unit, people: dict) -> None:
    content = xlsx_file([HEADERS, [2025.0, 4.0, 250.0]], title="Populasi")
    assert run(province, people["sekretariat"], content, dataset="populasi").ok
    assert SurveyPeriod.objects.get(quarter=4).population == 250


@pytest.mark.parametrize("who", ["ketua", "tpi", "koordinator_own", "ketua_other_unit"])
def test_only_the_sekretariat_and_admin_import_populations(
    province: Unit, people: dict, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        population(province, people[who], [2025, 1, 10])
    assert population(province, people["admin"], [2025, 1, 10]).ok
