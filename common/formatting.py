"""The one Indonesian formatter: numbers, percents, months, dates and people.

Templates (the ``zi`` filters), PDFs, exports, history pages and messages all call these
functions, so "62,5%", "April 2025" and "12 Mei 2025 09.30" look the same everywhere.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone
from django.utils.dates import MONTHS

EMPTY = "–"
# Short month names of the decree's target table and the import/export headers.
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def to_decimal(value: Any) -> Decimal | None:
    """A number as Decimal, or None for what is not one ('', None, text, NaN)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _fixed(number: Decimal, places: int, rounding: str) -> str:
    """The number with exactly ``places`` decimals, point notation, never "-0"."""
    text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=rounding):f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def number_text(value: Any, *, places: int = 2, empty: str = EMPTY) -> str:
    """62.50 → "62,5"; 100 → "100"; 1234.5 → "1234,5" (decimal comma, no trailing zeros)."""
    number = to_decimal(value)
    if number is None:
        return empty
    text = _fixed(number, places, ROUND_HALF_EVEN)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def decimal_text(
    value: Any, *, places: int = 2, rounding: str = ROUND_HALF_UP, empty: str = EMPTY
) -> str:
    """81.235 → "81,24"; 60 → "60,00" (exactly ``places`` decimals, half-up by default)."""
    number = to_decimal(value)
    if number is None:
        return empty
    return _fixed(number, places, rounding).replace(".", ",")


def score_text(value: Any, *, empty: str = EMPTY) -> str:
    """An LKE score as the official worksheet shows it: 81.2349 → "81,23", 0.725 → "0,73"
    (two decimals, half-up, decimal comma); None → "–"."""
    return decimal_text(value, places=2, empty=empty)


def score_difference_text(value: Any, *, empty: str = EMPTY) -> str:
    """A difference of two LKE scores with its sign: 1.25 → "+1,25", -0.5 → "−0,50",
    0 → "0,00" (a true minus sign, as in print)."""
    if value is None:
        return empty
    text = score_text(abs(value))
    if text == score_text(0):
        return text
    return ("+" if value > 0 else "−") + text


def percent_text(value: Any, *, empty: str = EMPTY) -> str:
    """62.50 → "62,5%"; None → "–"."""
    text = number_text(value, empty="")
    return f"{text}%" if text else empty


def month_name(month: int) -> str:
    """4 → "April" (Indonesian in the default language, translated otherwise)."""
    return str(MONTHS[month])


def month_abbr(month: int) -> str:
    """8 → "Agt"."""
    return MONTH_ABBR[month - 1]


def month_year(month: int, year: int) -> str:
    """(4, 2025) → "April 2025"."""
    return f"{month_name(month)} {year}"


def quarter_name(quarter: int | None, year: int | None = None) -> str:
    """2 → "Triwulan II"; (2, 2025) → "Triwulan II 2025"; no quarter: "Tahun 2025" (a
    year's survey report), "" without a year either."""
    if not quarter:
        return f"Tahun {year}" if year else ""
    name = f"Triwulan {roman(quarter)}"
    return f"{name} {year}" if year else name


def size_text(size: int | None, *, empty: str = EMPTY) -> str:
    """26214400 → "25 MB"; 1536 → "1,5 KB"; 900 → "900 B" (binary units, as the caps are set)."""
    if size is None:
        return empty
    value, unit = Decimal(size), "B"
    for bigger in ("KB", "MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{number_text(value, places=1)} {unit}"


def wrap_words(text: str, chars: int) -> list[str]:
    """The text in lines of at most ``chars`` characters, broken between words (SVG labels)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def roman(number: int) -> str:
    """11 → "XI" (area and group numbers of the decree)."""
    if number < 1:
        return str(number)
    parts = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def person_name(user: Any, *, empty: str = "") -> str:
    """The user's full name, or the username when no name is set."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


def date_text(value: datetime.date | None, *, empty: str = EMPTY) -> str:
    """2025-04-12 → "12 April 2025"."""
    if value is None:
        return empty
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def datetime_text(value: datetime.datetime | None, *, empty: str = EMPTY) -> str:
    """An aware datetime in the portal's time zone (Asia/Pontianak): "12 April 2025 09.30"."""
    if value is None:
        return empty
    return formats.date_format(timezone.localtime(value), "j F Y H.i")


def time_text(value: datetime.datetime | None, *, empty: str = EMPTY) -> str:
    """An aware datetime's time of day in the portal's time zone: "09.30.12"."""
    if value is None:
        return empty
    return formats.date_format(timezone.localtime(value), "H.i.s")
