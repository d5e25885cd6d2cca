"""Who may use the public answering pages: everyone, signed in or not, the same pages (the
access-matrix roles of tests/test_access_matrix.py); and nothing of the unit's own data —
responses, comments, codes, other desks, the portal's navigation — is on them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Response
from tests.survey_public_support import (
    Office,
    answers,
    desk_url,
    forget_counts,
    office_make,
    send,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "koordinator_own",
    "koordinator_other_area",
    "ketua",
    "sekretariat",
    "tpi",
    "koordinator_other_unit",
    "ketua_other_unit",
    "admin",
]
SECRET_COMMENT = "Rahasia-komentar-7781"


@pytest.fixture
def office(province: Unit, people: dict) -> Office:
    forget_counts()
    return office_make(province, people["sekretariat"])


def _client(people: dict, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_anonymous_get_the_same_public_pages_and_may_answer(
    people: dict, office: Office, role: str
) -> None:
    client = _client(people, role)
    (code,) = office.codes()
    pages = {
        reverse("survey_desk", args=[office.open_desk.token]): 302,
        reverse("survey_desk", args=[office.code_desk.token]): 200,
        desk_url(office.open_desk): 200,
        desk_url(office.code_desk, "spak"): 200,
        reverse("survey_code_entry"): 200,
        reverse("survey_code", args=[code.code]): 200,
        reverse("survey_thanks"): 200,
    }
    assert {url: client.get(url).status_code for url in pages} == pages
    assert send(client, desk_url(office.open_desk), answers()).status_code == 303
    url = reverse("survey_code", args=[code.code])
    assert send(client, url, answers()).status_code == 303
    assert Response.objects.count() == 2


@pytest.mark.parametrize("role", ["anonymous", "ketua", "sekretariat"])
def test_nothing_of_the_units_own_data_or_pages_is_on_the_public_pages(
    people: dict, office: Office, role: str
) -> None:
    writer = Client()
    send(writer, desk_url(office.open_desk), answers(comment=SECRET_COMMENT))
    codes = office.codes(3)
    client = _client(people, role)
    urls = [
        reverse("survey_desk", args=[office.code_desk.token]),
        desk_url(office.open_desk),
        desk_url(office.code_desk),
        reverse("survey_code", args=[codes[0].code]),
        reverse("survey_code", args=["ABCDEFGHJK"]),
        reverse("survey_thanks"),
    ]
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        assert SECRET_COMMENT not in body, url
        assert "/satker/" not in body and "navbar" not in body, url
        assert people["sekretariat"].get_username() not in body, url
        for other in codes[1:]:
            assert other.code not in body, url
        tokens = {office.open_desk.token, office.code_desk.token} - {url.split("/")[2]}
        assert not any(token in body for token in tokens), url
    # the questionnaire pages are never kept by a browser or a proxy (a shared tablet)
    assert "no-store" in client.get(desk_url(office.open_desk))["Cache-Control"]


def test_the_units_own_pages_stay_closed_to_an_anonymous_respondent(
    client: Client, office: Office
) -> None:
    send(client, desk_url(office.open_desk), answers())
    for url in (
        reverse("dashboard", args=[office.unit.slug]),
        f"/admin/surveys/response/{Response.objects.get().pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(("/akun/masuk/", "/admin/login/")), url
