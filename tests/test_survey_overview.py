"""The survey overview (/satker/<slug>/survei/): a year's four quarters × three surveys,
responses against the Krejcie–Morgan sample, index / IKM / mutu once someone answered,
open or closed, published; the same number of queries however many answered."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.services import period_publish
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2


def page(client: Client, unit: Unit, year: int = 2025) -> str:
    response = client.get(reverse("survey_overview", args=[unit.slug]) + f"?tahun={year}")
    assert response.status_code == 200
    return response.content.decode()


def cell(body: str, testid: str) -> str:
    start = body.index(f'data-testid="{testid}"')
    return body[body.index(">", start) + 1 : body.index("</td>", start)].strip()


def test_a_quarter_shows_its_sample_progress_and_the_worked_examples_ikm(
    client: Client, people: dict, province: Unit
) -> None:
    period_make(province, 2025, 2, population=100)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    client.force_login(people["koordinator_own"])  # anyone who reads the unit
    body = page(client, province)
    assert cell(body, "responses-2-skm") == "5 / 80"  # N = 100 → 80 (Krejcie–Morgan)
    assert cell(body, "index-2-skm") == "3,3944"
    assert cell(body, "ikm-2-skm") == "84,86"
    assert "Baik" in body and "w-pct-6" in body  # 5 of 80 = 6,25 % of the sample
    assert cell(body, "responses-2-spak") == "0 / 80"
    assert "index-2-spak" not in body  # no responses: no index
    assert "Belum dibuka" in cell(body, "status-1")
    assert "Dibuka" in cell(body, "status-2")
    assert ' style="' not in body


def test_closed_and_published_quarters_say_so(client: Client, people: dict, province: Unit) -> None:
    period_make(province, 2025, 1, population=None, open_=False)
    second = period_make(province, 2025, 2)
    period_publish(user=people["sekretariat"], period=second, published=True)
    client.force_login(people["ketua"])
    body = page(client, province)
    assert "Ditutup" in cell(body, "status-1")
    assert "Dipublikasikan" in cell(body, "status-2")
    assert "Dipublikasikan" not in cell(body, "status-1")


def test_the_year_picker_offers_survey_years_and_falls_back_to_a_known_one(
    client: Client, people: dict, province: Unit
) -> None:
    period_make(province, 2024, 4)
    client.force_login(people["ketua"])
    response = client.get(reverse("survey_overview", args=[province.slug]) + "?tahun=1999")
    assert response.status_code == 200
    years = [int(v) for v, _ in response.context["year_form"].fields["tahun"].choices]
    assert 2024 in years and 2025 in years and response.context["year"] in years
    assert response.context["year"] != 1999
    assert page(client, province, 2024).count("Dibuka") >= 1


def test_the_page_reads_in_a_fixed_number_of_queries(
    client: Client, people: dict, province: Unit, django_assert_num_queries
) -> None:
    client.force_login(people["ketua"])
    url = reverse("survey_overview", args=[province.slug]) + "?tahun=2025"
    client.get(url)  # the session and the user's roles once
    for quarter in (1, 2, 3, 4):
        period_make(province, 2025, quarter, population=50 * quarter)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    paper_responses(province, "skm", WORKED_EXAMPLE * 4, SKM_CODES, day=DAY)
    paper_responses(
        province, "spak", [(4, 3, 4, 3, 4)] * 7, [f"A{i}" for i in range(1, 6)], day=DAY
    )
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


# session, user, roles, unit; the navigation's plan years and notices; the survey years,
# the quarters, and survey_results' four (answers, responses, elements, periods).
QUERIES = 12


def test_the_navigation_leads_every_reader_to_the_overview(
    client: Client, people: dict, province: Unit
) -> None:
    link = f'href="{reverse("survey_overview", args=[province.slug])}"'
    for role in ("ketua", "sekretariat", "tpi", "koordinator_own"):
        client.force_login(people[role])
        body = client.get(reverse("dashboard", args=[province.slug]) + "?tahun=2025")
        assert link in body.content.decode(), role


def test_a_quarters_flags_follow_its_period() -> None:
    from surveys.manage.selectors import QuarterRow
    from surveys.models import SurveyPeriod

    assert (QuarterRow(1, None).is_opened, QuarterRow(1, None).is_open) == (False, False)
    closed = QuarterRow(1, SurveyPeriod(status=SurveyPeriod.Status.CLOSED, population=100))
    assert (closed.is_opened, closed.is_open, closed.is_published, closed.required) == (
        True,
        False,
        False,
        80,
    )
