"""Every model is editable in the admin; the plan reads in document order."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from areas.models import WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_id(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123456!")
    client.force_login(user)
    return client


def test_every_portal_model_is_registered() -> None:
    registered = {m._meta.label for m in admin.site._registry}
    for label in [
        "access.Unit",
        "areas.WorkPlan",
        "areas.DecreeClause",
        "areas.LampiranSection",
        "areas.Paragraph",
        "areas.Area",
        "areas.AreaTarget",
        "areas.ActionItem",
        "areas.Component",
        "access.RoleAssignment",
        "areas.MonthlyTarget",
        "targets.ProgressEntry",
    ]:
        assert label in registered, label


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in admin.site._registry
        if m._meta.app_label
        in {"access", "areas", "periods", "targets", "evidence", "reports", "transfer"}
    ],
    ids=lambda m: m._meta.label,
)
def test_changelist_search_and_change_pages_open(admin_client_id: Client, model: type) -> None:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_id.get(url).status_code == 200
    assert admin_client_id.get(url, {"q": "Zona"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client_id.get(change).status_code == 200


def test_the_plan_page_shows_its_clauses_sections_and_areas(
    admin_client_id: Client, plan: WorkPlan
) -> None:
    response = admin_client_id.get(reverse("admin:areas_workplan_change", args=[plan.pk]))
    body = response.content.decode()
    assert "bahwa untuk mewujudkan pelaksanaan" in body
    assert "Peningkatan Kualitas Pelayanan Publik" in body
    assert body.index("Manajemen Perubahan") < body.index("Penguatan Pengawasan")


def test_the_plan_exports_through_import_export(admin_client_id: Client) -> None:
    url = reverse("admin:areas_actionitem_export")
    response = admin_client_id.post(
        url,
        {
            "format": "0",
            "resource": "0",
            **{
                f"actionitemresource_{f}": "on"
                for f in ["id", "area", "parent", "order", "label", "text"]
            },
        },
    )
    assert response.status_code == 200
    assert "Memperbaharui Tim Pembangunan Zona integritas" in response.content.decode("utf-8")


def test_only_staff_reach_the_admin(client: Client) -> None:
    response = client.get(reverse("admin:areas_workplan_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
