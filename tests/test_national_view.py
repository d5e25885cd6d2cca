"""The overview of a unit and the units below it (dashboards.views.province) at every
level: KPU RI beside its 38 provinces, a province beside its kab/kota; who may open it; its
rollups; its queries do not grow with the number of units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import RoleAssignment, Unit
from areas.models import Component, WorkPlan
from targets.models import ProgressEntry
from tests.factories import user_with_role
from tests.unit_tree_support import national_fill, national_load

Role = RoleAssignment.Role


@pytest.fixture
def pusat(province: Unit) -> Unit:
    return national_load()


def _url(slug: str) -> str:
    return reverse("province", args=[slug]) + "?tahun=2025"


def test_the_kpu_ri_ketua_starts_at_the_national_view_of_38_provinces(
    client: Client, pusat: Unit, sambas: Unit
) -> None:
    client.force_login(user_with_role("ri-ketua", pusat, Role.KETUA))
    response = client.get(reverse("home"))
    assert response.url == reverse("province", args=["kpu-ri"])
    body = client.get(_url("kpu-ri")).content.decode()
    assert "Capaian nasional" in body
    assert body.count("data-unit=") == 39  # KPU RI and its 38 provinces
    assert body.index('data-unit="kpu-ri"') < body.index('data-unit="kpu-kalbar"')
    # Kalimantan Barat drills down to its kab/kota; its name opens its dashboard
    assert f'href="{_url("kpu-kalbar")}" data-testid="drill-down"' in body
    assert "14 satuan kerja di bawahnya" in body
    assert reverse("dashboard", args=["kpu-kalbar"]) in body
    assert reverse("dashboard", args=["kpu-aceh"]) not in body  # no plan: no dead link
    assert 'href="' + reverse("province", args=["kpu-ri"]) + '">Nasional</a>' in body


def test_a_province_row_rolls_up_its_kabkota(
    client: Client, pusat: Unit, plan: WorkPlan, sambas: Unit, people: dict
) -> None:
    for unit, percent in ((plan.unit, 100), (sambas, 0)):
        for c in Component.objects.filter(plan__unit=unit, plan__year=2025, area__isnull=False):
            ProgressEntry.objects.create(
                component=c, month=1, percent=Decimal(percent), updated_by=people["admin"]
            )
    client.force_login(user_with_role("ri-ketua", pusat, Role.KETUA))
    response = client.get(_url("kpu-ri") + "&bulan=12")
    rows = {row[0].unit.slug: row[0] for row in response.context["rows"]}
    kalbar = rows["kpu-kalbar"]
    assert kalbar.below == 14
    own, rollup = kalbar.own, kalbar.rollup
    assert own.target_sum is not None and rollup.target_sum == own.target_sum * 2
    assert rollup.achieved_sum == own.achieved_sum  # Sambas achieved nothing
    assert rows["kpu-ri"].rollup.target_sum == rollup.target_sum


@pytest.mark.parametrize("who", ["ri-ketua", "ri-tpi"])
def test_kpu_ri_reads_a_kabkota_of_a_province_and_its_component(
    client: Client, pusat: Unit, sambas: Unit, who: str
) -> None:
    role = Role.KETUA if who == "ri-ketua" else Role.TPI
    client.force_login(user_with_role(who, pusat, role))
    assert client.get(_url("kpu-kalbar")).status_code == 200
    component = Component.objects.filter(plan__unit=sambas, area__isnull=False).first()
    url = reverse("component_detail", args=["kpu-sambas", 2025, component.pk])
    assert client.get(url).status_code == 200


def test_the_province_view_links_up_to_the_national_view_for_kpu_ri_only(
    client: Client, pusat: Unit, people: dict
) -> None:
    client.force_login(user_with_role("ri-ketua", pusat, Role.KETUA))
    assert 'data-testid="level-up"' in client.get(_url("kpu-kalbar")).content.decode()
    client.force_login(people["ketua"])
    body = client.get(_url("kpu-kalbar")).content.decode()
    assert 'data-testid="level-up"' not in body
    assert client.get(_url("kpu-ri")).status_code == 404  # not theirs to read


def test_who_opens_the_national_view(client: Client, pusat: Unit, people: dict) -> None:
    expected = {Role.KETUA: 200, Role.TPI: 200, Role.SEKRETARIAT: 403, Role.KOORDINATOR: 403}
    for role, status in expected.items():
        codes = ["sdm"] if role == Role.KOORDINATOR else []
        client.force_login(user_with_role(f"ri-{role}", pusat, role, codes))
        assert client.get(_url("kpu-ri")).status_code == status, role
    client.force_login(people["admin"])
    assert client.get(_url("kpu-ri")).status_code == 200
    client.force_login(people["ketua_other_unit"])
    assert client.get(_url("kpu-ri")).status_code == 404
    client.force_login(user_with_role("ri-ketua-2", pusat, Role.KETUA))
    assert client.get(_url("kpu-sambas")).status_code == 404  # a kab/kota has none below


def test_the_national_view_runs_the_same_queries_for_39_and_553_units(
    client: Client, pusat: Unit, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user_with_role("ri-ketua", pusat, Role.KETUA))
    client.get(_url("kpu-ri"))
    counts = []
    for fill in (False, True):
        if fill:
            national_fill()
        with CaptureQueriesContext(connection) as small:
            assert client.get(_url("kpu-ri")).status_code == 200
            assert client.get(_url("kpu-kalbar")).status_code == 200
        counts.append(len(small.captured_queries))
    assert Unit.objects.count() == 553
    # the second run reads the tree again (the fill moved its version): one query more
    assert counts[1] == counts[0] + 1
    with django_assert_num_queries(counts[0]):
        assert client.get(_url("kpu-ri")).status_code == 200
        assert client.get(_url("kpu-kalbar")).status_code == 200


def test_a_unit_without_a_plan_offers_no_dashboard_or_progress_link(
    client: Client, pusat: Unit
) -> None:
    client.force_login(user_with_role("ri-ketua", pusat, Role.KETUA))
    body = client.get(_url("kpu-ri")).content.decode()
    # KPU RI has no plan of its own: its dashboard and progress page would answer 404
    assert reverse("dashboard", args=["kpu-ri"]) + '"' not in body
    assert reverse("progress_month", args=["kpu-ri"]) not in body
    assert client.get(reverse("dashboard", args=["kpu-ri"])).status_code == 404
