"""Reading a typed or imported answer: every answer type, its edges and its messages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lke.answers import answer_label, parse_answer
from lke.models import Question

pytestmark = pytest.mark.django_db


def question(answer_type: str) -> Question:
    """The first question of the loaded LKE with this answer type."""
    return Question.objects.filter(worksheet__year=2026, answer_type=answer_type).first()


def refused(answer_type: str, text: str) -> str:
    with pytest.raises(ValidationError) as error:
        parse_answer(question(answer_type), text)
    (message,) = error.value.messages
    return message


@pytest.mark.parametrize(
    ("answer_type", "text", "key"),
    [
        ("ya_tidak", "Ya", "Ya"),
        ("ya_tidak", "ya", "Ya"),
        ("ya_tidak", " TIDAK ", "Tidak"),
        ("abc", "c", "C"),
        ("abcd", "D", "D"),
        ("abcde", "e", "E"),
        ("abcde", "a", "A"),
    ],
)
def test_scheme_keys_are_read_without_regard_to_case(answer_type: str, text: str, key: str) -> None:
    assert parse_answer(question(answer_type), text) == (key, None)


@pytest.mark.parametrize(
    ("answer_type", "text", "allowed"),
    [
        ("ya_tidak", "Y", "Ya, Tidak"),
        ("ya_tidak", "1", "Ya, Tidak"),
        ("abc", "D", "A, B, C"),
        ("abcd", "F", "A, B, C, D"),
        ("abcde", "AB", "A, B, C, D, E"),
    ],
)
def test_an_unknown_key_names_the_allowed_ones(answer_type: str, text: str, allowed: str) -> None:
    assert refused(answer_type, text) == (
        f'Jawaban "{text}" tidak dikenal — pilih salah satu: {allowed}.'
    )


@pytest.mark.parametrize("answer_type", ["ya_tidak", "abcde", "count", "survey"])
@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_text_clears_the_answer(answer_type: str, text: str) -> None:
    assert parse_answer(question(answer_type), text) == ("", None)


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("12", 12), (" 7 ", 7), ("12.0", 12), ("12,00", 12), ("9999999999", 9999999999)],
)
def test_counts_are_whole_numbers_from_zero(text: str, number: int) -> None:
    choice, value = parse_answer(question("count"), text)
    assert (choice, value) == ("", Decimal(number))
    assert value == value.to_integral_value()


@pytest.mark.parametrize("text", ["-1", "1,5", "2.25", "1.234,5", "abc", "1e3", "+3", "12 orang"])
def test_a_count_that_is_not_a_whole_number_is_refused(text: str) -> None:
    assert refused("count", text) == "Isi bilangan bulat 0 atau lebih."


def test_a_count_too_large_for_the_column_is_refused() -> None:
    assert "terlalu besar" in refused("count", "10000000000")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3,45", "3.45"),
        ("3.45", "3.45"),
        ("0", "0"),
        ("4", "4"),
        ("4,00", "4"),
        ("3,6", "3.6"),
        (" 2.5 ", "2.5"),
    ],
)
def test_survey_values_take_a_comma_or_a_point(text: str, number: str) -> None:
    assert parse_answer(question("survey"), text) == ("", Decimal(number))


@pytest.mark.parametrize(
    "text", ["4,01", "5", "-0,5", "3,456", "3.", ",5", "tiga", "NaN", "Infinity"]
)
def test_a_survey_value_outside_0_to_4_or_with_three_decimals_is_refused(text: str) -> None:
    assert refused("survey", text) == (
        "Isi nilai 0 sampai 4 dengan paling banyak dua angka desimal (misalnya 3,45)."
    )


def test_the_label_is_the_choice_in_words() -> None:
    abc = Question.objects.get(worksheet__year=2026, code="PPA1B")
    assert answer_label(abc, "A").startswith("Jika dengan prosedur/mekanisme yang jelas")
    assert answer_label(question("ya_tidak"), "Tidak") == "Tidak"
    assert answer_label(abc, "") == ""
    assert answer_label(abc, "Z") == "Z"
    assert answer_label(question("survey"), "") == ""
