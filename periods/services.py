"""Which months are open for entries, and the Sekretariat's locks.

Every write of the monthly numbers and of evidence calls :func:`ensure_month_open` in its
own transaction: a month that has not begun, or that the Sekretariat locked, is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from access import rules
from access.models import Unit
from common.dates import has_begun, has_ended
from common.formatting import month_year
from common.rollups import UNITS, rollup_touch

from .models import MonthLock

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def month_is_locked(unit: Unit, year: int, month: int) -> bool:
    return MonthLock.objects.filter(unit=unit, year=year, month=month, is_locked=True).exists()


def ensure_month_open(unit: Unit, year: int, month: int) -> None:
    """Refuse a month that has not begun or that the Sekretariat has locked."""
    if not 1 <= month <= 12:
        raise ValidationError({"month": "Bulan harus antara 1 dan 12."})
    period = month_year(month, year)
    if not has_begun(year, month):
        raise ValidationError(
            {"month": f"Bulan {period} belum dimulai; data bulan ini belum dapat diisi."}
        )
    if month_is_locked(unit, year, month):
        raise ValidationError(
            {"month": f"Bulan {period} sudah dikunci oleh Sekretariat; data hanya dapat dibaca."}
        )


def _wait_turn(unit: Unit) -> None:
    """Simultaneous lock/reopen clicks of a unit queue on the unit's row: locking the
    MonthLock row alone cannot serialise them while that row does not exist yet (each
    click would insert it and all but one would break the unique constraint)."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


def _save_lock(lock: MonthLock, *, user: AbstractBaseUser, reason: str = "") -> MonthLock:
    lock.changed_by = user
    lock.full_clean(validate_unique=False, validate_constraints=False)
    lock._history_user = user
    if reason:
        lock._change_reason = reason
    lock.save()
    rollup_touch(UNITS, unit_ids=[lock.unit_id])  # the dashboard's activity feed
    return lock


@transaction.atomic
def month_lock(*, user: AbstractBaseUser, unit: Unit, year: int, month: int) -> MonthLock:
    """Close a month that has ended: its entries become read-only."""
    rules.ensure_can_lock(user, unit)
    if not 1 <= month <= 12:
        raise ValidationError({"month": "Bulan harus antara 1 dan 12."})
    if not has_ended(year, month):
        raise ValidationError(
            {"month": f"Bulan {month_year(month, year)} belum berakhir; belum dapat dikunci."}
        )
    _wait_turn(unit)
    lock = MonthLock.objects.filter(unit=unit, year=year, month=month).first()
    if lock is None:
        lock = MonthLock(unit=unit, year=year, month=month)
    elif lock.is_locked:
        raise ValidationError({"month": f"Bulan {month_year(month, year)} sudah terkunci."})
    lock.is_locked = True
    lock.reason = ""
    return _save_lock(lock, user=user)


@transaction.atomic
def month_reopen(
    *, user: AbstractBaseUser, unit: Unit, year: int, month: int, reason: str
) -> MonthLock:
    """Reopen a locked month; the reason is kept in the lock's history."""
    rules.ensure_can_lock(user, unit)
    if not 1 <= month <= 12:
        raise ValidationError({"month": "Bulan harus antara 1 dan 12."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Alasan membuka kembali bulan wajib diisi."})
    _wait_turn(unit)
    lock = MonthLock.objects.filter(unit=unit, year=year, month=month, is_locked=True).first()
    if lock is None:
        raise ValidationError({"month": f"Bulan {month_year(month, year)} tidak sedang terkunci."})
    lock.is_locked = False
    lock.reason = reason
    return _save_lock(lock, user=user, reason=reason)
