"""One cell's text: how it is stored, matched, shown in the preview and written to a file.

Numbers, percents and people are formatted by common.formatting; formulas are escaped by
common.spreadsheet. What is here is the files' own vocabulary (month names, yes/no) and the
small rules for matching and cleaning a cell's text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from common.formatting import MONTH_ABBR, number_text
from common.spreadsheet import unescape_formula

EMPTY = "(kosong)"  # an empty value in the preview

# Months as the files write them, whatever the reader's language: the full name first, then
# the other spellings the importer accepts (besides MONTH_ABBR).
MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("Januari",),
    2: ("Februari", "Pebruari", "Peb"),
    3: ("Maret",),
    4: ("April",),
    5: ("Mei",),
    6: ("Juni",),
    7: ("Juli",),
    8: ("Agustus", "Agu", "Agus"),
    9: ("September", "Sept"),
    10: ("Oktober",),
    11: ("November", "Nop", "Nopember"),
    12: ("Desember",),
}
YES, NO = "Ya", "Tidak"
_NO_WORDS = frozenset({"", "tidak", "t", "n", "no", "false", "0", "bukan"})
_YES_WORDS = frozenset({"ya", "y", "yes", "true", "1", "internal"})


def clean_text(value: str) -> str:
    """Text as stored: one newline style, no characters a workbook cannot hold, stripped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()


def cell_text(value: Any) -> str:
    """A cell as the text an import reads: 12 rather than 12.0, dates as ISO, the formula
    escape removed, stored as text is (clean_text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return clean_text(unescape_formula(str(value).strip()))


def norm(value: Any) -> str:
    """A name for matching: case, spacing and line breaks do not count."""
    return " ".join(str(value).split()).casefold()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_number(value: Decimal | None) -> int | float | None:
    """A percent for a cell: 100 rather than 100.00, 62.5 rather than Decimal('62.50')."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def timestamp_text(value: datetime.datetime | None) -> str:
    """When a row was changed, sortable in a spreadsheet: 2025-04-12 09:30 (portal time)."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def column_letter(index: int) -> str:
    """A column as a spreadsheet names it: 0 → "A", 26 → "AA"."""
    return get_column_letter(index + 1)


def thousands(number: int) -> str:
    """20000 → "20.000"."""
    return f"{number:,}".replace(",", ".")


def month_full_name(month: int) -> str:
    return MONTH_WORDS[month][0]


def month_names(month: int) -> tuple[str, ...]:
    """Every header or cell text that names the month."""
    return (MONTH_ABBR[month - 1], *MONTH_WORDS[month])


def month_by_name(text: str) -> int | None:
    wanted = norm(text)
    for month in MONTH_WORDS:
        if wanted in {norm(n) for n in month_names(month)}:
            return month
    return None


def yes_no(value: Any) -> str:
    return YES if value else NO


def read_yes_no(text: str) -> bool | None:
    """True for "Ya", False for "Tidak" or blank, None for anything else."""
    word = norm(text)
    if word in _NO_WORDS:
        return False
    if word in _YES_WORDS:
        return True
    return None


# --- the preview ----------------------------------------------------------------------------


def shown_number(value: Any) -> str:
    """A percent or weight in the preview: 62,5; (kosong) when there is none."""
    return number_text(value, empty=EMPTY)


def shown_text(text: str, limit: int = 60) -> str:
    """A text in the preview: quoted, on one line, cut at ``limit`` characters."""
    text = " ".join(text.split())
    if not text:
        return EMPTY
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def shown_value(value: Any) -> str:
    return shown_text(value) if isinstance(value, str) else shown_number(value)


def same_value(old: Any, new: Any) -> bool:
    """Is the stored ``old`` what the file says (``new``)? Text compares as it is stored."""
    return clean_text(old) == new if isinstance(old, str) else old == new
