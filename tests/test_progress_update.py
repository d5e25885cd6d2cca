"""targets.services.progress_update and action_status_update: rules and audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from areas.services import plan_copy
from common.dates import today
from common.db import StaleVersionError
from periods.services import month_lock
from targets.models import ActionItemStatus, ProgressEntry
from targets.services import action_status_update, progress_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def tim_kerja(plan: WorkPlan) -> Component:
    return Component.objects.get(plan=plan, name="Tim Kerja")


def test_it_creates_an_entry_with_who_and_version(people: dict, tim_kerja: Component) -> None:
    k1 = people["koordinator_own"]
    entry = progress_update(
        user=k1,
        component=tim_kerja,
        month=4,
        percent=Decimal("62.5"),
        activities=" Rapat ",
        version=0,
    )
    entry.refresh_from_db()
    assert (entry.percent, entry.activities, entry.version, entry.updated_by) == (
        Decimal("62.50"),
        "Rapat",
        1,
        k1,
    )


def test_it_refuses_other_areas_coordinator(people: dict, tim_kerja: Component) -> None:
    with pytest.raises(PermissionDenied):
        progress_update(
            user=people["koordinator_other_area"], component=tim_kerja, month=4, percent=Decimal(50)
        )
    assert not ProgressEntry.objects.filter(component=tim_kerja).exists()


@pytest.mark.parametrize("role", ["ketua", "sekretariat", "tpi", "koordinator_other_unit"])
def test_it_refuses_readers_and_other_units(people: dict, tim_kerja: Component, role: str) -> None:
    with pytest.raises(PermissionDenied):
        progress_update(user=people[role], component=tim_kerja, month=4, percent=Decimal(50))


@pytest.mark.parametrize("percent", [Decimal("120"), Decimal("-1")])
def test_it_refuses_a_percent_outside_0_100(
    people: dict, tim_kerja: Component, percent: Decimal
) -> None:
    with pytest.raises(ValidationError) as caught:
        progress_update(
            user=people["koordinator_own"], component=tim_kerja, month=4, percent=percent
        )
    assert "percent" in caught.value.message_dict
    assert not ProgressEntry.objects.filter(component=tim_kerja).exists()


def test_it_refuses_a_locked_month(people: dict, tim_kerja: Component, province: Unit) -> None:
    month_lock(user=people["sekretariat"], unit=province, year=2025, month=3)
    with pytest.raises(ValidationError) as caught:
        progress_update(
            user=people["koordinator_own"], component=tim_kerja, month=3, percent=Decimal(50)
        )
    assert "sudah dikunci" in caught.value.message_dict["month"][0]
    assert not ProgressEntry.objects.filter(component=tim_kerja).exists()


def next_month() -> tuple[int, int]:
    t = today()
    return (t.year, t.month + 1) if t.month < 12 else (t.year + 1, 1)


def test_it_refuses_a_month_that_has_not_begun(
    people: dict, plan: WorkPlan, province: Unit
) -> None:
    year, month = next_month()
    future_plan = plan_copy(source=plan, unit=province, year=year)
    component = Component.objects.get(plan=future_plan, name="Tim Kerja")
    with pytest.raises(ValidationError) as caught:
        progress_update(
            user=people["koordinator_own"], component=component, month=month, percent=Decimal(50)
        )
    assert "belum dimulai" in caught.value.message_dict["month"][0]
    assert not ProgressEntry.objects.filter(component=component).exists()


def test_the_current_month_is_open(people: dict, plan: WorkPlan, province: Unit) -> None:
    t = today()
    current = plan if t.year == 2025 else plan_copy(source=plan, unit=province, year=t.year)
    component = Component.objects.get(plan=current, name="Tim Kerja")
    entry = progress_update(
        user=people["koordinator_own"], component=component, month=t.month, percent=Decimal(10)
    )
    assert entry.pk


def test_a_stale_version_is_refused_and_the_first_value_stays(
    people: dict, tim_kerja: Component
) -> None:
    k1 = people["koordinator_own"]
    colleague = people["koordinator_other_area"]
    colleague.roles.update(area_codes=["manajemen_perubahan"])
    colleague.first_name, colleague.last_name = "Siti", "Aminah"
    colleague.save(update_fields=["first_name", "last_name"])
    # both loaded the empty row (version 0); the colleague saves first
    progress_update(user=colleague, component=tim_kerja, month=5, percent=Decimal(40), version=0)
    with pytest.raises(StaleVersionError) as caught:
        progress_update(user=k1, component=tim_kerja, month=5, percent=Decimal(90), version=0)
    message = caught.value.messages[0]
    assert message.startswith("Data ini telah diubah oleh Siti Aminah pada ")
    assert "muat ulang" in message
    entry = ProgressEntry.objects.get(component=tim_kerja, month=5)
    assert (entry.percent, entry.updated_by, entry.version) == (Decimal("40.00"), colleague, 1)
    # with the current version the save goes through
    progress_update(user=k1, component=tim_kerja, month=5, percent=Decimal(90), version=1)
    assert ProgressEntry.objects.get(component=tim_kerja, month=5).version == 2


def test_every_change_is_in_the_audit_trail_with_old_and_new_values(
    people: dict, tim_kerja: Component
) -> None:
    k1 = people["koordinator_own"]
    progress_update(user=k1, component=tim_kerja, month=6, percent=Decimal(20), version=0)
    progress_update(user=k1, component=tim_kerja, month=6, percent=Decimal(30), version=1)
    records = list(
        ProgressEntry.history.filter(component_id=tim_kerja.pk, month=6).order_by("history_date")
    )
    assert [r.history_type for r in records] == ["+", "~"]
    assert [r.history_user for r in records] == [k1, k1]
    delta = records[1].diff_against(records[0])
    percent_change = next(c for c in delta.changes if c.field == "percent")
    assert (percent_change.old, percent_change.new) == (Decimal("20.00"), Decimal("30.00"))


def test_action_status_is_saved_per_month_with_version(people: dict, plan: WorkPlan) -> None:
    action = (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )
    k1 = people["koordinator_own"]
    row = action_status_update(
        user=k1, action=action, month=4, status="berjalan", note="SK dalam proses", version=0
    )
    assert (row.status, row.version) == ("berjalan", 1)
    with pytest.raises(StaleVersionError):
        action_status_update(user=k1, action=action, month=4, status="selesai", version=0)
    assert ActionItemStatus.objects.get(action=action, month=4).status == "berjalan"
    with pytest.raises(PermissionDenied):
        action_status_update(user=people["tpi"], action=action, month=4, status="selesai")


def test_today_is_in_the_portals_time_zone() -> None:
    assert isinstance(today(), datetime.date)
