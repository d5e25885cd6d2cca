"""Every LKE page × every role × own/other area × own/other unit gets the right answer
(the style of tests/test_access_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from access.models import Unit
from lke.models import Answer, Assessment, Question
from tests.factories import lke_assessment, lke_question

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
    "staff",
]


@dataclass
class World:
    unit: Unit
    assessment: Assessment
    area_i: Question  # PPA1A, Manajemen Perubahan (area I)
    hasil: Question  # IPAK


@pytest.fixture
def world(people: dict, province: Unit) -> World:
    # Staff of the admin site without a role on any unit: the unit pages stay closed to them
    # (access.loaders.unit_view reads through access.rules.can_read).
    people["staff"] = get_user_model().objects.create_user("staf-uji", is_staff=True)
    hasil = Question.objects.get(worksheet__year=2026, excel_row=199)
    return World(province, lke_assessment(province), lke_question("PPA1A"), hasil)


def login(client: Client, people: dict, role: str) -> None:
    if role != "anonymous":
        client.force_login(people[role])


def answer(question: Callable[[World], Question], text: str) -> Callable[[World], dict]:
    def data(w: World) -> dict:
        pk = question(w).pk
        return {f"q{pk}-answer": text, f"q{pk}-version": "0"}

    return data


#        anon koord-own other-area ketua sekre  tpi  other-unit k/other-unit admin staff
READ = [302, 200, 200, 200, 200, 200, 404, 404, 200, 404]
START = [302, 403, 403, 302, 302, 403, 404, 404, 302, 404]
ANSWER_AREA_I = [302, 200, 403, 200, 200, 403, 404, 404, 200, 404]
ANSWER_HASIL = [302, 403, 403, 200, 200, 403, 404, 404, 200, 404]


def args(w: World, *more: object) -> list[object]:
    return [w.unit.slug, 2025, *more]


CASES = [
    ("lke_overview", "GET", lambda w: reverse("lke_overview", args=args(w)), None, READ),
    ("lke_start", "POST", lambda w: reverse("lke_start", args=args(w)), None, START),
    (
        "lke_area",
        "GET",
        lambda w: reverse("lke_area", args=args(w, "manajemen_perubahan")),
        None,
        READ,
    ),
    ("lke_area_hasil", "GET", lambda w: reverse("lke_area", args=args(w, "hasil")), None, READ),
    (
        "lke_answer",
        "POST",
        lambda w: reverse("lke_answer", args=args(w, w.area_i.pk)),
        answer(lambda w: w.area_i, "Ya"),
        ANSWER_AREA_I,
    ),
    (
        "lke_answer_hasil",
        "POST",
        lambda w: reverse("lke_answer", args=args(w, w.hasil.pk)),
        answer(lambda w: w.hasil, "3,5"),
        ANSWER_HASIL,
    ),
    (
        "lke_answer_history",
        "GET",
        lambda w: reverse("lke_answer_history", args=args(w, w.area_i.pk)),
        None,
        READ,
    ),
    ("lke_whatif", "GET", lambda w: reverse("lke_whatif", args=args(w)), None, READ),
    (
        "lke_whatif_post",
        "POST",
        lambda w: reverse("lke_whatif", args=args(w)),
        lambda w: {f"q{w.area_i.pk}": "Ya"},
        READ,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_lke_permission_matrix(
    client: Client,
    people: dict,
    world: World,
    role: str,
    name: str,
    method: str,
    url: Callable[[World], str],
    data: Callable[[World], dict] | None,
    expected: list[int],
) -> None:
    login(client, people, role)
    target = url(world)
    payload = data(world) if data else {}
    if method == "GET":
        status = client.get(target, HTTP_HX_REQUEST="true").status_code
    else:
        status = client.post(target, payload, HTTP_HX_REQUEST="true").status_code
    want = expected[ROLES.index(role)]
    assert status == want, f"{name} as {role}: {status}, expected {want}"
    if want == 302 and role == "anonymous":
        assert client.get(target)["Location"].startswith("/akun/masuk/")
    if name.startswith("lke_answer") and method == "POST":
        # only an allowed save writes an answer
        assert Answer.objects.filter(assessment=world.assessment).exists() == (want == 200)


def test_nothing_but_an_allowed_answer_writes(client: Client, people: dict, world: World) -> None:
    """The what-if post of every reader leaves the answers as they are."""
    for role in ROLES[1:6]:
        login(client, people, role)
        client.post(reverse("lke_whatif", args=args(world)), {f"q{world.area_i.pk}": "Ya"})
    assert not Answer.objects.exists() and not Answer.history.exists()


def test_the_province_ketua_reads_a_kabkota_lke_but_does_not_answer_it(
    client: Client, people: dict, sambas: Unit
) -> None:
    assessment = lke_assessment(sambas)
    question = lke_question("PPA1A")
    client.force_login(people["ketua"])
    assert client.get(reverse("lke_overview", args=[sambas.slug, 2025])).status_code == 200
    body = client.get(reverse("lke_area", args=[sambas.slug, 2025, "manajemen_perubahan"]))
    assert body.status_code == 200 and "lke-answer-form" not in body.content.decode()
    response = client.post(
        reverse("lke_answer", args=[sambas.slug, 2025, question.pk]),
        {f"q{question.pk}-answer": "Ya", f"q{question.pk}-version": "0"},
    )
    assert response.status_code == 403
    assert not Answer.objects.filter(assessment=assessment).exists()
    # the kab/kota's own coordinator does not reach the province's LKE
    client.force_login(people["koordinator_other_unit"])
    assert client.get(reverse("lke_overview", args=["kpu-kalbar", 2025])).status_code == 404


def test_the_nav_shows_the_lke_link_to_readers_only(
    client: Client, people: dict, world: World
) -> None:
    link = f'href="{reverse("lke_overview", args=args(world))}"'
    client.force_login(people["koordinator_own"])
    assert link in client.get(reverse("notices")).content.decode()
    client.logout()
    assert link not in client.get(reverse("public_index")).content.decode()


@pytest.mark.parametrize("role", ["koordinator_own", "sekretariat", "tpi"])
def test_lke_pages_with_an_assessment_never_answer_500_to_odd_values(
    people: dict, world: World, role: str
) -> None:
    """tests/test_url_walk.py walks every URL before any assessment exists; here the LKE
    pages are walked with one, so the odd values reach the views (the URLs the resolver
    refuses never reach one: test_url_walk.py walks those)."""
    from tests.test_url_walk import urls, walk

    client = Client(raise_request_exception=False)
    client.force_login(people[role])
    other = {"ids": [str(world.area_i.pk), str(world.hasil.pk)]}
    lke_urls = (u for u in urls(other, admin=False, refused=False) if "/lke/" in u)
    assert walk(client, lke_urls) == []
