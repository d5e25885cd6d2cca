"""Every view × every role × own/other area × own/other unit gets the right answer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from evidence.models import Evidence, EvidenceFile
from evidence.services import evidence_submit
from tests.factories import PDF_BYTES, upload

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
]


@dataclass
class World:
    unit: Unit
    component: Component
    action: ActionItem
    evidence: Evidence
    file: EvidenceFile


@pytest.fixture
def world(people: dict, plan: WorkPlan, province: Unit) -> World:
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    action = (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )
    version = evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("sk.pdf", PDF_BYTES)]
    )
    return World(province, component, action, version.evidence, version.files.get())


def request(client: Client, method: str, url: str, data: dict | None = None, **extra: str) -> int:
    if method == "GET":
        return client.get(url, **extra).status_code
    return client.post(url, data or {}, **extra).status_code


def login(client: Client, people: dict, role: str) -> None:
    if role != "anonymous":
        client.force_login(people[role])


# (name, method, url builder, form data builder, expected per role in ROLES order)
R200 = [302, 200, 200, 200, 200, 200, 404, 404, 200]
WRITE_OWN_AREA = [302, 200, 403, 403, 403, 403, 404, 404, 200]

CASES = [
    ("home", "GET", lambda w: reverse("home"), None, [302] * 9),  # each role's start page
    (
        "dashboard",
        "GET",
        lambda w: reverse("dashboard", args=[w.unit.slug]) + "?tahun=2025",
        None,
        R200,
    ),
    (
        "area_detail",
        "GET",
        lambda w: reverse("area_detail", args=[w.unit.slug, 2025, "sdm"]),
        None,
        R200,
    ),
    (
        "component_detail",
        "GET",
        lambda w: reverse("component_detail", args=[w.unit.slug, 2025, w.component.pk]),
        None,
        R200,
    ),
    (
        "province",
        "GET",
        lambda w: reverse("province", args=[w.unit.slug]) + "?tahun=2025",
        None,
        [302, 403, 403, 200, 403, 200, 404, 404, 200],  # Ketua and TPI read the units below
    ),
    (
        "progress_month",
        "GET",
        lambda w: reverse("progress_month", args=[w.unit.slug]) + "?tahun=2025&bulan=4",
        None,
        R200,
    ),
    (
        "progress_save",
        "POST",
        lambda w: reverse("progress_save", args=[w.unit.slug, 2025, 4, w.component.pk]),
        lambda w: {f"c{w.component.pk}-percent": "50", f"c{w.component.pk}-version": "0"},
        WRITE_OWN_AREA,
    ),
    (
        "action_status_save",
        "POST",
        lambda w: reverse("action_status_save", args=[w.unit.slug, 2025, 4, w.action.pk]),
        lambda w: {f"a{w.action.pk}-status": "berjalan", f"a{w.action.pk}-version": "0"},
        WRITE_OWN_AREA,
    ),
    (
        "entry_history",
        "GET",
        lambda w: reverse("entry_history", args=[w.unit.slug, 2025, 4, w.component.pk]),
        None,
        R200,
    ),
    (
        "action_history",
        "GET",
        lambda w: reverse("action_history", args=[w.unit.slug, 2025, 4, w.action.pk]),
        None,
        R200,
    ),
    ("month_locks", "GET", lambda w: reverse("month_locks", args=[w.unit.slug, 2025]), None, R200),
    (
        "month_locks_lock",
        "POST",
        lambda w: reverse("month_locks", args=[w.unit.slug, 2025]),
        lambda w: {"op": "lock", "month": "2"},
        [302, 403, 403, 403, 302, 403, 404, 404, 302],
    ),
    (
        "lock_history",
        "GET",
        lambda w: reverse("lock_history", args=[w.unit.slug, 2025]),
        None,
        R200,
    ),
    (
        "evidence_list",
        "GET",
        lambda w: reverse("evidence_list", args=[w.unit.slug, 2025]),
        None,
        R200,
    ),
    (
        "evidence_action",
        "GET",
        lambda w: reverse("evidence_action", args=[w.unit.slug, 2025, 4, w.action.pk]),
        None,
        R200,
    ),
    (
        "evidence_upload",
        "POST",
        lambda w: reverse("evidence_action", args=[w.unit.slug, 2025, 4, w.action.pk]),
        lambda w: {"files": upload("revisi.pdf", PDF_BYTES)},
        [302, 302, 403, 403, 403, 403, 404, 404, 302],
    ),
    (
        "evidence_review",
        "POST",
        lambda w: reverse("evidence_review", args=[w.unit.slug, w.evidence.pk]),
        lambda w: {"decision": "diterima", "version_number": "1"},
        [302, 403, 403, 403, 403, 302, 404, 404, 302],
    ),
    (
        "evidence_history",
        "GET",
        lambda w: reverse("evidence_history", args=[w.unit.slug, w.evidence.pk]),
        None,
        R200,
    ),
    (
        "evidence_download",
        "GET",
        lambda w: reverse("evidence_download", args=[w.unit.slug, w.file.pk]),
        None,
        R200,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_permission_matrix(
    client: Client,
    people: dict,
    world: World,
    role: str,
    name: str,
    method: str,
    url,
    data,
    expected: list[int],
) -> None:
    login(client, people, role)
    target = url(world)
    status = request(client, method, target, data(world) if data else None, HTTP_HX_REQUEST="true")
    want = expected[ROLES.index(role)]
    assert status == want, f"{name} as {role}: {status}, expected {want}"
    if want == 302 and role == "anonymous":
        response = client.get(target) if method == "GET" else client.post(target)
        assert response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("koordinator_own", "/satker/kpu-kalbar/progres/"),
        ("ketua", "/satker/kpu-kalbar/dasbor/"),
        ("tpi", "/satker/kpu-kalbar/dasbor/"),
        ("ketua_other_unit", "/satker/kpu-sambas/dasbor/"),
        ("admin", "/satker/kpu-kalbar/dasbor/"),
    ],
)
def test_home_leads_each_role_to_its_start_page(
    client: Client, people: dict, role: str, start: str
) -> None:
    client.force_login(people[role])
    assert client.get(reverse("home"))["Location"] == start


def test_public_pages_need_no_login(client: Client, world: World) -> None:
    assert client.get(reverse("public_index")).status_code == 200
    assert client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).status_code == 200


def test_the_province_ketua_reads_a_kabkota_but_its_coordinator_does_not(
    client: Client, people: dict, sambas: Unit
) -> None:
    url = reverse("progress_month", args=[sambas.slug]) + "?tahun=2025&bulan=4"
    client.force_login(people["ketua"])
    assert client.get(url).status_code == 200
    client.force_login(people["koordinator_own"])
    assert client.get(url).status_code == 404
    client.force_login(people["sekretariat"])
    assert client.get(url).status_code == 404


def test_ids_of_another_unit_are_not_reachable_through_ones_own_unit(
    client: Client, people: dict, world: World, sambas: Unit
) -> None:
    """Changing an id in the URL to another unit's object gives 404, never the object."""
    other_component = Component.objects.get(plan__unit=sambas, name="Tim Kerja")
    other_action = (
        ActionItem.objects.filter(area__plan__unit=sambas).order_by("area__order", "order").first()
    )
    sambas_k = people["koordinator_other_unit"]
    other_version = evidence_submit(
        user=sambas_k, action=other_action, month=4, files=[upload("x.pdf", PDF_BYTES)]
    )
    client.force_login(people["koordinator_own"])
    slug = world.unit.slug
    assert (
        client.post(
            reverse("progress_save", args=[slug, 2025, 4, other_component.pk]),
            {f"c{other_component.pk}-percent": "50", f"c{other_component.pk}-version": "0"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("action_status_save", args=[slug, 2025, 4, other_action.pk]),
            {f"a{other_action.pk}-status": "selesai", f"a{other_action.pk}-version": "0"},
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("evidence_download", args=[slug, other_version.files.get().pk])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("evidence_history", args=[slug, other_version.evidence.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("evidence_action", args=[slug, 2025, 4, other_action.pk])).status_code
        == 404
    )
    client.force_login(people["tpi"])
    assert (
        client.post(
            reverse("evidence_review", args=[slug, other_version.evidence.pk]),
            {"decision": "diterima", "version_number": "1"},
        ).status_code
        == 404
    )
    other_version.evidence.refresh_from_db()
    assert other_version.evidence.status == "diunggah"


def test_a_coordinator_sees_only_their_areas_others_read_all(
    client: Client, people: dict, province: Unit
) -> None:
    url = reverse("progress_month", args=[province.slug]) + "?tahun=2025&bulan=4"
    client.force_login(people["koordinator_own"])
    body = client.get(url).content.decode()
    assert 'id="area-manajemen_perubahan"' in body
    assert 'id="area-tatalaksana"' not in body
    assert body.count('class="component-form"') == 4
    client.force_login(people["ketua"])
    body = client.get(url).content.decode()
    assert body.count("<section") == 6
    assert 'class="component-form"' not in body
