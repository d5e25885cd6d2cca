"""Every survey page of a unit × every role gets the right answer (the style of
tests/test_access_matrix.py): the aggregates for whoever reads the unit, the Sekretariat's
pages for its Sekretariat, raw responses for its Ketua, Sekretariat and TPI only — not the
province's Ketua on a kab/kota, who reads the kab/kota's aggregates."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.db import row_fingerprint
from surveys.models import Desk, Questionnaire, Response, Service
from surveys.responses import Profile, Submission, responses_create
from surveys.selectors import current_questionnaire
from surveys.services import DESK_FIELDS, ELEMENT_FIELDS, SERVICE_FIELDS, desk_save
from tests.survey_support import SKM_CODES, period_make, service_make

pytestmark = pytest.mark.django_db

# (role, the user of tests/module_data.py's people, the unit whose pages they open)
ROLES = [
    ("anonymous", None, "province"),
    ("koordinator_own", "koordinator_own", "province"),
    ("koordinator_other_area", "koordinator_other_area", "province"),
    ("ketua", "ketua", "province"),
    ("sekretariat", "sekretariat", "province"),
    ("tpi", "tpi", "province"),
    ("koordinator_other_unit", "koordinator_other_unit", "province"),
    ("ketua_other_unit", "ketua_other_unit", "province"),
    ("province_ketua_on_kabkota", "ketua", "sambas"),
    ("admin", "admin", "province"),
]
DAY = datetime.date(2025, 5, 14)  # triwulan 2


@dataclass
class Place:
    """One unit's survey records, as the URLs need them."""

    unit: Unit
    service: Service
    desk: Desk
    response: Response
    shipped: Questionnaire


def place_make(unit: Unit, people: dict) -> Place:
    period_make(unit, 2025, 2)
    service = service_make(unit)
    desk = desk_save(user=people["admin"], unit=unit, name="Loket", kinds=["skm"])
    (response,) = responses_create(
        unit=unit,
        kind="skm",
        submissions=[
            Submission(
                values=dict.fromkeys(SKM_CODES, 3),
                profile=Profile(comment="Baik."),
                service_date=DAY,
            )
        ],
        user=None,
    )
    shipped = Questionnaire.objects.get(kind="skm", unit=None)
    return Place(unit, service, desk, response, shipped)


@pytest.fixture
def places(people: dict, province: Unit, sambas: Unit) -> dict[str, Place]:
    return {"province": place_make(province, people), "sambas": place_make(sambas, people)}


def element_data(p: Place) -> dict[str, str]:
    element = current_questionnaire(p.unit, "skm").elements.get(code="U1")
    words = {f"label_{i}": w for i, w in enumerate(["Satu", "Dua", "Tiga", "Empat"], start=1)}
    return {
        "question": "Pertanyaan baru?",
        "seen": row_fingerprint(element, ELEMENT_FIELDS),
    } | words


Url = Callable[[Place], str]
Data = Callable[[Place], dict[str, object]] | None

#       anon koord other-area ketua sekre tpi  other-unit k/other-unit prov-ketua admin
READ = [302, 200, 200, 200, 200, 200, 404, 404, 200, 200]
MANAGE = [302, 403, 403, 403, 200, 403, 404, 404, 403, 200]
CHANGE = [302, 403, 403, 403, 302, 403, 404, 404, 403, 302]
RAW = [302, 403, 403, 200, 200, 200, 404, 404, 403, 200]


def at(name: str, *args: object, query: str = "") -> Callable[[Place], str]:
    def url(p: Place) -> str:
        values = [a(p) if callable(a) else a for a in args]
        return reverse(name, args=[p.unit.slug, *values]) + query

    url.url_name = name  # type: ignore[attr-defined]
    return url


