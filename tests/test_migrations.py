"""The restructuring moved models between apps, keeping their tables: data written before it
reads the same through the new models, permissions follow their content types, and the
migrations reverse.

django-test-migrations' ``migrator`` drops every table, migrates a clean database to the
old schema and forward again, so this test is transactional (it runs first among the long
waits, see conftest.py) and ends with the database migrated to the latest state; the loaded
rows are then put back (tests/db_snapshot.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

pytestmark = [pytest.mark.migration_test, pytest.mark.django_db(transaction=True)]

# The schema before the restructuring ...
BEFORE = [
    ("areas", "0002_unit_logo"),
    ("targets", "0002_historicalactionitemstatus_historicalmonthlock_and_more"),
    ("reports", "0002_importrecord"),
    ("evidence", "0001_initial"),
]
# ... in which the new apps did not exist yet.
NEW_APPS = ["access", "periods", "transfer"]
RESTRUCTURING = {
    ("access", "0001_initial"),
    ("periods", "0001_initial"),
    ("transfer", "0001_initial"),
    ("areas", "0003_move_units_in_target_cells"),
    ("targets", "0003_move_cells_and_locks_out"),
    ("reports", "0003_move_import_records_out"),
}
# Content types (old app, model) → new app.
MOVED = {
    ("areas", "unit"): "access",
    ("areas", "roleassignment"): "access",
    ("areas", "historicalroleassignment"): "access",
    ("targets", "monthlytarget"): "areas",
    ("targets", "historicalmonthlytarget"): "areas",
    ("targets", "monthlock"): "periods",
    ("targets", "historicalmonthlock"): "periods",
    ("reports", "importrecord"): "transfer",
}


def latest_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Migrations that only change column types or lengths, made after the restructuring: the
# round trip stops before them (the rows read the same through the models either way) and
# the last step applies them, so that each runs forward once, not three times.
TYPES_ONLY = "_text_limits_in_the_column"


def before_types_only() -> list[tuple[str, str]]:
    """The latest nodes, each app's TYPES_ONLY migration replaced by the one before it."""
    graph = MigrationExecutor(connection).loader.graph
    nodes = []
    for app, name in latest_nodes():
        while name.endswith(TYPES_ONLY):
            (app, name), *_ = [p for p in graph.node_map[app, name].parents if p[0] == app]
        nodes.append((app, name))
    return nodes


def applied() -> set[tuple[str, str]]:
    return set(MigrationRecorder(connection).applied_migrations())


def migrate_to_before(migrator: object) -> object:
    """A clean database at the old schema. The library applies the full plan up to the last
    node named, and the plan's order puts the restructuring before evidence 0001, so those
    migrations are rolled back (state only) to reach the schema production had."""
    migrator.apply_initial_migration(BEFORE)
    state = migrator.apply_tested_migration(BEFORE + [(app, None) for app in NEW_APPS])
    assert not applied() & RESTRUCTURING
    assert set(BEFORE) <= applied()
    assert state.apps.get_model("areas", "Unit")._meta.db_table == "areas_unit"
    for app in NEW_APPS:
        with pytest.raises(LookupError):
            state.apps.get_app_config(app)
    return state


