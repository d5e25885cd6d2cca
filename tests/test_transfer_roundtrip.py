"""A file exported from the portal imports back without a change; big files are all or nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from areas.models import ActionItem, Area, AreaTarget, Component, MonthlyTarget, WorkPlan
from targets.models import ProgressEntry
from tests.test_transfer_support import (
    PROGRESS_HEADERS,
    confirm,
    csv_file,
    entry,
    export,
    read_xlsx,
    upload_file,
    xlsx_file,
)
from transfer import services as transfer
from transfer.choices import ImportDataset as Dataset
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


AUDITED = (ProgressEntry, MonthlyTarget, Area, AreaTarget, ActionItem, Component)


def snapshot(plan: WorkPlan) -> dict[str, Any]:
    """Every value an import could touch, and how many history rows there are."""
    return {
        "entries": list(
            ProgressEntry.objects.filter(component__plan=plan)
            .order_by("component_id", "month")
            .values()
        ),
        "targets": list(MonthlyTarget.objects.filter(component__plan=plan).order_by("id").values()),
        "areas": list(Area.objects.filter(plan=plan).order_by("id").values()),
        "area_targets": list(AreaTarget.objects.filter(area__plan=plan).order_by("id").values()),
        "actions": list(ActionItem.objects.filter(area__plan=plan).order_by("id").values()),
        "history": [m.history.count() for m in AUDITED],
    }


@pytest.fixture
def rich_plan(plan: WorkPlan, people: dict) -> WorkPlan:
    """Progress with every awkward value: formulas, line breaks, decimals, internal notes."""
    k1 = people["koordinator_own"]
    entry(
        plan,
        "Tim Kerja",
        4,
        "62.5",
        k1,
        activities="=SUM(A1:A9)\r\nbaris dua",
        obstacles="-",
        is_internal=True,
    )
    entry(
        plan,
        "Tim Kerja",
        5,
        "100",
        k1,
        activities="+62 811 (telepon)",
        follow_up="@tim – “kutipan”",
    )
    entry(plan, "Dokumen Rencana Pembangunan ZI", 1, "0", k1, activities="'=tetap teks'")
    entry(
        plan,
        "Pemantauan dan Evaluasi Pembangunan WBK/WBBM",
        12,
        "33.33",
        k1,
        obstacles="\tTab di depan",
    )
    target = MonthlyTarget.objects.get(component__plan=plan, component__name="Tim Kerja", month=4)
    target.percent = Decimal("62.5")
    target.save()
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    action.text = "- butir dengan tanda hubung = di depan"
    action.save()
    return plan


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("dataset", ["progres", "target", "rencana"])
def test_export_then_import_changes_nothing(
    sekre: Client, rich_plan: WorkPlan, people: dict, dataset: str, fmt: str
) -> None:
    content = export(sekre, dataset, fmt)
    before = snapshot(rich_plan)
    preview = upload_file(sekre, content, dataset=dataset, name=f"ekspor.{fmt}")
    result = preview.context["result"]
    assert result.ok, result.messages()
    assert not result.changed
    assert result.created == result.updated == 0
    assert 'data-testid="no-change"' in preview.content.decode()
    done = confirm(sekre, preview)
    assert done.status_code == 200
    assert snapshot(rich_plan) == before  # no new rows, no changed values, no history rows
    record = ImportRecord.objects.get()
    assert record.rows_total == record.rows_unchanged == len(result.rows) > 20
    assert (record.rows_created, record.rows_updated) == (0, 0)


def test_an_export_edited_in_a_spreadsheet_imports_only_the_edit(
    sekre: Client, rich_plan: WorkPlan, people: dict
) -> None:
    rows = read_xlsx(export(sekre, "progres", "xlsx"))
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    for r in rows[1:]:
        if r[col["Komponen"]] == "Tim Kerja" and r[col["Bulan"]] == 5:
            r[col["Realisasi (%)"]] = 90
            r[col["Kendala"]] = "Hujan"
        if r[col["Komponen"]] == "Tim Kerja" and r[col["Bulan"]] == 6:
            r[col["Realisasi (%)"]] = "40,5"
    result = transfer.data_import(
        dataset=Dataset.PROGRESS,
        user=people["sekretariat"],
        unit=rich_plan.unit,
        year=2025,
        content=xlsx_file(rows),
        file_name="edit.xlsx",
        dry_run=False,
    )
    assert result.ok, result.messages()
    assert (result.created, result.updated) == (1, 1)
    may = ProgressEntry.objects.get(component__name="Tim Kerja", component__plan=rich_plan, month=5)
    assert (may.percent, may.obstacles, may.activities, may.version) == (
        Decimal("90.00"),
        "Hujan",
        "+62 811 (telepon)",
        2,
    )
    april = ProgressEntry.objects.get(
        component__name="Tim Kerja", component__plan=rich_plan, month=4
    )
    assert april.version == 1 and april.activities == "=SUM(A1:A9)\r\nbaris dua"


@pytest.fixture
def big_plan(plan: WorkPlan) -> WorkPlan:
    """The plan with 250 more components in area I: 273 × 12 = 3,276 progress cells."""
    area = Area.objects.get(plan=plan, code="manajemen_perubahan")
    start = Component.objects.filter(plan=plan, area=area).count() + 1
    Component.objects.bulk_create(
        Component(
            plan=plan, kind="pengungkit", area=area, order=start + i, name=f"Komponen Uji {i:03d}"
        )
        for i in range(250)
    )
    return plan


def big_rows(plan: WorkPlan) -> list[list[Any]]:
    rows = []
    for c in (
        Component.objects.filter(plan=plan, kind="pengungkit")
        .select_related("area")
        .order_by("area__order", "order")
    ):
        for month in range(1, 13):
            rows.append(
                [
                    c.area.name,
                    c.name,
                    month,
                    f"{(c.pk + month) % 100},5",
                    f"Kegiatan {c.pk}-{month}",
                ]
            )
    return rows


def test_one_bad_row_in_thousands_writes_nothing(big_plan: WorkPlan, people: dict) -> None:
    rows = big_rows(big_plan)
    assert len(rows) == 3276
    rows[1500][3] = "101"
    content = csv_file([PROGRESS_HEADERS, *rows])
    result = transfer.data_import(
        dataset=Dataset.PROGRESS,
        user=people["sekretariat"],
        unit=big_plan.unit,
        year=2025,
        content=content,
        file_name="besar.csv",
        dry_run=False,
    )
    assert not result.ok
    assert result.messages() == [
        "Baris 1502, kolom D (Realisasi (%)): Persentase tidak boleh lebih dari 100 (101)."
    ]
    assert result.created == 3275  # every other row was checked and would have been created …
    assert not ProgressEntry.objects.exists()  # … but none was written
    assert ProgressEntry.history.count() == 0
    assert not ImportRecord.objects.exists()


def test_an_xlsx_with_thousands_of_rows_is_imported_in_one_go(
    big_plan: WorkPlan, people: dict
) -> None:
    content = xlsx_file([PROGRESS_HEADERS, *big_rows(big_plan)])
    result = transfer.data_import(
        dataset=Dataset.PROGRESS,
        user=people["sekretariat"],
        unit=big_plan.unit,
        year=2025,
        content=content,
        file_name="besar.xlsx",
        dry_run=False,
    )
    assert result.ok, result.messages()[:3]
    assert ProgressEntry.objects.count() == 3276
    assert set(ProgressEntry.objects.values_list("version", "updated_by")) == {
        (1, people["sekretariat"].pk)
    }
    assert ProgressEntry.history.count() == 3276
    assert set(ProgressEntry.history.values_list("history_user", flat=True)) == {
        people["sekretariat"].pk
    }
    record = ImportRecord.objects.get()
    assert (record.rows_total, record.rows_created) == (3276, 3276)
    # The same file again changes nothing and writes no history.
    again = transfer.data_import(
        dataset=Dataset.PROGRESS,
        user=people["sekretariat"],
        unit=big_plan.unit,
        year=2025,
        content=content,
        file_name="besar.xlsx",
        dry_run=False,
    )
    assert again.ok and again.unchanged == 3276
    assert ProgressEntry.history.count() == 3276


def test_blank_rows_in_between_are_skipped_and_row_numbers_stay_true(
    plan: WorkPlan, people: dict
) -> None:
    content = xlsx_file(
        [
            PROGRESS_HEADERS,
            ["Manajemen Perubahan", "Tim Kerja", 4, 10, None],
            [None] * 5,
            [None] * 5,
            ["Manajemen Perubahan", "Tim Kerja", 5, 200, None],
        ]
    )
    result = transfer.data_import(
        dataset=Dataset.PROGRESS,
        user=people["sekretariat"],
        unit=plan.unit,
        year=2025,
        content=content,
        file_name="x.xlsx",
        dry_run=True,
    )
    assert result.messages() == [
        "Baris 5, kolom D (Realisasi (%)): Persentase tidak boleh lebih dari 100 (200)."
    ]
