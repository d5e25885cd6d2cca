from __future__ import annotations

from typing import Any

from common.dates import has_ended
from common.formatting import month_name

from .models import MonthLock


def locks_of_year(unit_id: int, year: int) -> dict[int, MonthLock]:
    return {
        lock.month: lock
        for lock in MonthLock.objects.filter(unit_id=unit_id, year=year).select_related(
            "changed_by"
        )
    }


def lock_rows(unit_id: int, year: int) -> list[dict[str, Any]]:
    """The twelve months of the lock page: name, lock (or None), whether it has ended."""
    locks = locks_of_year(unit_id, year)
    return [
        {"number": m, "name": month_name(m), "lock": locks.get(m), "ended": has_ended(year, m)}
        for m in range(1, 13)
    ]
