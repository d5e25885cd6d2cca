"""The KPU RI Ketua in a real browser: national view → province → kab/kota → component."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from access.models import RoleAssignment, Unit
from areas.models import WorkPlan
from areas.services import plan_copy
from tests.factories import user_with_role
from tests.unit_tree_support import national_load

from .conftest import Portal


@pytest.mark.browser
def test_the_kpu_ri_ketua_drills_from_the_nation_to_a_kabkota_component(portal: Portal) -> None:
    pusat = national_load()
    plan_copy(
        source=WorkPlan.objects.get(unit__slug="kpu-kalbar", year=2025),
        unit=Unit.objects.get(slug="kpu-sambas"),
    )
    user_with_role("ketua-ri", pusat, RoleAssignment.Role.KETUA)
    page = portal.page
    portal.login("ketua-ri")
    expect(page).to_have_url(f"{portal.url}/satker/kpu-ri/provinsi/")
    expect(page.get_by_role("heading", name="Capaian nasional")).to_be_visible()
    expect(page.locator("[data-testid='province-table'] tbody tr")).to_have_count(39)
    expect(page.get_by_role("link", name="Nasional", exact=True)).to_be_visible()

    page.locator("tr[data-unit='kpu-kalbar'] [data-testid='drill-down']").click()
    expect(page.get_by_role("heading", name="Capaian se-provinsi")).to_be_visible()
    expect(page.get_by_test_id("level-up")).to_contain_text("KPU RI")
    expect(page.locator("[data-testid='province-table'] tbody tr")).to_have_count(15)

    page.locator("tr[data-unit='kpu-sambas'] a").first.click()
    expect(page).to_have_url(f"{portal.url}/satker/kpu-sambas/dasbor/?tahun=2025")
    expect(page.get_by_role("heading", name="Dasbor Zona Integritas")).to_be_visible()
    page.locator("a[data-area='manajemen_perubahan']").click()
    expect(page.get_by_role("heading", name="Area I – Manajemen Perubahan")).to_be_visible()
    page.get_by_role("link", name="Tim Kerja", exact=True).first.click()
    expect(page.get_by_role("heading", name="Tim Kerja")).to_be_visible()
    expect(page.get_by_test_id("component-months").locator("tbody tr")).to_have_count(12)
