"""A row save whose database connection drops after the commit: the page shows the
notice before the row, keeps the row as typed, and is not reloaded."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from targets import views as target_views
from targets.models import ProgressEntry
from tests.test_db_unavailable import drop_connection

from .conftest import Portal
from .test_coordinator_flow import COMPONENT, MONTH, YEAR, save_row


@pytest.mark.browser
def test_the_row_shows_that_the_save_may_or_may_not_have_gone_through(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = target_views.KINDS["komponen"]

    def saved_then_dropped(*args: Any, save: Callable = kind.save) -> Any:
        row = save(*args)
        drop_connection()
        return row

    monkeypatch.setitem(
        target_views.KINDS, "komponen", dataclasses.replace(kind, save=saved_then_dropped)
    )
    page = portal.page
    portal.login("koordinator1")
    page.goto(f"{portal.url}/satker/kpu-kalbar/progres/?tahun={YEAR}&bulan={MONTH}")
    card = page.locator(f'[data-component="{COMPONENT}"]')
    form = page.locator("#" + (card.locator("form.component-form").get_attribute("id") or ""))
    page.evaluate("window.__marker = 1")
    save_row(portal, form, "55", expected_status=503)
    notice = card.locator("[data-db-unavailable]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("mungkin sudah tersimpan, mungkin juga belum")
    expect(form.get_by_label("Realisasi (%)")).to_have_value("55")
    assert page.evaluate("window.__marker") == 1
    assert ProgressEntry.objects.get(component__name=COMPONENT, month=MONTH).percent == 55
