"""Copying a plan to a new year of the unit and to the province's kab/kota units."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Area, Component, MonthlyTarget, WorkPlan
from evidence.models import Evidence
from targets.models import ProgressEntry
from tests.factories import user_with_role
from tests.test_transfer_support import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


@pytest.fixture
def sambas_sekretariat(sambas: Unit) -> Any:
    return user_with_role("sekre-sambas", sambas, "sekretariat")


def counts(plan: WorkPlan) -> tuple[int, int, int, int]:
    return (
        Area.objects.filter(plan=plan).count(),
        ActionItem.objects.filter(area__plan=plan).count(),
        Component.objects.filter(plan=plan).count(),
        MonthlyTarget.objects.filter(component__plan=plan).count(),
    )


def test_copy_to_a_new_year(sekre: Client, plan: WorkPlan, people: dict) -> None:
    entry(plan, "Tim Kerja", 4, "50", people["koordinator_own"])
    response = sekre.post(
        reverse("transfer_copy_year", args=["kpu-kalbar"]),
        {"source_year": 2025, "year": 2026},
        follow=True,
    )
    assert response.status_code == 200
    assert "Rencana 2025 disalin ke tahun 2026" in response.content.decode()
    new = WorkPlan.objects.get(unit=plan.unit, year=2026)
    assert counts(new) == counts(plan)
    assert counts(new)[3] == 250
    assert not ProgressEntry.objects.filter(component__plan=new).exists()
    assert not Evidence.objects.filter(action__area__plan=new).exists()
    assert "2026" in new.title and "TAHUN 2025" not in new.title.upper()


def test_copy_to_a_year_that_has_a_plan_shows_plan_copys_refusal(
    sekre: Client, plan: WorkPlan
) -> None:
    sekre.post(
        reverse("transfer_copy_year", args=["kpu-kalbar"]), {"source_year": 2025, "year": 2026}
    )
    response = sekre.post(
        reverse("transfer_copy_year", args=["kpu-kalbar"]), {"source_year": 2025, "year": 2026}
    )
    assert response.status_code == 422
    assert (
        "KPU Provinsi Kalimantan Barat sudah memiliki rencana kerja tahun 2026."
        in response.content.decode()
    )
    assert WorkPlan.objects.filter(unit=plan.unit, year=2026).count() == 1


@pytest.mark.parametrize(
    ("year", "message"), [(2025, "Tahun tujuan harus berbeda"), (1999, "2000")]
)
def test_copy_to_a_bad_year_is_refused(
    sekre: Client, plan: WorkPlan, year: int, message: str
) -> None:
    response = sekre.post(
        reverse("transfer_copy_year", args=["kpu-kalbar"]), {"source_year": 2025, "year": year}
    )
    assert response.status_code == 422
    assert message in response.content.decode()


def test_the_province_copies_to_its_kab_kota(sekre: Client, plan: WorkPlan, sambas: Unit) -> None:
    response = sekre.post(
        reverse("transfer_copy_units", args=["kpu-kalbar"]),
        {"year": 2025, "units": ["kpu-bengkayang", "kpu-landak", "kpu-sambas"]},
        follow=True,
    )
    body = response.content.decode()
    assert "Rencana 2025 disalin ke" in body
    assert "Tidak disalin: KPU Kabupaten Sambas sudah memiliki rencana kerja tahun 2025." in body
    for slug in ("kpu-bengkayang", "kpu-landak"):
        copy = WorkPlan.objects.get(unit__slug=slug, year=2025)
        assert counts(copy) == counts(plan)
        assert copy.unit.name.upper() in copy.title
        assert "KALIMANTAN BARAT" not in copy.title
    assert WorkPlan.objects.filter(unit__slug="kpu-sambas").count() == 1


def test_all_fourteen_kab_kota_at_once(sekre: Client, plan: WorkPlan, province: Unit) -> None:
    children = list(province.children.exclude(slug="kpu-sambas").values_list("slug", flat=True))
    assert len(children) == 13
    sekre.post(
        reverse("transfer_copy_units", args=["kpu-kalbar"]), {"year": 2025, "units": children}
    )
    assert WorkPlan.objects.filter(unit__parent=province, year=2025).count() == 14


def test_only_children_can_be_chosen(sekre: Client, plan: WorkPlan) -> None:
    other = Unit.objects.create(
        name="KPU Provinsi Lain", short_name="KPU Lain", slug="kpu-lain", kind="provinsi", city="X"
    )
    response = sekre.post(
        reverse("transfer_copy_units", args=["kpu-kalbar"]), {"year": 2025, "units": ["kpu-lain"]}
    )
    assert response.status_code == 422
    assert not WorkPlan.objects.filter(unit=other).exists()


def test_a_kab_kota_sekretariat_copies_only_to_a_new_year_of_its_own_unit(
    client: Client, sambas: Unit, sambas_sekretariat: Any, plan: WorkPlan
) -> None:
    client.force_login(sambas_sekretariat)
    refused = client.post(
        reverse("transfer_copy_units", args=["kpu-sambas"]), {"year": 2025, "units": ["kpu-landak"]}
    )
    assert refused.status_code == 403
    assert (
        client.post(
            reverse("transfer_copy_units", args=["kpu-kalbar"]),
            {"year": 2025, "units": ["kpu-landak"]},
        ).status_code
        == 404
    )
    assert not WorkPlan.objects.filter(unit__slug="kpu-landak").exists()
    done = client.post(
        reverse("transfer_copy_year", args=["kpu-sambas"]), {"source_year": 2025, "year": 2026}
    )
    assert done.status_code == 302
    assert WorkPlan.objects.filter(unit=sambas, year=2026).exists()


@pytest.mark.parametrize(
    ("who", "status"), [("koordinator_own", 403), ("ketua", 403), ("koordinator_other_unit", 404)]
)
def test_others_cannot_copy(
    client: Client, plan: WorkPlan, people: dict, who: str, status: int
) -> None:
    client.force_login(people[who])
    assert (
        client.post(
            reverse("transfer_copy_year", args=["kpu-kalbar"]), {"source_year": 2025, "year": 2026}
        ).status_code
        == status
    )
    assert (
        client.post(
            reverse("transfer_copy_units", args=["kpu-kalbar"]),
            {"year": 2025, "units": ["kpu-landak"]},
        ).status_code
        == status
    )
    assert WorkPlan.objects.filter(year=2026).count() == 0
    assert not WorkPlan.objects.filter(unit__slug="kpu-landak").exists()


def test_the_page_shows_which_children_already_have_a_plan(
    sekre: Client, plan: WorkPlan, sambas: Unit
) -> None:
    body = sekre.get(reverse("transfer_home", args=["kpu-kalbar"])).content.decode()
    sambas_row = body.split('value="kpu-sambas"', 1)[1].split("</label>", 1)[0]
    assert "(rencana 2025)" in sambas_row
    landak_row = body.split('value="kpu-landak"', 1)[1].split("</label>", 1)[0]
    assert "rencana" not in landak_row
