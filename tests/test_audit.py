"""The audit trail is written for every change and cannot be edited from the admin or UI."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from access.models import RoleAssignment
from areas.models import Component, MonthlyTarget, WorkPlan
from targets.models import ProgressEntry
from targets.services import progress_update

pytestmark = pytest.mark.django_db


def test_no_historical_model_is_editable_in_the_admin() -> None:
    for model in admin.site._registry:
        assert not model.__name__.startswith("Historical"), model
    with pytest.raises(NoReverseMatch):
        reverse("admin:targets_historicalprogressentry_changelist")


def test_reverting_from_the_admin_history_is_disabled(
    client: Client, people: dict, plan: WorkPlan, settings
) -> None:
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    entry = progress_update(
        user=people["koordinator_own"], component=component, month=4, percent=Decimal(10)
    )
    progress_update(
        user=people["koordinator_own"], component=component, month=4, percent=Decimal(20), version=1
    )
    record = entry.history.order_by("history_date").first()
    client.force_login(people["admin"])
    url = reverse("admin:targets_progressentry_simple_history", args=[entry.pk, record.history_id])
    response = client.post(url, {"percent": "10", "component": component.pk, "month": 4})
    assert response.status_code in {403, 302}
    entry.refresh_from_db()
    assert entry.percent == Decimal("20.00")
    assert (
        client.get(reverse("admin:targets_progressentry_history", args=[entry.pk])).status_code
        == 200
    )


def test_targets_and_role_assignments_are_audited(people: dict, plan: WorkPlan) -> None:
    target = MonthlyTarget.objects.filter(component__plan=plan).first()
    target.percent = Decimal("90")
    target.save(update_fields=["percent"])
    assert target.history.first().history_type == "~"
    role = RoleAssignment.objects.get(user=people["tpi"])
    role_id = role.pk
    role.delete()
    assert RoleAssignment.history.filter(id=role_id, history_type="-").exists()


def test_the_riwayat_page_shows_who_old_and_new(
    client: Client, people: dict, plan: WorkPlan
) -> None:
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    progress_update(
        user=people["koordinator_own"],
        component=component,
        month=4,
        percent=Decimal("10"),
        activities="Awal",
    )
    progress_update(
        user=people["koordinator_own"],
        component=component,
        month=4,
        percent=Decimal("62.5"),
        version=1,
        activities="Awal",
    )
    client.force_login(people["ketua"])
    body = client.get(
        reverse("entry_history", args=["kpu-kalbar", 2025, 4, component.pk])
    ).content.decode()
    assert "k1" in body
    assert "<td>realisasi (%)</td><td>10%</td><td>62,5%</td>" in body.replace("\n", "")
    assert ProgressEntry.history.count() == 2
