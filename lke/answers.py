"""Reading an answer typed in the portal or read from the official workbook.

:func:`parse_answer` is the one place that turns text into what an ``Answer`` stores: a key
of the question's scheme (as the worksheet spells it), or a number (counts, surveys).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError

from .models import Question

COUNT_MESSAGE = "Isi bilangan bulat 0 atau lebih."
SURVEY_MESSAGE = "Isi nilai 0 sampai 4 dengan paling banyak dua angka desimal (misalnya 3,45)."
# The answer's number column holds 10 digits before the decimal point.
COUNT_MAX = Decimal(10) ** 10 - 1
# A whole number; a spreadsheet may hand "12.0" or "12,00" for 12.
_COUNT = re.compile(r"^\d+(?:[.,]0+)?$")
_SURVEY = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


def parse_answer(question: Question, text: str) -> tuple[str, Decimal | None]:
    """(scheme key, None) or ("", number); ("", None) for an empty text (the answer cleared).

    Keys are matched without regard to case ("ya" → "Ya"); numbers accept a decimal comma
    or point. Raises ValidationError with a message naming the allowed values.
    """
    value = (text or "").strip()
    if not value:
        return "", None
    kind = question.answer_type
    if kind == Question.AnswerType.COUNT:
        if not _COUNT.match(value):
            raise ValidationError(COUNT_MESSAGE, code="count")
        number = Decimal(value.replace(",", ".")).quantize(Decimal(1))
        if number > COUNT_MAX:
            raise ValidationError(
                "Jumlah terlalu besar — isi bilangan bulat 0 sampai 9999999999.", code="count"
            )
        return "", number
    if kind == Question.AnswerType.SURVEY:
        number = Decimal(value.replace(",", ".")) if _SURVEY.match(value) else None
        if number is None or number > 4:
            raise ValidationError(SURVEY_MESSAGE, code="survey")
        return "", number
    keys = [str(option["key"]) for option in question.scheme]
    for key in keys:
        if key.casefold() == value.casefold():
            return key, None
    raise ValidationError(
        'Jawaban "%(value)s" tidak dikenal — pilih salah satu: %(keys)s.',
        code="choice",
        params={"value": value, "keys": ", ".join(keys)},
    )


def answer_label(question: Question, choice: str) -> str:
    """The choice in words: the scheme's label of the key ("" for no choice; the key
    itself when the scheme does not have it)."""
    if not choice:
        return ""
    for option in question.scheme:
        if option["key"] == choice:
            return str(option["label"])
    return choice
