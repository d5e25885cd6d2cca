"""Every page of the evidence per question × every role × own/other area × own/other unit
(the style of tests/test_lke_access_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import Component
from lke.attachments import question_evidence_submit
from lke.models import Assessment, DocumentMatch, Question, QuestionEvidenceVersion
from lke.selectors.evidence import QuestionFile, assessment_files
from tests.factories import PDF_BYTES, PNG_BYTES, lke_assessment, lke_question, upload

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
#        anon koord-own other-area ketua sekre  tpi  other-unit k/other-unit admin staff
READ = [302, 200, 200, 200, 200, 200, 404, 404, 200, 404]
WRITE_AREA_I = [302, 302, 403, 302, 302, 403, 404, 404, 302, 404]
WRITE_HASIL = [302, 403, 403, 302, 302, 403, 404, 404, 302, 404]
MANAGE = [302, 403, 403, 403, 302, 403, 404, 404, 302, 404]


@dataclass
class World:
    unit: Unit
    assessment: Assessment
    area_i: Question  # PPA1A
    hasil: Question  # IPAK
    attached: QuestionFile  # a file attached to PPA1A


@pytest.fixture
def world(people: dict, province: Unit) -> World:
    people["staff"] = get_user_model().objects.create_user("staf-uji", is_staff=True)
    assessment = lke_assessment(province)
    area_i = lke_question("PPA1A")
    question_evidence_submit(
        assessment=assessment,
        question=area_i,
        user=people["ketua"],
        files=[upload("sk.pdf", PDF_BYTES)],
    )
    (attached,) = assessment_files(assessment)[area_i.pk]
    hasil = Question.objects.get(worksheet__year=2026, excel_row=199)
    return World(province, assessment, area_i, hasil, attached)


def args(w: World, *more: object) -> list[object]:
    return [w.unit.slug, 2025, *more]


def attach(question: Callable[[World], Question]) -> tuple[Callable, Callable]:
    return (
        lambda w: reverse("lke_question_attach", args=args(w, question(w).pk)),
        lambda w: {"files": [upload("foto.png", PNG_BYTES)]},
    )


CASES = [
    (
        "lke_question_evidence",
        "GET",
        lambda w: reverse("lke_question_evidence", args=args(w, w.area_i.pk)),
        None,
        READ,
    ),
    (
        "lke_question_evidence_hasil",
        "GET",
        lambda w: reverse("lke_question_evidence", args=args(w, w.hasil.pk)),
        None,
        READ,
    ),
    ("lke_question_attach", "POST", *attach(lambda w: w.area_i), WRITE_AREA_I),
    ("lke_question_attach_hasil", "POST", *attach(lambda w: w.hasil), WRITE_HASIL),
    (
        "lke_document_tick",
        "POST",
        lambda w: reverse("lke_document_tick", args=args(w, w.area_i.pk)),
        lambda w: {"document": "0", "file": w.attached.key},
        WRITE_AREA_I,
    ),
    (
        "lke_attachment",
        "GET",
        lambda w: reverse("lke_attachment", args=args(w, w.attached.file_id)),
        None,
        READ,
    ),
    ("lke_mapping", "GET", lambda w: reverse("lke_mapping", args=args(w)), None, READ),
    ("lke_mapping_post", "POST", lambda w: reverse("lke_mapping", args=args(w)), None, MANAGE),
]


def written(name: str, w: World) -> bool:
    """Whether the request under test wrote what it asks for."""
    if name.startswith("lke_question_attach"):
        # PPA1A holds the fixture's attachment already: a second version is the write
        question, versions = (w.hasil, 1) if name.endswith("hasil") else (w.area_i, 2)
        rows = QuestionEvidenceVersion.objects.filter(evidence__question=question)
        return rows.count() == versions
    if name == "lke_document_tick":
        return DocumentMatch.objects.exists()
    return not Component.objects.filter(plan__unit=w.unit).exclude(lke_code="").exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_evidence_permission_matrix(
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
    if role != "anonymous":
        client.force_login(people[role])
    target = url(world)
    if method == "GET":
        status = client.get(target).status_code
    else:
        status = client.post(target, data(world) if data else {}).status_code
    want = expected[ROLES.index(role)]
    assert status == want, f"{name} as {role}: {status}, expected {want}"
    if want == 302 and role == "anonymous":
        assert client.get(target)["Location"].startswith("/akun/masuk/")
    if method == "POST":
        allowed = want == 302 and role != "anonymous"  # the anonymous 302 is to the login
        assert written(name, world) == allowed, f"{name} as {role}"
