"""A number typed with a decimal comma or point is read by one function (common.forms
typed_number), for the progress form's percent and the import's cells alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from common.forms import parse_percent, typed_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("62,5", Decimal("62.5")),
        ("62.5", Decimal("62.5")),
        ("100", Decimal("100")),
        ("-3,25", Decimal("-3.25")),
        ("1.000,5", None),  # a thousands point and a decimal comma: not read as a number
        ("1,2,3", None),
        ("abc", None),
        ("NaN", None),
        ("Infinity", None),
        ("", None),
    ],
)
def test_a_typed_number_reads_one_decimal_comma_or_point(text: str, number: Decimal | None) -> None:
    assert typed_number(text) == number


def test_the_percent_field_reads_what_typed_number_reads() -> None:
    assert parse_percent("62,5 %") == Decimal("62.50")
    for text in ("NaN", "1.000,5", "abc"):
        with pytest.raises(forms.ValidationError) as refused:
            parse_percent(text)
        assert refused.value.code == "invalid"