def old_data(old: object) -> dict[str, object]:
    """Rows written through the historical models of the old schema, as production had them
    (content types and permissions made as post_migrate made them then)."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=old, verbosity=0)

    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    User = old.get_model("auth", "User")
    Unit = old.get_model("areas", "Unit")
    RoleAssignment = old.get_model("areas", "RoleAssignment")
    HistoricalRoleAssignment = old.get_model("areas", "HistoricalRoleAssignment")
    WorkPlan = old.get_model("areas", "WorkPlan")
    Area = old.get_model("areas", "Area")
    Component = old.get_model("areas", "Component")
    MonthlyTarget = old.get_model("targets", "MonthlyTarget")
    HistoricalMonthlyTarget = old.get_model("targets", "HistoricalMonthlyTarget")
    MonthLock = old.get_model("targets", "MonthLock")
    HistoricalMonthLock = old.get_model("targets", "HistoricalMonthLock")
    ProgressEntry = old.get_model("targets", "ProgressEntry")
    ImportRecord = old.get_model("reports", "ImportRecord")
    LogEntry = old.get_model("admin", "LogEntry")

    content_types = {
        key: ContentType.objects.get(app_label=key[0], model=key[1]).pk for key in MOVED
    }
    permissions = {
        key: set(Permission.objects.filter(content_type_id=pk).values_list("pk", "codename"))
        for key, pk in content_types.items()
    }
    assert all(len(perms) == 4 for perms in permissions.values())  # add, change, delete, view

    now = datetime.datetime(2025, 5, 1, 8, 0, tzinfo=datetime.UTC)
    editor = User.objects.create(username="editor-lama", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(
            content_type_id=content_types["areas", "unit"], codename="change_unit"
        ),
        Permission.objects.get(
            content_type_id=content_types["targets", "monthlock"], codename="view_monthlock"
        ),
    )
    coordinator = User.objects.create(username="koordinator-lama", email="k@example.invalid")
    province = Unit.objects.create(
        name="KPU Provinsi Lama",
        short_name="KPU Lama",
        slug="kpu-lama",
        kind="provinsi",
        city="Kota",
    )
    unit = Unit.objects.create(
        name="KPU Kabupaten Lama",
        short_name="KPU Kab Lama",
        slug="kpu-kab-lama",
        kind="kabkota",
        parent=province,
        city="Kabupaten",
        order=3,
    )
    role = RoleAssignment.objects.create(
        user=coordinator,
        unit=unit,
        role="koordinator",
        area_codes=["manajemen_perubahan", "tatalaksana"],
    )
    HistoricalRoleAssignment.objects.create(
        id=role.pk,
        user_id=coordinator.pk,
        unit_id=unit.pk,
        role=role.role,
        area_codes=role.area_codes,
        history_date=now,
        history_type="+",
        history_user=editor,
    )
    plan = WorkPlan.objects.create(
        unit=unit,
        year=2025,
        number="7",
        issuer="KOMISI PEMILIHAN UMUM KABUPATEN LAMA",
        title="RENCANA KERJA",
        official_title="KETUA",
        establishes="KEPUTUSAN",
        enacted_place="Lama",
        enacted_date=datetime.date(2025, 1, 6),
        signer_title="KETUA",
        signer_name="PENANDA TANGAN",
        lampiran_heading="LAMPIRAN",
        cover_title="RENCANA KERJA",
    )
    area = Area.objects.create(
        plan=plan,
        code="manajemen_perubahan",
        order=1,
        number="I",
        letter="A",
        name="Manajemen Perubahan",
    )
    component = Component.objects.create(
        plan=plan, kind="pengungkit", area=area, order=1, name="Tim Kerja"
    )
    hasil = Component.objects.create(plan=plan, kind="hasil", order=1, name="Kapasitas Organisasi")
    cells = [
        MonthlyTarget.objects.create(component=component, month=4, percent=Decimal("62.50")),
        MonthlyTarget.objects.create(component=component, month=5, percent=Decimal("100")),
        MonthlyTarget.objects.create(component=hasil, month=12, percent=Decimal("80")),
    ]
    HistoricalMonthlyTarget.objects.create(
        id=cells[0].pk,
        component_id=component.pk,
        month=4,
        percent=Decimal("50"),
        history_date=now,
        history_type="~",
        history_user=editor,
    )
    lock = MonthLock.objects.create(
        unit=unit, year=2025, month=3, is_locked=False, reason="Revisi data", changed_by=editor
    )
    HistoricalMonthLock.objects.create(
        id=lock.pk,
        unit_id=unit.pk,
        year=2025,
        month=3,
        is_locked=True,
        reason="",
        changed_at=now,
        changed_by_id=editor.pk,
        history_date=now,
        history_type="+",
        history_user=editor,
    )
    entry = ProgressEntry.objects.create(
        component=component,
        month=4,
        percent=Decimal("55"),
        activities="Rapat",
        version=2,
        updated_by=coordinator,
    )
    record = ImportRecord.objects.create(
        unit=unit,
        year=2025,
        dataset="progres",
        file_name="progres-april.xlsx",
        sha256="a" * 64,
        rows_total=3,
        rows_created=2,
        rows_updated=1,
        imported_by=editor,
    )
    log = LogEntry.objects.create(
        action_time=now,
        user=editor,
        content_type_id=content_types["areas", "unit"],
        object_id=str(unit.pk),
        object_repr="KPU Kab Lama",
        action_flag=2,
        change_message="[]",
    )
    return {
        "content_types": content_types,
        "permissions": permissions,
        "editor": editor.pk,
        "coordinator": coordinator.pk,
        "province": province.pk,
        "unit": unit.pk,
        "role": role.pk,
        "plan": plan.pk,
        "component": component.pk,
        "hasil": hasil.pk,
        "cells": [cell.pk for cell in cells],
        "lock": lock.pk,
        "entry": entry.pk,
        "record": record.pk,
        "log": log.pk,
    }


def assert_through_new_models(ids: dict[str, object]) -> None:
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from access.models import RoleAssignment, Unit
    from areas.models import Component, MonthlyTarget, WorkPlan
    from periods.models import MonthLock
    from targets.models import ProgressEntry
    from transfer.models import ImportRecord

    ContentType.objects.clear_cache()  # the migrations ran with post_migrate muted
    User = get_user_model()
    editor = User.objects.get(pk=ids["editor"])
    coordinator = User.objects.get(pk=ids["coordinator"])

    unit = Unit.objects.get(pk=ids["unit"])
    assert (unit.slug, unit.order, unit.parent_id) == ("kpu-kab-lama", 3, ids["province"])
    assert unit.parent.slug == "kpu-lama"
    assert list(Unit.objects.get(pk=ids["province"]).children.all()) == [unit]

    role = RoleAssignment.objects.get(pk=ids["role"])
    assert (role.user, role.unit, role.role) == (coordinator, unit, "koordinator")
    assert role.area_codes == ["manajemen_perubahan", "tatalaksana"]
    assert list(coordinator.roles.all()) == [role]
    (created,) = role.history.all()
    assert (created.history_type, created.history_user, created.unit_id) == ("+", editor, unit.pk)

    plan = WorkPlan.objects.get(pk=ids["plan"])
    assert plan.unit == unit and list(unit.plans.all()) == [plan]
    component = Component.objects.get(pk=ids["component"])
    cells = MonthlyTarget.objects.filter(pk__in=ids["cells"]).order_by("pk")
    assert [(c.component_id, c.month, c.percent) for c in cells] == [
        (component.pk, 4, Decimal("62.50")),
        (component.pk, 5, Decimal("100.00")),
        (ids["hasil"], 12, Decimal("80.00")),
    ]
    assert [c.month for c in component.targets.all()] == [4, 5]
    assert cells[0].component.plan.unit == unit
    (changed,) = MonthlyTarget.history.filter(id=ids["cells"][0])
    assert (changed.percent, changed.history_type, changed.component_id) == (
        Decimal("50.00"),
        "~",
        component.pk,
    )

    lock = MonthLock.objects.get(pk=ids["lock"])
    assert (lock.unit, lock.year, lock.month, lock.is_locked, lock.reason, lock.changed_by) == (
        unit,
        2025,
        3,
        False,
        "Revisi data",
        editor,
    )
    assert list(unit.month_locks.all()) == [lock]
    (locked,) = lock.history.all()
    assert (locked.is_locked, locked.unit_id, locked.history_user) == (True, unit.pk, editor)

    entry = ProgressEntry.objects.get(pk=ids["entry"])
    assert (entry.component, entry.percent, entry.version, entry.updated_by) == (
        component,
        Decimal("55.00"),
        2,
        coordinator,
    )

    record = ImportRecord.objects.get(pk=ids["record"])
    assert (record.unit, record.imported_by, record.file_name) == (
        unit,
        editor,
        "progres-april.xlsx",
    )
    assert (record.rows_total, record.rows_created, record.rows_updated) == (3, 2, 1)
    assert list(unit.imports.all()) == [record]

    # Content types moved, same rows: permissions, admin log entries and history follow.
    for (old_app, model), new_app in MOVED.items():
        content_type = ContentType.objects.get(app_label=new_app, model=model)
        assert content_type.pk == ids["content_types"][old_app, model], (old_app, model)
        assert not ContentType.objects.filter(app_label=old_app, model=model).exists()
        assert (
            set(Permission.objects.filter(content_type=content_type).values_list("pk", "codename"))
            == ids["permissions"][old_app, model]
        )
    assert ContentType.objects.get_for_model(Unit).pk == ids["content_types"]["areas", "unit"]
    assert ContentType.objects.get_for_model(MonthlyTarget).app_label == "areas"
    assert ContentType.objects.get_for_model(MonthLock).app_label == "periods"
    assert ContentType.objects.get_for_model(ImportRecord).app_label == "transfer"
    assert editor.has_perm("access.change_unit") and editor.has_perm("periods.view_monthlock")
    assert not editor.has_perm("access.delete_unit")
    assert LogEntry.objects.get(pk=ids["log"]).get_edited_object() == unit


def test_the_restructuring_keeps_every_row_key_and_permission_and_reverses(migrator) -> None:
    old = migrate_to_before(migrator)
    ids = old_data(old.apps)

    migrator.apply_tested_migration(before_types_only())
    assert applied() >= RESTRUCTURING
    assert_through_new_models(ids)

    # Back to the old schema: the rows and content types are where they were.
    back = migrator.apply_tested_migration(BEFORE + [(app, None) for app in NEW_APPS]).apps
    assert not applied() & RESTRUCTURING
    ContentType = back.get_model("contenttypes", "ContentType")
    for (old_app, model), pk in ids["content_types"].items():
        assert ContentType.objects.get(pk=pk).app_label == old_app, model
    assert back.get_model("areas", "Unit").objects.get(pk=ids["unit"]).parent_id == ids["province"]
    assert back.get_model("areas", "RoleAssignment").objects.get(pk=ids["role"]).area_codes == [
        "manajemen_perubahan",
        "tatalaksana",
    ]
    assert back.get_model("targets", "MonthlyTarget").objects.count() == 3
    assert back.get_model("targets", "MonthLock").objects.get(pk=ids["lock"]).unit_id == ids["unit"]
    assert back.get_model("reports", "ImportRecord").objects.get().unit_id == ids["unit"]

    # And forward again: the test leaves the database at the latest migrations.
    migrator.apply_tested_migration(latest_nodes())
    assert_through_new_models(ids)
    assert MigrationExecutor(connection).migration_plan(latest_nodes()) == []
