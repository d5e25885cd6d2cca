"""One-time codes on the public pages (surveys/public_views.py ``survey_code``,
``survey_code_entry`` and a desk's code form): a code opens its questionnaire and answers
once; an unknown, used or closed code is told next to the code field."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import AccessCode, Response
from surveys.responses import CODE_UNKNOWN, CODE_USED, PERIOD_CLOSED
from surveys.services import codes_issue
from tests.survey_public_support import (
    SPAK_CODES,
    Office,
    answers,
    desk_url,
    forget_counts,
    office_make,
    phone,
    post_page,
    send,
)
from tests.survey_support import period_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(province: Unit, people: dict) -> Office:
    forget_counts()
    return office_make(province, people["sekretariat"])


def _code_error(body: str) -> str:
    return re.search(r'data-testid="code-error">([^<]*)<', body)[1]


def test_a_slip_link_opens_the_questionnaire_and_its_answer_uses_the_code(
    office: Office,
) -> None:
    (code,) = codes_issue(
        user=office.sekretariat, period=office.period, kind="skm", count=1, service=office.service
    )
    client = phone()
    url = reverse("survey_code", args=[code.code])
    page = client.get(url)
    assert page.status_code == 200
    assert re.search(rf'<option value="{office.service.pk}" selected>', page.content.decode())
    response = post_page(client, url, answers({"U6": "3"}))
    assert response.status_code == 303 and response["Location"] == reverse("survey_thanks")
    code.refresh_from_db()
    stored = Response.objects.get()
    assert code.response == stored and code.is_used
    assert (stored.channel, stored.kind, stored.service) == ("kode", "skm", office.service)
    # the slip's link now says the code was used
    again = client.get(url)
    assert again.status_code == 410
    assert _code_error(again.content.decode()) == CODE_USED


def test_a_used_code_posted_again_is_refused_and_nothing_more_is_stored(
    client: Client, office: Office
) -> None:
    (code,) = office.codes()
    url = reverse("survey_code", args=[code.code])
    assert send(client, url, answers()).status_code == 303
    response = send(client, url, answers({"U1": "1"}))
    assert response.status_code == 410
    assert CODE_USED in response.content.decode()
    assert Response.objects.count() == 1


def test_an_unknown_code_link_is_not_found_and_says_so_next_to_the_field(
    client: Client, office: Office
) -> None:
    response = client.get(reverse("survey_code", args=["ABCDEFGHJK"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert _code_error(body) == CODE_UNKNOWN
    assert 'value="ABCDEFGHJK"' in body  # what was typed stays in the field
    assert client.get(reverse("survey_code", args=["x" * 3000])).status_code == 404


def test_a_code_of_a_closed_quarter_is_refused_in_words(client: Client, office: Office) -> None:
    old = period_make(office.unit, office.period.year - 1, 1)
    (code,) = codes_issue(user=office.sekretariat, period=old, kind="skm", count=1)
    old.status = old.Status.CLOSED
    old.save()
    response = client.get(reverse("survey_code", args=[code.code]))
    assert response.status_code == 410
    assert _code_error(response.content.decode()) == PERIOD_CLOSED
    assert send(client, reverse("survey_code", args=[code.code]), answers()).status_code == 410
    assert not Response.objects.exists()


def test_the_desk_code_form_opens_the_code_typed_in_any_case_with_spaces(
    client: Client, office: Office
) -> None:
    (code,) = office.codes(kind="spak")
    url = desk_url(office.code_desk, "spak")
    response = send(client, url, {"code": f"  {code.code.lower()} "})
    assert response.status_code == 303
    assert response["Location"] == reverse("survey_code", args=[code.code])
    page = client.get(response["Location"])
    assert all(f'name="{c}"' in page.content.decode() for c in SPAK_CODES)


def test_the_desk_code_form_refuses_unknown_empty_and_other_surveys_codes_next_to_the_field(
    client: Client, office: Office, sambas: Unit, people: dict
) -> None:
    url = desk_url(office.code_desk, "skm")
    (spak,) = office.codes(kind="spak")
    other_period = period_make(sambas, office.period.year, office.period.quarter)
    (foreign,) = codes_issue(user=people["admin"], period=other_period, kind="skm", count=1)
    for typed, message in [
        ("", "Isi kode survei yang tertera pada struk layanan."),
        ("ZZZZZZZZZZ", CODE_UNKNOWN),
        (spak.code, CODE_UNKNOWN),  # a code of the desk's other survey
        (foreign.code, CODE_UNKNOWN),  # another unit's code at this desk
    ]:
        response = send(client, url, {"code": typed})
        assert response.status_code == 422, typed
        body = response.content.decode()
        assert _code_error(body) == message
        assert 'aria-describedby="id_code_helptext id_code_error"' in body


def test_the_general_code_form_takes_any_units_code(
    client: Client, office: Office, sambas: Unit, people: dict
) -> None:
    other_period = period_make(sambas, office.period.year, office.period.quarter)
    (foreign,) = codes_issue(user=people["admin"], period=other_period, kind="skm", count=1)
    url = reverse("survey_code_entry")
    assert client.get(url).status_code == 200
    response = send(client, url, {"code": foreign.code})
    assert response["Location"] == reverse("survey_code", args=[foreign.code])
    page = client.get(response["Location"]).content.decode()
    assert sambas.name in page and office.unit.name not in page
    response = send(client, url, {"code": "ZZZZZZZZZZ"})
    assert response.status_code == 422
    assert _code_error(response.content.decode()) == CODE_UNKNOWN


def test_a_wrong_answer_with_a_code_keeps_the_code_unused(client: Client, office: Office) -> None:
    (code,) = office.codes()
    data = answers()
    data.pop("U9")
    response = send(client, reverse("survey_code", args=[code.code]), data)
    assert response.status_code == 422
    assert 'data-testid="U9-error"' in response.content.decode()
    assert not AccessCode.objects.get(pk=code.pk).is_used
    assert not Response.objects.exists()


def test_the_code_page_takes_a_fixed_number_of_queries(
    client: Client, office: Office, django_assert_num_queries: object
) -> None:
    (code,) = office.codes()
    url = reverse("survey_code", args=[code.code])
    # the code with its quarter, unit and service; the questionnaire, elements, services
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    # … and the door: the code locked, the response, its answers, the code marked used; the
    # quarter's tallies incremented in the same transaction (rollups/surveys.py: 2) and the
    # unit's data stamp bumped (rollups/stamps.py: 1)
    with django_assert_num_queries(10 + 2 + 1):
        assert send(client, url, answers()).status_code == 303
