"""The calendar rules every app shares: today in Asia/Pontianak, begun and ended months,
the month before and after, the moment a month ends. The one place that compares a month
with today or counts across a year's end (tests/test_dates.py guards it)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Pontianak)."""
    return timezone.localdate()


def has_begun(year: int, month: int, *, on: datetime.date | None = None) -> bool:
    """The month has begun on ``on`` (default today)."""
    t = on or today()
    return (year, month) <= (t.year, t.month)


def has_ended(year: int, month: int, *, on: datetime.date | None = None) -> bool:
    """The month is over on ``on`` (default today): the current month has not ended."""
    t = on or today()
    return (year, month) < (t.year, t.month)


def months_ended(year: int, *, on: datetime.date | None = None) -> int:
    """How many months of ``year`` are over on ``on``: 12 for a past year, 0 ahead."""
    return sum(has_ended(year, month, on=on) for month in range(1, 13))


def month_before(year: int, month: int) -> tuple[int, int]:
    """(2025, 1) → (2024, 12): the month that ended when ``month`` began."""
    return (year, month - 1) if month > 1 else (year - 1, 12)


def month_after(year: int, month: int) -> tuple[int, int]:
    """(2025, 12) → (2026, 1)."""
    return (year, month + 1) if month < 12 else (year + 1, 1)


def month_end(year: int, month: int) -> datetime.datetime:
    """The moment the month ends: midnight at the start of the next month, in the portal's
    time zone (a record made from this moment on belongs to a later month)."""
    after = datetime.date(*month_after(year, month), 1)
    return datetime.datetime.combine(
        after, datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def quarter_of(month: int) -> int:
    """The quarter (triwulan 1–4) a month is in."""
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    """Triwulan 2 → (4, 5, 6)."""
    first = (quarter - 1) * 3 + 1
    return (first, first + 1, first + 2)


def quarter_has_begun(year: int, quarter: int, *, on: datetime.date | None = None) -> bool:
    return has_begun(year, quarter_months(quarter)[0], on=on)


def quarter_has_ended(year: int, quarter: int, *, on: datetime.date | None = None) -> bool:
    return has_ended(year, quarter_months(quarter)[2], on=on)


def quarters_ended(year: int, *, on: datetime.date | None = None) -> int:
    """How many quarters of ``year`` are over on ``on``."""
    return sum(quarter_has_ended(year, quarter, on=on) for quarter in range(1, 5))


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


def default_quarter(year: int) -> int:
    """The quarter a page of ``year`` shows first: today's in the current year, the last of
    a past year, the first of a year ahead (as :func:`default_month`)."""
    return quarter_of(default_month(year))
