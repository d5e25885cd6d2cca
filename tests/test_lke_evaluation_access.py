"""Every page of the evaluation × every role × own/other area × own/other unit (the
matrix of tests/test_lke_access_matrix.py, whose world and roles it uses): only the Ketua
submits and reopens, only the unit's TPI answers its side, sends back and completes, every
reader of the unit's LKE reads the TPI's pages and the comparison."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lke.evaluation import assessment_submit, question_send_back
from lke.models import Answer, Assessment, Correction
from tests.test_lke_access_matrix import ROLES, World, args, login, world  # noqa: F401

pytestmark = pytest.mark.django_db
State = Assessment.State

#        anon koord-own other-area ketua sekre  tpi  other-unit k/other-unit admin staff
READ = [302, 200, 200, 200, 200, 200, 404, 404, 200, 404]
KETUA_PAGE = [302, 403, 403, 200, 403, 403, 404, 404, 200, 404]
KETUA_STEP = [302, 403, 403, 302, 403, 403, 404, 404, 302, 404]
TPI_PAGE = [302, 403, 403, 403, 403, 200, 404, 404, 200, 404]
TPI_STEP = [302, 403, 403, 403, 403, 302, 404, 404, 302, 404]
TPI_ROW = [302, 403, 403, 403, 403, 200, 404, 404, 200, 404]
# a question sent back reopens for who answers it for the unit (area I: its koordinator,
# the Ketua, the Sekretariat), never for the TPI
CORRECTED = [302, 200, 403, 200, 200, 403, 404, 404, 200, 404]


def draft(w: World, people: dict) -> None:
    """The world as made: a self-assessment (draft)."""


def under_evaluation(w: World, people: dict) -> None:
    assessment_submit(assessment=w.assessment, user=people["ketua"])


def sent_back(w: World, people: dict) -> None:
    under_evaluation(w, people)
    question_send_back(assessment=w.assessment, question=w.area_i, user=people["tpi"], note="x")


def all_tpi_answers(w: World, people: dict) -> None:
    """Under evaluation with every TPI answer (so completing succeeds)."""
    from lke.models import Question
    from lke.services import answers_import

    under_evaluation(w, people)
    questions = Question.objects.filter(worksheet=w.assessment.worksheet)
    rows = [(q, q.scheme[0]["key"] if q.scheme else "3", "", "") for q in questions]
    answers_import(assessment=w.assessment, side="tpi", user=people["tpi"], rows=rows)


def url(name: str, *more: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=args(w, *(m(w) for m in more)))


def area_i(w: World) -> object:
    return w.area_i.pk


Case = tuple[str, str, Callable[[World], str], Callable[[World], dict] | None, object, list[int]]
CASES: list[Case] = [
    ("submit_page", "GET", url("lke_submit"), None, draft, KETUA_PAGE),
    ("submit", "POST", url("lke_submit"), None, draft, KETUA_STEP),
    ("reopen_page", "GET", url("lke_reopen"), None, under_evaluation, KETUA_PAGE),
    ("reopen", "POST", url("lke_reopen"), lambda w: {"reason": "alasan"}, under_evaluation,
     KETUA_STEP),
    ("tpi_area", "GET", url("lke_tpi_area", lambda w: "manajemen_perubahan"), None,
     under_evaluation, READ),
    ("tpi_area_hasil", "GET", url("lke_tpi_area", lambda w: "hasil"), None, draft, READ),
    ("tpi_answer", "POST", url("lke_tpi_answer", area_i),
     lambda w: {f"t{w.area_i.pk}-answer": "Ya", f"t{w.area_i.pk}-version": "0"},
     under_evaluation, TPI_ROW),
    ("send_back", "POST", url("lke_send_back", area_i), lambda w: {f"b{w.area_i.pk}-note": "x"},
     under_evaluation, TPI_ROW),
    ("complete_page", "GET", url("lke_complete"), None, under_evaluation, TPI_PAGE),
    ("complete", "POST", url("lke_complete"), None, all_tpi_answers, TPI_STEP),
    ("comparison", "GET", url("lke_comparison"), None, under_evaluation, READ),
    ("unit_corrects", "POST", url("lke_answer", area_i),
     lambda w: {f"q{w.area_i.pk}-answer": "Ya", f"q{w.area_i.pk}-version": "0"},
     sent_back, CORRECTED),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "target", "data", "state", "expected"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_lke_evaluation_permission_matrix(
    client: Client,
    people: dict,
    world: World,  # noqa: F811
    role: str,
    name: str,
    method: str,
    target: Callable[[World], str],
    data: Callable[[World], dict] | None,
    state: Callable[[World, dict], None],
    expected: list[int],
) -> None:
    state(world, people)
    before = _snapshot(world)
    login(client, people, role)
    address = target(world)
    if method == "GET":
        status = client.get(address, HTTP_HX_REQUEST="true").status_code
    else:
        payload = data(world) if data else {}
        status = client.post(address, payload, HTTP_HX_REQUEST="true").status_code
    want = expected[ROLES.index(role)]
    assert status == want, f"{name} as {role}: {status}, expected {want}"
    if want == 302 and role == "anonymous":
        assert client.get(address)["Location"].startswith("/akun/masuk/")
    if method == "POST" and want not in (200, 302):
        assert _snapshot(world) == before, f"{name} as {role} changed something"


def _snapshot(w: World) -> tuple[object, ...]:
    w.assessment.refresh_from_db()
    answers = sorted(Answer.objects.filter(assessment=w.assessment).values_list("pk", "version"))
    corrections = sorted(
        Correction.objects.filter(assessment=w.assessment).values_list("pk", "resolved_at")
    )
    return w.assessment.state, tuple(answers), tuple(corrections)


def test_the_province_ketua_reads_a_kabkota_evaluation_but_takes_no_step(
    client: Client, people: dict, sambas: object
) -> None:
    from tests.factories import lke_assessment

    assessment = lke_assessment(sambas)
    client.force_login(people["ketua"])
    for name in ("lke_comparison", "lke_overview"):
        assert client.get(reverse(name, args=[sambas.slug, 2025])).status_code == 200
    page = client.get(reverse("lke_overview", args=[sambas.slug, 2025])).content.decode()
    assert "submit-link" not in page
    assert client.post(reverse("lke_submit", args=[sambas.slug, 2025])).status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == State.DRAFT
