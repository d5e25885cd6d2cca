"""The calendar rules every app shares: today in Asia/Pontianak, begun and ended months."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Pontianak)."""
    return timezone.localdate()


def has_begun(year: int, month: int) -> bool:
    t = today()
    return (year, month) <= (t.year, t.month)


def has_ended(year: int, month: int) -> bool:
    t = today()
    return (year, month) < (t.year, t.month)


def default_month(year: int) -> int:
    """The current month in the current year; December for past years; January ahead."""
    t = today()
    if year == t.year:
        return t.month
    return 12 if year < t.year else 1


def parse_int(value: str | None, default: int) -> int:
    """A query-string number, or ``default`` when it is absent or not a number."""
    try:
        return int(value) if value else default
    except ValueError:
        return default


def pick_year(requested: str | None, years: Sequence[int]) -> int:
    """The year a page shows: the one asked for when the unit has a plan for it, else the
    current year when it has one, else its latest plan (``years`` newest first)."""
    current = today().year
    year = parse_int(requested, current)
    if year in years or not years:
        return year
    return current if current in years else years[0]


def pick_month(requested: str | None, year: int) -> int:
    month = parse_int(requested, default_month(year))
    return month if 1 <= month <= 12 else default_month(year)
