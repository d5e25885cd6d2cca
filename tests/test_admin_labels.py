"""C9: the admin names the unit and year of plan rows and speaks Indonesian."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from areas.models import ActionItem, Component, Paragraph, WorkPlan
from targets.services import progress_update

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(Parent|Section|Import|Export|IMPORT|EXPORT|Rubah|RUBAH|Change history)\b")


@pytest.fixture
def admin_client(client: Client, sambas) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-12345!")
    client.force_login(user)
    return client


def _text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)
    return " ".join(strip_tags(body).split())


def _options(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, flags=re.S).group(1)
    return [strip_tags(o).strip() for o in re.findall(r"<option[^>]*>(.*?)</option>", select)]


@pytest.mark.parametrize(
    "name", ["areas_actionitem", "areas_area", "areas_component", "targets_progressentry"]
)
def test_the_lists_show_unit_and_year(
    admin_client: Client, plan: WorkPlan, people: dict, name: str
) -> None:
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    progress_update(
        user=people["koordinator_own"], component=component, month=4, percent=Decimal("50")
    )
    body = admin_client.get(reverse(f"admin:{name}_changelist")).content.decode()
    rows = _text(body.split('id="result_list"', 1)[1].split("</table>", 1)[0])
    assert "Rencana kerja" in rows
    assert str(plan) in rows and str(plan) == f"{plan.unit.short_name} 2025"


def test_dropdowns_name_the_unit_and_year(admin_client: Client, plan: WorkPlan) -> None:
    item = ActionItem.objects.filter(area__plan=plan, parent__isnull=False).first()
    body = admin_client.get(
        reverse("admin:areas_actionitem_change", args=[item.pk])
    ).content.decode()
    areas = [o for o in _options(body, "area") if o.startswith("Area I ")]
    assert len(areas) >= 2  # the province's and Sambas' Area I …
    assert all(" · KPU " in o and o.endswith(" 2025") for o in areas)
    assert len(set(areas)) == len(areas)  # … and they can be told apart
    assert all(" · KPU " in o for o in _options(body, "parent") if o != "---------")


def test_the_forms_and_buttons_are_indonesian(admin_client: Client, plan: WorkPlan) -> None:
    item = ActionItem.objects.filter(area__plan=plan, parent__isnull=False).first()
    paragraph = Paragraph.objects.filter(section__plan=plan).first()
    component = Component.objects.filter(plan=plan).first()
    pages = [
        reverse("admin:index"),
        reverse("admin:areas_actionitem_changelist"),
        reverse("admin:areas_actionitem_change", args=[item.pk]),
        reverse("admin:areas_paragraph_change", args=[paragraph.pk]),
        reverse("admin:areas_component_change", args=[component.pk]),
        reverse("admin:areas_actionitem_history", args=[item.pk]),
        reverse("admin:areas_area_export"),
    ]
    for url in pages:
        text = _text(admin_client.get(url).content.decode())
        assert ENGLISH.findall(text) == [], url
    body = admin_client.get(reverse("admin:areas_actionitem_change", args=[item.pk])).content
    assert "Induk" in body.decode()
    listing = _text(admin_client.get(reverse("admin:areas_actionitem_changelist")).content.decode())
    assert "Ekspor" in listing
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Ubah atau lihat daftar" in index and "Rubah" not in index
