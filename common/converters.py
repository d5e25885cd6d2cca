"""Path converters for the parts of a URL that name a year, a month, a quarter or a
database id.

Django's ``int`` converter takes any run of digits: ``13`` as a month, ``0`` as a year or
``99999999999999999999`` as an id reached the views and broke there (a date that does not
exist, a number the database cannot hold). These answer 404 at the resolver instead.
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import IntConverter

# PostgreSQL bigint, the type of every primary key (BigAutoField).
MAX_ID = 2**63 - 1


class YearConverter(IntConverter):
    """A plan year: four digits, 2000–2099."""

    regex = r"20[0-9]{2}"


class MonthConverter(IntConverter):
    """A month number, 1–12 (no leading zero)."""

    regex = r"[1-9]|1[0-2]"


class QuarterConverter(IntConverter):
    """A quarter (triwulan) of a year, 1–4."""

    regex = r"[1-4]"


class IdConverter(IntConverter):
    """A primary key: 1 to the largest bigint, at most 19 digits."""

    regex = r"[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # the resolver tries the next pattern, then answers 404
        return number


def register() -> None:
    """Make ``<year:…>``, ``<month:…>``, ``<quarter:…>`` and ``<id:…>`` available to every
    URLconf."""
    register_converter(YearConverter, "year")
    register_converter(MonthConverter, "month")
    register_converter(QuarterConverter, "quarter")
    register_converter(IdConverter, "id")
