"""The units' data stamps (``UnitStamp``): one row per unit whose version goes up in the
transaction of every write that changes what the unit's dashboard shows. The dashboard's
cache keys its fragment by the version (dashboards/cache.py), so the first request after a
write commits computes the page again; nothing is deleted from the cache.

Registered with ``common.rollups`` for every kind of touch (rollups/apps.py): plans,
assessments, worksheets (every unit: the worksheet feeds every LKE panel), responses, and
``UNITS`` for the writes that keep no summary but show on the dashboard (month locks,
action item statuses, LKE corrections and attachments, survey quarters, role assignments).

Lock order: the stamp row is locked (by the upsert) until the writer commits, and each
touch takes it after its own locks (the plan's ``PlanRollup``, the assessment, the unit
row of ``_wait_turn``), so writers of one unit queue on the stamp as they already queue on
those. A transaction that touched ``UNITS`` and then ``PLAN`` of the same unit could
deadlock with a plain ``PLAN`` writer; no service does (each touches one kind; a survey
response rescores its assessment inside ``RESPONSES``, before the stamp).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from access.models import Unit
from areas.models import WorkPlan
from lke.models import Assessment, Worksheet
from surveys.models import Response

from .models import UnitStamp


def units_stamp(*, unit_ids: Iterable[int]) -> None:
    """Bump the stamps of these units (a row is created at version 1 the first time).
    One statement; rows in key order, so two writers cannot deadlock."""
    ids = sorted(set(unit_ids))
    if not ids:
        return
    table = UnitStamp._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, version, changed_at) "  # noqa: S608 (names only)
            f"SELECT id, 1, %s FROM {Unit._meta.db_table} WHERE id IN ({marks}) ORDER BY id "
            f"ON CONFLICT (unit_id) DO UPDATE SET version = {table}.version + 1, "
            "changed_at = excluded.changed_at",
            [timezone.now(), *ids],
        )


def unit_version(unit_id: int) -> int:
    """The unit's stamp now (0 before its first write): the cache key's part (1 query)."""
    found = UnitStamp.objects.filter(unit_id=unit_id).values_list("version", flat=True).first()
    return found or 0


def plans_stamp(*, plan_ids: Iterable[int]) -> None:
    units_stamp(
        unit_ids=WorkPlan.objects.filter(pk__in=set(plan_ids)).values_list("unit_id", flat=True)
    )


def assessments_stamp(*, assessment_ids: Iterable[int], **_: object) -> None:
    ids = set(assessment_ids)
    units_stamp(unit_ids=Assessment.objects.filter(pk__in=ids).values_list("unit_id", flat=True))


def worksheets_stamp(*, worksheet_ids: Iterable[int]) -> None:
    """Every unit: a worksheet's weights and minimums feed the LKE and survey panels, also
    of units whose assessment has not started (the minimums of the year's worksheet)."""
    if Worksheet.objects.filter(pk__in=set(worksheet_ids)).exists():
        units_stamp(unit_ids=Unit.objects.values_list("pk", flat=True))


def responses_stamp(
    *, response_ids: Iterable[int], unit_ids: Iterable[int] | None = None, **_: object
) -> None:
    if unit_ids is not None:  # the storing service named them
        units_stamp(unit_ids=unit_ids)
        return
    units = Response.objects.filter(pk__in=set(response_ids)).values_list(
        "period__unit_id", flat=True
    )
    units_stamp(unit_ids=units.distinct().order_by())
