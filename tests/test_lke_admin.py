"""The LKE in the admin: weights and minimums editable with history, the rest read-only,
changelists without a query per row."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from access.models import Unit
from lke.models import Answer, Assessment, Node, PredicateMinimum, Question, Worksheet
from lke.services import assessment_start
from tests.factories import lke_question
from tests.test_admin_queries import changelist_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db: None) -> object:
    return get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-1234!")


@pytest.fixture
def superuser_client(client: Client, superuser: object) -> Client:
    client.force_login(superuser)
    return client


def _worksheets(n: int) -> list[int]:
    start = Worksheet.objects.count()
    return [
        Worksheet.objects.create(year=2000 + start + i, regulation="Uji", source_sha256="0").pk
        for i in range(n)
    ]


def _assessments(n: int) -> list[int]:
    units = Unit.objects.exclude(assessments__year=2025).order_by("pk")[:n]
    return [assessment_start(unit=u, year=2025, user=None).pk for u in units]


def _answers(n: int) -> list[int]:
    assessment = assessment_start(unit=Unit.objects.get(slug="kpu-kalbar"), year=2025, user=None)
    taken = Answer.objects.filter(assessment=assessment).values("question")
    questions = Question.objects.filter(answer_type="abc").exclude(pk__in=taken)[:n]
    return [
        Answer.objects.create(assessment=assessment, question=q, side="unit", choice="A").pk
        for q in questions
    ]


def _first(model: type[Model]) -> Callable[[int], list[int]]:
    def rows(n: int) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:n])

    return rows


# Rows for 3 and then 9 (the loaded worksheet already has more nodes, questions and
# minimums than that), and the pinned queries of a page: 9 of every changelist (see
# tests/test_admin_queries.py) plus one per related list filter.
CASES: dict[type[Model], tuple[Callable[[int], list[int]], int]] = {
    Worksheet: (_worksheets, 9),
    Node: (_first(Node), 10),
    Question: (_first(Question), 10),
    PredicateMinimum: (_first(PredicateMinimum), 10),
    Assessment: (_assessments, 11),
    Answer: (_answers, 11),
}


@pytest.mark.parametrize("model", CASES, ids=lambda m: m.__name__)
def test_the_changelist_costs_the_same_for_more_rows(
    superuser_client: Client, model: type[Model]
) -> None:
    rows, pinned = CASES[model]
    few = rows(3)
    changelist_queries(superuser_client, model, few)  # warm the caches
    assert changelist_queries(superuser_client, model, few) == pinned
    many = few + [pk for pk in rows(9) if pk not in few][:6]
    assert changelist_queries(superuser_client, model, many) == pinned


def test_a_weight_edited_in_the_admin_keeps_its_history_and_nothing_else_changes(
    superuser_client: Client, superuser: object
) -> None:
    question = lke_question(row=199)
    url = reverse("admin:lke_question_change", args=[question.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert 'name="weight"' in page.content.decode()
    assert 'name="text"' not in page.content.decode()
    response = superuser_client.post(url, {"weight": "18", "text": "diubah"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.weight == Decimal(18) and question.text.startswith("Nilai Survey")
    assert question.history.latest().history_user == superuser


def test_a_minimum_is_edited_on_the_worksheet_page(
    superuser_client: Client, superuser: object
) -> None:
    worksheet = Worksheet.objects.get(year=2026)
    minimums = list(worksheet.minimums.order_by("pk"))
    url = reverse("admin:lke_worksheet_change", args=[worksheet.pk])
    page = superuser_client.get(url).content.decode()
    assert "I. PEMENUHAN" in page and "MANAJEMEN PERUBAHAN" in page
    form = {
        "minimums-TOTAL_FORMS": len(minimums),
        "minimums-INITIAL_FORMS": len(minimums),
        "minimums-MIN_NUM_FORMS": 0,
        "minimums-MAX_NUM_FORMS": 1000,
    }
    for i, minimum in enumerate(minimums):
        form[f"minimums-{i}-id"] = minimum.pk
        form[f"minimums-{i}-worksheet"] = worksheet.pk
        form[f"minimums-{i}-minimum"] = "76" if i == 0 else str(minimum.minimum)
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = PredicateMinimum.objects.get(pk=minimums[0].pk)
    assert changed.minimum == Decimal(76)
    assert changed.history.latest().history_user == superuser
    assert worksheet.history.count() == 1  # the worksheet itself was not saved again


def test_answers_and_assessments_are_read_only_in_the_admin(superuser_client: Client) -> None:
    pk = _answers(1)[0]
    page = superuser_client.get(reverse("admin:lke_answer_change", args=[pk])).content.decode()
    assert 'name="choice"' not in page
    assert superuser_client.get(reverse("admin:lke_answer_add")).status_code == 403
    assert superuser_client.get(reverse("admin:lke_question_add")).status_code == 403
