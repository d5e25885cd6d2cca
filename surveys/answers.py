"""Reading one respondent's answers: the one place that says what a response must hold,
for every door (the phone form, the paper import, the shell).

Values are 1–4 (the scale of all three surveys). On a phone every element is required; on
paper a blank is allowed (it is left out of that element's NRR). Messages are keyed by the
element's code so that a form shows each next to its question and an import next to its
column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import SCALE, Element

MISSING = "Pilih salah satu jawaban untuk pertanyaan ini."
OUT_OF_SCALE = "Jawaban harus bernilai 1, 2, 3, atau 4."
UNKNOWN = "Unsur {code} tidak ada dalam kuesioner ini."
EMPTY = "Isi sedikitnya satu jawaban."


@dataclass(frozen=True)
class ElementValue:
    element: Element
    value: int


def values_read(
    elements: list[Element],
    raw: Mapping[str, object],
    *,
    blanks_allowed: bool,
) -> list[ElementValue]:
    """The values of ``raw`` (element code → "1".."4", an int, or blank), checked all at
    once: every problem is raised together, keyed by the code, and nothing is returned
    half."""
    errors: dict[str, str] = {}
    known = {e.code for e in elements}
    for code in raw:
        if code not in known:
            errors[code] = UNKNOWN.format(code=code)
    values: list[ElementValue] = []
    for element in elements:
        value = raw.get(element.code)
        text = "" if value is None else str(value).strip()
        if text == "":
            if not blanks_allowed:
                errors[element.code] = MISSING
            continue
        number = _scale_value(text)
        if number is None:
            errors[element.code] = OUT_OF_SCALE
            continue
        values.append(ElementValue(element, number))
    if not errors and not values:
        errors["__all__"] = EMPTY
    if errors:
        raise ValidationError(errors)
    return values


def _scale_value(text: str) -> int | None:
    """ "3", "3.0" (a spreadsheet's number) → 3; anything else outside 1–4 → None."""
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        return None
    number = int(text)
    return number if number in SCALE else None
