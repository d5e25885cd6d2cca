"""Writes with rules for the monthly numbers: progress, action-item status, month locks.

Every function checks the user's right, the month (begun, not locked) and the version the
user's form was based on, validates, and saves in one transaction. django-simple-history
writes the audit row (who, when, old and new values) in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from areas.models import ActionItem, Component, Unit
from zi_portal import access
from zi_portal.months import has_begun, has_ended, month_name

from .models import ActionItemStatus, MonthLock, ProgressEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class StaleVersionError(ValidationError):
    """Someone else saved the record after the user loaded it."""


def stale_message(obj: ProgressEntry | ActionItemStatus) -> str:
    user = obj.updated_by
    who = (user.get_full_name() or user.get_username()) if user else "-"
    when = formats.date_format(timezone.localtime(obj.updated_at), "j F Y H.i")
    return f"Data ini telah diubah oleh {who} pada {when} — muat ulang halaman sebelum menyimpan."


def month_is_locked(unit: Unit, year: int, month: int) -> bool:
    return MonthLock.objects.filter(unit=unit, year=year, month=month, is_locked=True).exists()


def ensure_month_open(unit: Unit, year: int, month: int) -> None:
    """Refuse a month that has not begun or that the Sekretariat has locked."""
    if not 1 <= month <= 12:
        raise ValidationError({"month": "Bulan harus antara 1 dan 12."})
    if not has_begun(year, month):
        raise ValidationError(
            {
                "month": f"Bulan {month_name(month)} {year} belum dimulai; data bulan ini belum dapat diisi."
            }
        )
    if month_is_locked(unit, year, month):
        raise ValidationError(
            {
                "month": f"Bulan {month_name(month)} {year} sudah dikunci oleh Sekretariat; data hanya dapat dibaca."
            }
        )


def _check_version(obj: ProgressEntry | ActionItemStatus | None, version: int | None) -> None:
    """``version`` is what the form was loaded with: 0 when there was no record yet."""
    if version is None:
        return
    current = obj.version if obj is not None else 0
    if current != version:
        if obj is None:
            raise StaleVersionError(
                "Data ini telah dihapus oleh pengguna lain — muat ulang halaman."
            )
        raise StaleVersionError(stale_message(obj))


Versioned = ProgressEntry | ActionItemStatus


def _current(
    model: type[Versioned], lookup: dict[str, object], version: int | None
) -> Versioned | None:
    """The row as it is now, locked for this transaction, after checking the form's version."""
    row = (
        model.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(**lookup)
        .first()
    )
    _check_version(row, version)
    return row


def _save_versioned(row: Versioned, *, user: AbstractBaseUser, lookup: dict[str, object]) -> None:
    row.version += 1
    row.updated_by = user
    row.full_clean(validate_unique=False, validate_constraints=False)
    row._history_user = user
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # Another request created the row between our read and our insert.
        other = type(row).objects.select_related("updated_by").get(**lookup)
        raise StaleVersionError(stale_message(other)) from exc


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
    if component.area is None or not access.can_enter(user, component.area):
        raise PermissionDenied("Anda bukan koordinator area ini.")
    plan = component.plan
    ensure_month_open(plan.unit, plan.year, month)
    lookup = {"component": component, "month": month}
    entry = _current(ProgressEntry, lookup, version) or ProgressEntry(**lookup, version=0)
    entry.percent = percent
    entry.activities = activities.strip()
    entry.obstacles = obstacles.strip()
    entry.follow_up = follow_up.strip()
    entry.is_internal = is_internal
    _save_versioned(entry, user=user, lookup=lookup)
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
    if not access.can_enter(user, action.area):
        raise PermissionDenied("Anda bukan koordinator area ini.")
    plan = action.area.plan
    ensure_month_open(plan.unit, plan.year, month)
    lookup = {"action": action, "month": month}
    row = _current(ActionItemStatus, lookup, version) or ActionItemStatus(**lookup, version=0)
    row.status = status
    row.note = note.strip()
    _save_versioned(row, user=user, lookup=lookup)
    return row


@transaction.atomic
def month_lock(*, user: AbstractBaseUser, unit: Unit, year: int, month: int) -> MonthLock:
    """Close a month that has ended: its entries become read-only."""
    if not access.can_lock(user, unit):
        raise PermissionDenied("Hanya Sekretariat yang dapat mengunci bulan.")
    if not has_ended(year, month):
        raise ValidationError(
            {"month": f"Bulan {month_name(month)} {year} belum berakhir; belum dapat dikunci."}
        )
    lock = MonthLock.objects.select_for_update().filter(unit=unit, year=year, month=month).first()
    if lock is None:
        lock = MonthLock(unit=unit, year=year, month=month)
    elif lock.is_locked:
        raise ValidationError({"month": f"Bulan {month_name(month)} {year} sudah terkunci."})
    lock.is_locked = True
    lock.reason = ""
    lock.changed_by = user
    lock.full_clean(validate_unique=False, validate_constraints=False)
    lock._history_user = user
    lock.save()
    return lock


@transaction.atomic
def month_reopen(
    *, user: AbstractBaseUser, unit: Unit, year: int, month: int, reason: str
) -> MonthLock:
    """Reopen a locked month; the reason is kept in the lock's history."""
    if not access.can_lock(user, unit):
        raise PermissionDenied("Hanya Sekretariat yang dapat membuka kembali bulan.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Alasan membuka kembali bulan wajib diisi."})
    lock = (
        MonthLock.objects.select_for_update(of=("self",))
        .filter(unit=unit, year=year, month=month, is_locked=True)
        .first()
    )
    if lock is None:
        raise ValidationError({"month": f"Bulan {month_name(month)} {year} tidak sedang terkunci."})
    lock.is_locked = False
    lock.reason = reason
    lock.changed_by = user
    lock.full_clean(validate_unique=False, validate_constraints=False)
    lock._history_user = user
    lock._change_reason = reason
    lock.save(update_fields=["is_locked", "reason", "changed_by", "changed_at"])
    return lock
