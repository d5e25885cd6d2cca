"""The public page (Keterbukaan Informasi Publik) shows the plan and achievement, nothing internal."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from evidence.services import evidence_submit
from targets.services import progress_update
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(plan: WorkPlan, people: dict) -> WorkPlan:
    k1 = people["koordinator_own"]
    k1.first_name, k1.last_name = "Rahmat", "Hidayat"
    k1.save(update_fields=["first_name", "last_name"])
    component = Component.objects.get(
        plan=plan, name="Pemantauan dan Evaluasi Pembangunan WBK/WBBM"
    )
    progress_update(
        user=k1,
        component=component,
        month=1,
        percent=Decimal(80),
        activities="Rapat evaluasi terbuka",
    )
    progress_update(
        user=k1,
        component=component,
        month=2,
        percent=Decimal(60),
        obstacles="RAHASIA-INTERNAL anggaran",
        is_internal=True,
    )
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    evidence_submit(
        user=k1, action=action, month=1, files=[upload("notulen-rahasia.pdf", PDF_BYTES)]
    )
    return plan


def test_it_shows_the_plan_and_monthly_achievement_per_area(
    client: Client, filled: WorkPlan
) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    for area in filled.areas.all():
        assert area.name in body
    assert "Memperbaharui Tim Pembangunan Zona integritas" in body  # an action item
    assert "Meningkatnya komitmen seluruh jajaran" in body  # a target
    assert 'data-testid="public-monthly"' in body
    assert "<svg" in body


def test_it_shows_nothing_internal(client: Client, filled: WorkPlan, people: dict) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    assert "RAHASIA-INTERNAL" not in body
    assert "notulen-rahasia" not in body
    assert "/bukti/" not in body
    for user in people.values():
        assert f">{user.username}<" not in body and f" {user.username} " not in body
    assert "Rahmat" not in body and "Hidayat" not in body


def test_a_unit_that_has_not_opted_in_is_not_published(
    client: Client, province: Unit, plan: WorkPlan
) -> None:
    province.is_public = False
    province.save(update_fields=["is_public"])
    assert client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).status_code == 404
    assert "kpu-kalbar/2025" not in client.get(reverse("public_index")).content.decode()
