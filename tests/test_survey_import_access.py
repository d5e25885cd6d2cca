"""Who may use the survey import pages (every role, as tests/test_access_matrix.py), and
what a preview of a few hundred respondents costs in queries (no query per row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import Unit
from surveys.models import Response
from tests.survey_import_support import answers_row, skm_csv, upload_sheet
from tests.survey_support import period_make, service_make
from tests.test_access_matrix import ROLES, login, request

pytestmark = pytest.mark.django_db

SLUG = "kpu-kalbar"
# ROLES: anonymous, koordinator_own, koordinator_other_area, ketua, sekretariat, tpi,
# koordinator_other_unit, ketua_other_unit, admin
MANAGERS_ONLY = [302, 403, 403, 403, 200, 403, 404, 404, 200]
UPLOAD = [302, 403, 403, 403, 422, 403, 404, 404, 422]  # no file sent: the form refuses
TOKEN = [302, 403, 403, 403, 404, 403, 404, 404, 404]  # nobody's pending upload
Url = Callable[[], str]

CASES: list[tuple[str, str, Url, list[int]]] = [
    ("page", "GET", lambda: reverse("survey_import", args=[SLUG]), MANAGERS_ONLY),
    (
        "page with survey",
        "GET",
        lambda: reverse("survey_import", args=[SLUG]) + "?survei=spkp",
        MANAGERS_ONLY,
    ),
    *(
        (
            f"template {d}",
            "GET",
            (lambda d=d: reverse("survey_import_template", args=[SLUG, d])),
            MANAGERS_ONLY,
        )
        for d in ("skm", "spak", "spkp", "populasi")
    ),
    ("upload", "POST", lambda: reverse("survey_import_upload", args=[SLUG]), UPLOAD),
    ("preview", "GET", lambda: reverse("survey_import_preview", args=[SLUG, "u1-abc"]), TOKEN),
    ("confirm", "POST", lambda: reverse("survey_import_preview", args=[SLUG, "u1-abc"]), TOKEN),
    ("cancel", "POST", lambda: reverse("survey_import_cancel", args=[SLUG, "u1-abc"]), TOKEN),
]


@pytest.mark.parametrize(("name", "method", "url", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_role_gets_the_right_answer(
    client: Client, people: dict, name: str, method: str, url: Url, expected: list[int]
) -> None:
    got = []
    for role in ROLES:
        client.logout()
        login(client, people, role)
        got.append(request(client, method, url()))
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True)), name


def test_the_wrong_method_is_refused(client: Client, people: dict) -> None:
    client.force_login(people["sekretariat"])
    assert client.get(reverse("survey_import_upload", args=[SLUG])).status_code == 405
    assert client.post(reverse("survey_import", args=[SLUG])).status_code == 405
    assert client.get(reverse("survey_import_template", args=[SLUG, "lke"])).status_code == 404


def test_an_upload_is_its_uploaders_and_of_this_page_only(
    client: Client, province: Unit, people: dict
) -> None:
    period_make(province, 2025, 2)
    client.force_login(people["sekretariat"])
    preview = upload_sheet(client, skm_csv(answers_row("12/04/2025", "", [4] * 9)))
    token = preview.context["token"]
    # The data page and the LKE page do not take this upload.
    assert client.get(reverse("transfer_preview", args=[SLUG, token])).status_code == 404
    assert client.get(reverse("transfer_lke_preview", args=[SLUG, token])).status_code == 404
    other = Client()
    other.force_login(people["admin"])
    url = reverse("survey_import_preview", args=[SLUG, token])
    assert other.post(url, {"digest": preview.context["result"].digest}).status_code == 404
    assert not Response.objects.exists()


def test_the_data_page_links_to_the_survey_imports(client: Client, people: dict) -> None:
    client.force_login(people["sekretariat"])
    body = client.get(reverse("transfer_home", args=[SLUG])).content.decode()
    assert f'href="{reverse("survey_import", args=[SLUG])}"' in body


def preview_queries(client: Client, unit: Unit, respondents: int) -> tuple[int, Any]:
    rows = [
        answers_row(f"{1 + i % 28:02d}/04/2025", "Layanan informasi publik", [1 + i % 4] * 9)
        for i in range(respondents)
    ]
    preview = upload_sheet(client, skm_csv(*rows))
    assert preview.status_code == 200 and preview.context["result"].ok
    url = reverse("survey_import_preview", args=[SLUG, preview.context["token"]])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


PREVIEW_QUERIES = 13


def test_a_preview_of_two_hundred_respondents_costs_what_one_of_twenty_does(
    client: Client, province: Unit, people: dict, django_assert_num_queries: Any
) -> None:
    period_make(province, 2025, 2)
    service_make(province, "Layanan informasi publik")
    client.force_login(people["sekretariat"])
    small, _ = preview_queries(client, province, 20)
    large, response = preview_queries(client, province, 200)
    assert small == large == PREVIEW_QUERIES
    assert response.context["result"].created == 200
    assert 'data-row="201" data-action="baru"' in response.content.decode()
