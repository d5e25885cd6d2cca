"""Template filters of the one Indonesian formatter (common.formatting)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template

from common import formatting, links

register = template.Library()

# The filters that are one formatter each (their examples: common/formatting.py).
for _name, _formatter in {
    "pct": formatting.percent_text,  # 62.50 → "62,5%"; None → "–"
    "angka": formatting.number_text,  # 62.50 → "62,5"
    "nilai": formatting.score_text,  # an LKE score: 81.234 → "81,23"
    "selisih": formatting.score_difference_text,  # "+13,54", "−0,50", "0,00"
    "waktu": formatting.datetime_text,  # "12 April 2025 09.30" (Asia/Pontianak)
    "tanggal": formatting.date_text,  # "12 April 2025"
    "jam": formatting.time_text,  # "09.30.12" (Asia/Pontianak)
}.items():
    register.filter(_name, _formatter)


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
def triwulan(quarter: Any) -> str:
    """2 → "Triwulan II"; "" for what is not a quarter 1–4."""
    try:
        number = int(quarter)
    except (TypeError, ValueError):
        return ""
    return formatting.quarter_name(number) if 1 <= number <= 4 else ""


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
def lebar(percent: Any) -> str:
    """A bar's width as a class of static/css/portal.css: 37.4 → "w-pct-37" (0–100, whole
    percents; "" or None → 0). A class, not a style attribute: the CSP allows no inline style."""
    try:
        number = round(float(percent or 0))
    except (TypeError, ValueError):
        number = 0
    return f"w-pct-{min(max(number, 0), 100)}"


@register.simple_tag
def progres_url(slug: str, year: int, month: int) -> str:
    """{% progres_url unit.slug year month %}: the Progres Bulanan page at that month."""
    return links.progress_url(slug, year, month)
