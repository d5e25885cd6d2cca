"""Raw responses: a quarter's answers to one survey, fifty to a page, newest first, with
date, channel, service, profile, the answer to every element and the comment; only the
unit's Ketua, Sekretariat and TPI read them; the same number of queries for any page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Response
from surveys.responses import Profile, Submission, responses_create
from tests.survey_support import (
    SKM_CODES,
    WORKED_EXAMPLE,
    paper_responses,
    period_make,
    service_make,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2


def url(unit: Unit, **query: str) -> str:
    base = reverse("survey_responses", args=[unit.slug, 2025])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def answered(province: Unit, people: dict) -> list[Response]:
    period_make(province, 2025, 2)
    service = service_make(province)
    stored = paper_responses(
        province,
        "skm",
        WORKED_EXAMPLE,
        SKM_CODES,
        day=DAY,
        user=people["sekretariat"],
        service=service,
    )
    responses_create(
        unit=province,
        kind="skm",
        submissions=[
            Submission(
                values=dict.fromkeys(SKM_CODES, 2),
                profile=Profile(
                    age=41, sex="P", education="s1", occupation="pns", comment="Antrean <b>lama</b>"
                ),
                service_date=DAY,
            )
        ],
        user=people["sekretariat"],
    )
    return stored


def test_the_list_shows_each_response_with_its_answers_and_profile(
    client: Client, people: dict, province: Unit, answered: list[Response]
) -> None:
    client.force_login(people["tpi"])
    response = client.get(url(province, triwulan="2", survei="skm"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("data-response=") == 6
    assert "6 jawaban" in body
    fifth = answered[4]
    row = body[body.index(f'data-response="{fifth.pk}"') :]
    row = row[: row.index("</tr>")]
    cells = [c.split("</td>")[0] for c in row.split('<td class="text-center">')[1:]]
    assert cells == ["4", "4", "3", "4", "4", "4", "4", "–", "3"]  # U8 left blank on paper
    assert (
        "14 Mei 2025" in row
        and "Kuesioner kertas (impor)" in row
        and "Layanan informasi publik" in row
    )
    assert "41 th · Perempuan · S1 · PNS/ASN" in body
    assert "Antrean &lt;b&gt;lama&lt;/b&gt;" in body and "<b>lama</b>" not in body
    assert "Menunggu persetujuan" in body


def test_the_filter_picks_the_quarter_survey_and_comment_state(
    client: Client, people: dict, province: Unit, answered: list[Response]
) -> None:
    client.force_login(people["ketua"])
    assert (
        "data-response="
        not in client.get(url(province, triwulan="2", survei="spak")).content.decode()
    )
    assert (
        "data-response="
        not in client.get(url(province, triwulan="3", survei="skm")).content.decode()
    )
    pending = client.get(
        url(province, triwulan="2", survei="skm", komentar="menunggu")
    ).content.decode()
    assert pending.count("data-response=") == 1


def test_an_odd_filter_falls_back_with_its_message(
    client: Client, people: dict, province: Unit, answered: list[Response]
) -> None:
    client.force_login(people["ketua"])
    response = client.get(url(province, triwulan="9", survei="skm"))
    assert response.status_code == 200
    assert "Pilih triwulan 1 sampai 4." in response.content.decode()
    response = client.get(url(province, triwulan="2", survei="skm", komentar="x", halaman="abc"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pilih status komentar dari daftar." in body and body.count("data-response=") == 6


def test_responses_come_fifty_to_a_page_in_a_fixed_number_of_queries(
    client: Client, people: dict, province: Unit, django_assert_num_queries
) -> None:
    period_make(province, 2025, 2)
    paper_responses(province, "skm", WORKED_EXAMPLE * 12, SKM_CODES, day=DAY)  # 60
    client.force_login(people["sekretariat"])
    client.get(url(province, triwulan="2", survei="skm"))
    with django_assert_num_queries(QUERIES):
        first = client.get(url(province, triwulan="2", survei="skm")).content.decode()
    with django_assert_num_queries(QUERIES):
        second = client.get(url(province, triwulan="2", survei="skm", halaman="2")).content.decode()
    assert first.count("data-response=") == 50 and second.count("data-response=") == 10
    assert "halaman 2 dari 2" in second


# session, user, roles, unit; the navigation's plan years and notices; the count, the
# page with its services, its answers; the current questionnaire and its elements.
QUERIES = 11


@pytest.mark.parametrize("role", ["koordinator_own", "koordinator_other_area"])
def test_a_coordinator_reads_the_unit_but_not_its_raw_responses(
    client: Client, people: dict, province: Unit, role: str
) -> None:
    client.force_login(people[role])
    assert client.get(url(province)).status_code == 403
    overview = reverse("survey_overview", args=[province.slug]) + "?tahun=2025"
    assert f'href="{url(province)}"' not in client.get(overview).content.decode()
    client.force_login(people["tpi"])
    assert f'href="{url(province)}"' in client.get(overview).content.decode()


def test_the_province_ketua_does_not_read_a_kab_kotas_raw_responses(
    client: Client, people: dict, sambas: Unit
) -> None:
    client.force_login(people["ketua"])
    assert client.get(reverse("survey_overview", args=[sambas.slug])).status_code == 200
    assert client.get(url(sambas)).status_code == 403


@pytest.mark.parametrize("status", Response.CommentStatus.values)
def test_a_rows_comment_flags_follow_its_status(status: str) -> None:
    from surveys.manage.selectors import ResponseRow

    row = ResponseRow(Response(comment="x" if status else "", comment_status=status), [])
    flags = (
        row.has_comment,
        row.comment_is_pending,
        row.comment_is_approved,
        row.comment_is_rejected,
    )
    Status = Response.CommentStatus
    assert flags == (
        bool(status),
        status == Status.PENDING,
        status == Status.APPROVED,
        status == Status.REJECTED,
    )
