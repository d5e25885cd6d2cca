"""The Ketua's dashboard in a real browser: charts drawn, drill-down to an area and a component."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from areas.models import Component
from targets.models import ProgressEntry

from .conftest import Portal


@pytest.mark.browser
def test_ketua_sees_the_dashboard_with_charts_and_drills_down(portal: Portal) -> None:
    k1 = portal.users["koordinator1"]
    for component in Component.objects.filter(
        plan__unit__slug="kpu-kalbar", area__code="manajemen_perubahan"
    ):
        for month in (1, 2, 3):
            ProgressEntry.objects.create(
                component=component, month=month, percent=Decimal(60), updated_by=k1
            )
    page = portal.page
    portal.login("ketua")
    # the Ketua's home page is the dashboard
    expect(page).to_have_url(f"{portal.url}/satker/kpu-kalbar/dasbor/")
    expect(page.get_by_role("heading", name="Dasbor Zona Integritas")).to_be_visible()
    expect(page.get_by_test_id("overall")).to_contain_text("%")

    charts = page.locator("[data-chart] svg")
    expect(charts).to_have_count(6)
    for i in range(6):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, (
            f"chart {i} not drawn ({portal.screenshot})"
        )
        # each chart has both lines with points
        assert charts.nth(i).locator("polyline").count() >= 1
    area_one = page.locator(
        "[data-chart='manajemen_perubahan'] polyline[data-series='Realisasi kumulatif']"
    )
    expect(area_one).to_have_count(1)
    assert page.locator("[data-chart='manajemen_perubahan'] circle").count() > 12

    heat = page.get_by_test_id("heatmap")
    expect(heat.locator("td[data-state='behind']").first).to_be_visible()
    expect(heat.locator("td[data-state='missing']").first).to_be_visible()

    page.locator("a[data-area='manajemen_perubahan']").click()
    expect(page.get_by_role("heading", name="Area I – Manajemen Perubahan")).to_be_visible()
    expect(page.locator("[data-chart] svg")).to_have_count(1)
    page.get_by_role("link", name="Tim Kerja", exact=True).first.click()
    expect(page.get_by_role("heading", name="Tim Kerja")).to_be_visible()
    months = page.get_by_test_id("component-months")
    expect(months.locator("tbody tr")).to_have_count(12)
    expect(months).to_contain_text("tidak ada target")
    expect(months).to_contain_text("60%")


@pytest.mark.browser
def test_ketua_chooses_a_month_and_reads_what_is_behind_now_and_what_caught_up(
    portal: Portal,
) -> None:
    k1 = portal.users["koordinator1"]
    for component in Component.objects.filter(
        plan__unit__slug="kpu-kalbar", area__code="manajemen_perubahan"
    ):
        for month in (1, 2, 3, 4, 5):
            # Pemantauan fell behind in March and caught up in April; May comes later
            late = component.name.startswith("Pemantauan") and month == 3
            ProgressEntry.objects.create(
                component=component,
                month=month,
                percent=Decimal(0 if late else 100),
                updated_by=k1,
            )
    page = portal.page
    portal.login("ketua")
    page.get_by_label("Tahun").select_option("2025")
    page.get_by_label("Keadaan per bulan").select_option(label="Akhir April")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("as-of")).to_contain_text("keadaan akhir April 2025")
    card = page.locator("a[data-area='manajemen_perubahan']")
    expect(card).to_contain_text("1 komponen sempat tertinggal, kini sesuai target")
    expect(card).not_to_contain_text("semua")
    expect(page.get_by_test_id("caught-up")).to_contain_text(
        "tertinggal pada Maret, sudah mengejar"
    )
    # the heatmap stops at April: May's entries are not shown in this view
    heat = page.get_by_test_id("heatmap")
    expect(heat.locator("td[data-state='future']").first).to_be_visible()
