"""A desk's QR link (surveys/public_views.py ``survey_desk``, ``survey_desk_kind``): one
survey opens straight away, several are chosen first, a desk without an open link asks for
a code, and an inactive desk, a closed quarter or an unknown link is said in words."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.services import desk_save
from tests.survey_public_support import Office, desk_url, forget_counts, office_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(province: Unit, people: dict) -> Office:
    forget_counts()
    return office_make(province, people["sekretariat"])


def test_a_desk_with_one_survey_opens_its_questionnaire(client: Client, office: Office) -> None:
    response = client.get(reverse("survey_desk", args=[office.open_desk.token]))
    assert response.status_code == 302
    assert response["Location"] == desk_url(office.open_desk, "skm")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Survei Kepuasan Masyarakat" in page.content.decode()


def test_a_desk_with_several_surveys_lets_the_respondent_choose(
    client: Client, office: Office
) -> None:
    response = client.get(reverse("survey_desk", args=[office.code_desk.token]))
    assert response.status_code == 200
    body = response.content.decode()
    links = re.findall(r'<a class="survey-link" href="([^"]+)">([^<]+)</a>', body)
    assert links == [
        (desk_url(office.code_desk, "skm"), "Survei Kepuasan Masyarakat (SKM)"),
        (desk_url(office.code_desk, "spak"), "Survei Persepsi Anti Korupsi (SPAK)"),
    ]
    assert "Loket Pengaduan" in body


def test_a_desk_without_an_open_link_asks_for_the_code_first(
    client: Client, office: Office
) -> None:
    response = client.get(desk_url(office.code_desk, "spak"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label class="form-label" for="id_code">Kode survei</label>' in body
    assert "Survei Persepsi Anti Korupsi (SPAK)" in body
    assert 'name="A1"' not in body  # no questionnaire without a code


def test_an_inactive_desk_says_so_in_words(client: Client, office: Office) -> None:
    desk_save(
        user=office.sekretariat,
        unit=office.unit,
        name=office.open_desk.name,
        kinds=["skm"],
        open_link=True,
        is_active=False,
        desk=office.open_desk,
    )
    for url in (reverse("survey_desk", args=[office.open_desk.token]), desk_url(office.open_desk)):
        response = client.get(url)
        assert response.status_code == 410
        body = response.content.decode()
        assert "Loket ini tidak lagi menerima survei." in body
        assert office.unit.name in body


def test_a_closed_or_unopened_quarter_is_said_before_anyone_starts(
    client: Client, office: Office
) -> None:
    office.period.status = office.period.Status.CLOSED
    office.period.save()
    response = client.get(desk_url(office.open_desk))
    assert response.status_code == 410
    assert "Periode survei ini sudah ditutup" in response.content.decode()


def test_an_unknown_link_or_a_survey_the_desk_does_not_offer_is_not_found(
    client: Client, office: Office
) -> None:
    assert client.get(reverse("survey_desk", args=["TIDAKADA22"])).status_code == 404
    assert client.get(desk_url(office.open_desk, "spak")).status_code == 404
    assert client.get(desk_url(office.open_desk, "xyz")).status_code == 404
    assert client.get(reverse("survey_desk", args=["x" * 3000])).status_code == 404


def test_the_desk_pages_are_standalone_without_the_portal_navigation(
    client: Client, office: Office
) -> None:
    for url in (
        reverse("survey_desk", args=[office.code_desk.token]),
        desk_url(office.code_desk),
        desk_url(office.open_desk),
    ):
        body = client.get(url).content.decode()
        assert "navbar" not in body and "Masuk</a>" not in body
        assert "<script" not in body and " style=" not in body
        assert 'lang="id"' in body


def test_only_get_and_post_reach_the_pages(client: Client, office: Office) -> None:
    assert client.post(reverse("survey_desk", args=[office.open_desk.token])).status_code == 405
    assert client.put(desk_url(office.open_desk)).status_code == 405
