"""C8: on a 390 px phone the province chart is legible with every table column on screen,
and the heatmap keeps the component names in view while the months scroll."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from access.models import Unit
from areas.models import Component, WorkPlan
from areas.services import plan_copy
from targets.models import ProgressEntry

from .conftest import RESULTS_DIR, Portal

PHONE = {"width": 390, "height": 844}


def _fill(plan: WorkPlan, user: object, percent: int) -> None:
    ProgressEntry.objects.bulk_create(
        ProgressEntry(component=c, month=m, percent=Decimal(percent), updated_by=user)
        for c in Component.objects.filter(plan=plan, area__isnull=False)
        for m in (1, 2, 3)
    )


@pytest.mark.browser
def test_the_province_view_fits_a_phone_with_a_legible_chart(portal: Portal) -> None:
    province = WorkPlan.objects.get(unit__slug="kpu-kalbar", year=2025)
    _fill(province, portal.users["koordinator1"], 70)
    for n, unit in enumerate(Unit.objects.filter(parent=province.unit).order_by("order")[:4]):
        _fill(plan_copy(source=province, unit=unit), portal.users["koordinator1"], 20 + 15 * n)
    page = portal.page
    portal.login("ketua")  # the menu folds on a phone: sign in first
    page.set_viewport_size(PHONE)
    page.goto(f"{portal.url}/satker/kpu-kalbar/provinsi/?tahun=2025")
    expect(page.get_by_test_id("province-table")).to_be_visible()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / "phone-province.png"), full_page=True)
    # nothing wider than the screen: the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # every column header shown is on screen; on a phone the TPI's worklist column (waiting
    # for review) folds away, the achievement of the whole area below each unit stays
    table = page.get_by_test_id("province-table")
    expect(table.locator("thead th", has_text="Tunggu reviu")).to_be_hidden()
    expect(table.locator("thead th", has_text="Se-wilayah")).to_be_visible()
    for header in table.locator("thead th:visible").all():
        box = header.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (
            header.inner_text(),
            box,
        )
    # the chart's labels are drawn at 10 px or more, whole and inside the chart
    chart = page.locator("[data-chart='province'] svg")
    chart_box = chart.bounding_box()
    labels = chart.locator("text")
    assert labels.count() > 5
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box["height"] >= 10, (labels.nth(i).inner_html(), box)
        assert box["x"] >= chart_box["x"] - 0.5
        assert box["x"] + box["width"] <= chart_box["x"] + chart_box["width"] + 0.5


@pytest.mark.browser
def test_the_heatmap_keeps_the_component_names_while_scrolling(portal: Portal) -> None:
    province = WorkPlan.objects.get(unit__slug="kpu-kalbar", year=2025)
    _fill(province, portal.users["koordinator1"], 60)
    page = portal.page
    portal.login("ketua")  # the menu folds on a phone: sign in first
    page.set_viewport_size(PHONE)
    page.reload()
    heatmap = page.get_by_test_id("heatmap")
    expect(heatmap).to_be_visible()
    scroller = heatmap.locator("xpath=..")
    name = heatmap.get_by_role("link", name="Tim Kerja", exact=True)
    before = name.bounding_box()
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth"), "the months fit: no scroll"
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    page.wait_for_timeout(100)
    after = name.bounding_box()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / "phone-heatmap.png"), full_page=True)
    assert after["x"] == pytest.approx(before["x"], abs=3), (before, after)  # border-spacing
    assert after["x"] >= 0
    # so does the area's heading above its components
    heading = heatmap.locator("tr.area-row .area-label").first
    assert heading.bounding_box()["x"] >= 0
    assert heading.bounding_box()["x"] == pytest.approx(after["x"], abs=8)
    # the last month's column has scrolled into view beside it
    december = heatmap.locator("thead th").last
    assert december.bounding_box()["x"] + december.bounding_box()["width"] <= PHONE["width"]
