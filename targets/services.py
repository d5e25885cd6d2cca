"""Writes with rules for the monthly numbers: progress and action-item status.

Every function checks the user's right, the month (begun, not locked) and the version the
user's form was based on, validates, and saves in one transaction. django-simple-history
writes the audit row (who, when, old and new values) in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from access import rules
from areas.models import ActionItem, Component
from common.db import versioned_row, versioned_save
from common.rollups import PLAN, UNITS, rollup_touch
from periods.services import ensure_month_open

from .models import ActionItemStatus, ProgressEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@transaction.atomic
def progress_update(
    *,
    user: AbstractBaseUser,
    component: Component,
    month: int,
    percent: Decimal,
    activities: str = "",
    obstacles: str = "",
    follow_up: str = "",
    is_internal: bool = False,
    version: int | None = None,
) -> ProgressEntry:
    """Create or change a component's realisation for a month."""
    rules.ensure_can_enter(user, component.plan.unit, component.area and component.area.code)
    plan = component.plan
    ensure_month_open(plan.unit, plan.year, month)
    lookup = {"component": component, "month": month}
    entry = versioned_row(ProgressEntry, lookup, version) or ProgressEntry(**lookup, version=0)
    entry.percent = percent
    entry.activities = activities.strip()
    entry.obstacles = obstacles.strip()
    entry.follow_up = follow_up.strip()
    entry.is_internal = is_internal
    versioned_save(entry, user=user, lookup=lookup)
    rollup_touch(PLAN, plan_ids=[plan.pk])
    return entry


@transaction.atomic
def action_status_update(
    *,
    user: AbstractBaseUser,
    action: ActionItem,
    month: int,
    status: str,
    note: str = "",
    version: int | None = None,
) -> ActionItemStatus:
    """Set a rencana aksi's state (Belum dimulai / Berjalan / Selesai) for a month."""
    rules.ensure_can_enter(user, action.area.plan.unit, action.area.code)
    plan = action.area.plan
    ensure_month_open(plan.unit, plan.year, month)
    lookup = {"action": action, "month": month}
    row = versioned_row(ActionItemStatus, lookup, version) or ActionItemStatus(**lookup, version=0)
    row.status = status
    row.note = note.strip()
    versioned_save(row, user=user, lookup=lookup)
    rollup_touch(UNITS, unit_ids=[plan.unit_id])  # the dashboard's activity feed
    return row
