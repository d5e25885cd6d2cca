"""Importing paper survey responses (transfer/surveys): the sheet read as the phone's
answers are, previewed, stored all or nothing through surveys.responses, and its results
those the portal computes for any response."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from access.models import Unit
from surveys.models import Answer, Response, SurveyPeriod
from surveys.selectors import survey_result
from tests.survey_import_support import (
    PROFILE_HEADERS,
    SKM_HEADERS,
    answers_row,
    confirm,
    run,
    skm_csv,
    skm_xlsx,
    upload_sheet,
)
from tests.survey_support import WORKED_EXAMPLE, period_make, service_make
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db

SERVICE = "Layanan informasi publik"


@pytest.fixture
def quarter(province: Unit) -> SurveyPeriod:
    """Triwulan II 2025, open, population 100."""
    service_make(province, SERVICE)
    return period_make(province, 2025, 2)


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


def worked_rows(day: Any) -> list[list[Any]]:
    return [answers_row(day, SERVICE, row) for row in WORKED_EXAMPLE]


def assert_worked_example(unit: Unit) -> None:
    result = survey_result(units=[unit], kind="skm", year=2025, quarter=2)
    assert result.responses == 5
    assert [t.answers for t in result.tallies] == [5, 5, 5, 5, 5, 5, 5, 4, 5]
    assert result.index == Decimal("3.3944") and result.ikm == Decimal("84.86")
    assert result.grade == "B"


def test_an_xlsx_sheet_is_previewed_then_stored_whole_with_its_record(
    sekre: Client, quarter: SurveyPeriod, people: dict, private_root: Path
) -> None:
    content = skm_xlsx(*worked_rows(datetime.date(2025, 4, 12)))
    preview = upload_sheet(sekre, content, name="skm april.xlsx")
    assert preview.status_code == 200
    assert not Response.objects.exists()  # the preview stores nothing
    body = preview.content.decode()
    assert 'data-row="2" data-action="baru"' in body and 'data-row="6" data-action="baru"' in body
    assert "Jawaban: U1 4 · U2 4 · U3 3" in body
    assert "U8 – · U9 3" in body  # the blank of the fifth respondent
    assert (
        "12 April 2025 · Triwulan II 2025" in body and "Layanan: Layanan informasi publik" in body
    )
    assert preview.context["result"].groups == [("Triwulan II 2025", 5)]

    done = confirm(sekre, preview)
    assert done.status_code == 200
    assert "5 baris baru, 0 diubah, 0 tetap" in done.content.decode()
    assert_worked_example(quarter.unit)
    response = Response.objects.order_by("pk").first()
    assert response.channel == Response.Channel.PAPER
    assert response.imported_by == people["sekretariat"]
    assert response.service.name == SERVICE and response.service_date == datetime.date(2025, 4, 12)
    record = ImportRecord.objects.get()
    assert (record.dataset, record.year, record.file_name, record.rows_created) == (
        "skm",
        2025,
        "skm_april.xlsx",
        5,
    )
    assert not any((private_root / "imports").iterdir())  # the kept upload is gone


def test_a_csv_with_iso_and_day_first_dates_gives_the_same_result(
    quarter: SurveyPeriod, people: dict
) -> None:
    rows = worked_rows("2025-05-02")
    rows[1][0] = rows[3][0] = "02/05/2025"  # DD/MM/YYYY: 2 May, not 5 February
    result = run(quarter.unit, people["sekretariat"], skm_csv(*rows))
    assert result.ok, result.messages()
    assert_worked_example(quarter.unit)
    dates = set(Response.objects.values_list("service_date", flat=True))
    assert dates == {datetime.date(2025, 5, 2)}


def test_rows_of_two_quarters_are_counted_per_quarter(province: Unit, people: dict) -> None:
    period_make(province, 2025, 2)
    period_make(province, 2025, 3)
    content = skm_csv(
        answers_row("30/06/2025", "", [4] * 9),
        answers_row("01/07/2025", "", [3] * 9),
        answers_row("2025-07-15", "", [3] * 9),
    )
    preview = run(province, people["sekretariat"], content, dry_run=True)
    assert preview.groups == [("Triwulan II 2025", 1), ("Triwulan III 2025", 2)]
    assert run(province, people["sekretariat"], content).ok
    quarters = list(Response.objects.values_list("period__quarter", flat=True))
    assert sorted(quarters) == [2, 3, 3]


def test_the_profile_takes_values_or_their_words_in_any_case(
    quarter: SurveyPeriod, people: dict
) -> None:
    headers = [*SKM_HEADERS, *PROFILE_HEADERS]
    content = skm_csv(
        answers_row("2025-04-12", SERVICE, [4] * 9, 34, "P", "s1", "pns", "Cepat"),
        answers_row(
            "2025-04-12",
            "layanan INFORMASI publik",
            [3] * 9,
            "",
            "laki-LAKI",
            "SMA/sederajat",
            "Pelajar/Mahasiswa",
            "",
        ),
        headers=headers,
    )
    result = run(quarter.unit, people["sekretariat"], content)
    assert result.ok, result.messages()
    first, second = Response.objects.order_by("pk")
    assert (first.age, first.sex, first.education, first.occupation) == (34, "P", "s1", "pns")
    assert (first.comment, first.comment_status) == ("Cepat", Response.CommentStatus.PENDING)
    assert (second.age, second.sex, second.education, second.occupation) == (
        None,
        "L",
        "sma",
        "pelajar",
    )
    assert second.service.name == SERVICE and second.comment_status == ""
    assert Answer.objects.count() == 18


# --- the page's steps ---------------------------------------------------------------------


def test_a_quarter_closed_after_the_preview_stops_the_confirm(
    sekre: Client, quarter: SurveyPeriod
) -> None:
    preview = upload_sheet(sekre, skm_csv(*worked_rows("12/04/2025")))
    quarter.status = SurveyPeriod.Status.CLOSED
    quarter.save()
    response = confirm(sekre, preview)
    assert response.status_code == 422
    assert "Periode survei ini sudah ditutup" in response.content.decode()
    assert not Response.objects.exists() and not ImportRecord.objects.exists()


def test_a_service_renamed_after_the_preview_makes_the_preview_stale(
    sekre: Client, quarter: SurveyPeriod
) -> None:
    preview = upload_sheet(sekre, skm_csv(*worked_rows("12/04/2025")))
    service = quarter.unit.survey_services.get()
    service.name = "Layanan Informasi Publik"  # the same name to the file, another label
    service.save()
    response = confirm(sekre, preview)
    assert response.status_code == 409
    assert "berubah sejak pratinjau" in response.content.decode()
    assert not Response.objects.exists()
    assert confirm(sekre, response).status_code == 200
    assert Response.objects.count() == 5


def test_cancel_drops_the_kept_upload(
    sekre: Client, quarter: SurveyPeriod, private_root: Path
) -> None:
    from django.urls import reverse

    preview = upload_sheet(sekre, skm_csv(*worked_rows("12/04/2025")))
    token = preview.context["token"]
    done = sekre.post(reverse("survey_import_cancel", args=["kpu-kalbar", token]), follow=True)
    assert done.redirect_chain[-1][0] == reverse("survey_import", args=["kpu-kalbar"])
    assert not any((private_root / "imports").iterdir())
    assert (
        sekre.get(reverse("survey_import_preview", args=["kpu-kalbar", token])).status_code == 404
    )
    assert not Response.objects.exists()


def test_the_page_offers_the_survey_asked_for_and_lists_the_imports(
    sekre: Client, quarter: SurveyPeriod, people: dict
) -> None:
    from django.urls import reverse

    run(quarter.unit, people["sekretariat"], skm_csv(*worked_rows("12/04/2025")))
    response = sekre.get(reverse("survey_import", args=["kpu-kalbar"]) + "?survei=spak")
    assert response.status_code == 200
    assert response.context["form"]["dataset"].value() == "spak"
    body = response.content.decode()
    assert "Kolom: tanggal, layanan, U1, U2, U3, U4, U5, U6, U7, U8, U9, usia" in body
    assert "Kolom: tanggal, layanan, A1, A2, A3, A4, A5, usia" in body
    assert 'data-testid="template-spkp"' in body
    assert "Survei SKM (kuesioner kertas)" in body and "kertas.csv" in body


def test_a_unit_with_its_own_questionnaire_version_imports_against_it(
    quarter: SurveyPeriod, people: dict
) -> None:
    from surveys.services import element_update

    phone_style = run(quarter.unit, people["sekretariat"], skm_csv(*worked_rows("12/04/2025")))
    assert phone_style.ok
    element_update(
        user=people["sekretariat"],
        unit=quarter.unit,
        kind="skm",
        code="U1",
        question="Apakah persyaratan layanan mudah dipenuhi?",
        labels=["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    )
    rows = worked_rows("13/04/2025")
    assert run(quarter.unit, people["sekretariat"], skm_csv(*rows)).ok
    versions = set(Response.objects.values_list("questionnaire__version", flat=True))
    assert len(versions) == 2
    result = survey_result(units=[quarter.unit], kind="skm", year=2025, quarter=2)
    assert result.responses == 10 and result.ikm == Decimal("84.86")
