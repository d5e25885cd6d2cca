"""Month names and the calendar rules every app shares."""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS


def month_name(month: int) -> str:
    """Indonesian month name in the default language ("Januari"), translated otherwise."""
    return str(MONTHS[month])


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
