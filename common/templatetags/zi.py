"""Template filters of the one Indonesian formatter (common.formatting)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import template

from common import formatting

register = template.Library()


def _month(month: Any, name: Callable[[int], str]) -> str:
    """The month's name, or "" for what is not a month 1–12."""
    try:
        number = int(month)
    except (TypeError, ValueError):
        return ""
    return name(number) if 1 <= number <= 12 else ""


@register.filter
def bulan(month: Any) -> str:
    """4 → "April"."""
    return _month(month, formatting.month_name)


@register.filter
def bulan_singkat(month: Any) -> str:
    """8 → "Agt" (the decree's abbreviations, everywhere)."""
    return _month(month, formatting.month_abbr)


@register.filter
def pct(value: Any) -> str:
    """62.50 → "62,5%"; None → "–"."""
    return formatting.percent_text(value)


@register.filter
def angka(value: Any) -> str:
    """62.50 → "62,5"."""
    return formatting.number_text(value)


@register.filter
def nilai(value: Any) -> str:
    """An LKE score: 81.234 → "81,23" (two decimals, half-up)."""
    return formatting.score_text(value)


@register.filter
def selisih(value: Any) -> str:
    """A difference of LKE scores with its sign: "+13,54", "−0,50", "0,00"."""
    return formatting.score_difference_text(value)


@register.filter
def ukuran(size: Any) -> str:
    """26214400 → "25 MB"."""
    try:
        return formatting.size_text(int(size))
    except (TypeError, ValueError):
        return formatting.EMPTY


@register.filter
def nama(user: Any) -> str:
    """The user's full name, or the username."""
    return formatting.person_name(user, empty="–")


@register.filter
def waktu(value: datetime.datetime | None) -> str:
    """An aware datetime in Asia/Pontianak: "12 April 2025 09.30"."""
    return formatting.datetime_text(value)


@register.filter
def tanggal(value: datetime.date | None) -> str:
    """ "12 April 2025"."""
    return formatting.date_text(value)