CASES: list[tuple[str, str, Url, Data, list[int]]] = [
    ("survey_overview", "GET", at("survey_overview", query="?tahun=2025"), None, READ),
    ("survey_questionnaires", "GET", at("survey_questionnaires"), None, READ),
    (
        "survey_questionnaire_version",
        "GET",
        at("survey_questionnaire_version", lambda p: p.shipped.pk),
        None,
        READ,
    ),
    ("survey_periods", "GET", at("survey_periods", 2025), None, MANAGE),
    (
        "survey_periods_open",
        "POST",
        at("survey_periods", 2025),
        lambda p: {"quarter": "3", "population": "120", "status": "dibuka", "seen": ""},
        CHANGE,
    ),
    (
        "survey_publish",
        "POST",
        at("survey_publish", 2025),
        lambda p: {"quarter": "2", "publish": "1"},
        CHANGE,
    ),
    ("survey_services", "GET", at("survey_services"), None, MANAGE),
    (
        "survey_services_add",
        "POST",
        at("survey_services"),
        lambda p: {"name": "Layanan baru", "is_active": "on"},
        CHANGE,
    ),
    ("survey_service_edit", "GET", at("survey_service_edit", lambda p: p.service.pk), None, MANAGE),
    (
        "survey_service_save",
        "POST",
        at("survey_service_edit", lambda p: p.service.pk),
        lambda p: {"name": "Nama baru", "seen": row_fingerprint(p.service, SERVICE_FIELDS)},
        CHANGE,
    ),
    ("survey_desks", "GET", at("survey_desks"), None, MANAGE),
    (
        "survey_desks_add",
        "POST",
        at("survey_desks"),
        lambda p: {"name": "Loket baru", "kinds": ["spak"], "is_active": "on"},
        CHANGE,
    ),
    ("survey_desk_edit", "GET", at("survey_desk_edit", lambda p: p.desk.pk), None, MANAGE),
    (
        "survey_desk_save",
        "POST",
        at("survey_desk_edit", lambda p: p.desk.pk),
        lambda p: {
            "name": "Loket 2",
            "kinds": ["skm"],
            "seen": row_fingerprint(p.desk, DESK_FIELDS),
        },
        CHANGE,
    ),
    ("survey_codes", "GET", at("survey_codes", 2025), None, MANAGE),
    (
        "survey_codes_issue",
        "POST",
        at("survey_codes", 2025),
        lambda p: {"quarter": "2", "kind": "skm", "count": "3"},
        CHANGE,
    ),
    ("survey_slips", "GET", at("survey_slips", 2025, query="?triwulan=2&survei=skm"), None, MANAGE),
    ("survey_element_edit", "GET", at("survey_element_edit", "skm", "U1"), None, MANAGE),
    ("survey_element_save", "POST", at("survey_element_edit", "skm", "U1"), element_data, CHANGE),
    ("survey_responses", "GET", at("survey_responses", 2025, query="?triwulan=2"), None, RAW),
    (
        "survey_comment_moderate",
        "POST",
        at("survey_comment_moderate", lambda p: p.response.pk),
        lambda p: {"decision": "disetujui", "seen": "menunggu"},
        CHANGE,
    ),
]


@pytest.mark.parametrize(("role", "user", "where"), ROLES, ids=[r[0] for r in ROLES])
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_survey_permission_matrix(
    client: Client,
    people: dict,
    places: dict[str, Place],
    role: str,
    user: str | None,
    where: str,
    name: str,
    method: str,
    url: Url,
    data: Data,
    expected: list[int],
) -> None:
    if user is not None:
        client.force_login(people[user])
    place = places[where]
    target = url(place)
    if method == "GET":
        status = client.get(target).status_code
    else:
        status = client.post(target, data(place) if data else {}).status_code
    want = expected[[r[0] for r in ROLES].index(role)]
    assert status == want, f"{name} as {role}: {status}, expected {want}"
    if want == 302 and user is None:
        assert client.get(target)["Location"].startswith("/akun/masuk/")


def test_every_survey_page_of_the_unit_is_in_the_matrix() -> None:
    from surveys import urls_manage

    patterns = [*urls_manage.urlpatterns, *urls_manage.by_year]
    routed = {p.name for p in patterns if getattr(p, "name", None)}
    assert routed == {case[2].url_name for case in CASES}  # type: ignore[attr-defined]


def test_pages_that_only_take_a_post_refuse_a_get(
    client: Client, people: dict, places: dict
) -> None:
    client.force_login(people["sekretariat"])
    p = places["province"]
    assert client.get(reverse("survey_publish", args=[p.unit.slug, 2025])).status_code == 405
    url = reverse("survey_comment_moderate", args=[p.unit.slug, p.response.pk])
    assert client.get(url).status_code == 405
