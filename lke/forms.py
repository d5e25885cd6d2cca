"""The forms of the LKE pages: one question's answer (saved in place) and the what-if sandbox.

Both read what a person typed through ``lke.answers.parse_answer``, the one place that knows
the answer types, so the page says exactly what an import or the service would say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from common.form_rendering import PortalFormMixin, RadioChoices
from common.forms import text_field
from lke.selectors.pages import scheme_choices

from .answers import parse_answer
from .models import Answer, Question
from .scoring import AnswerValue


class AnswerForm(PortalFormMixin, forms.Form):
    """One side's answer to one question; ``version`` is the answer's version when loaded
    (0 when there was none yet). The unit chooses from radio buttons; the TPI (``tpi``)
    from a list, beside the unit's answer."""

    compact = True

    answer = forms.CharField(label="Jawaban", required=False, max_length=20)
    note = text_field("Penjelasan")
    evidence_note = text_field("Bukti dukung (uraian)", rows=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, question: Question, tpi: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        answer = self.fields["answer"]
        answer.widget = answer_widget(question, cut=110 if tpi else None)
        if tpi:
            answer.label = "Jawaban TPI"
            self.fields["note"].label = "Catatan TPI"
        elif question.answer_type == Question.AnswerType.SURVEY:
            answer.label = "Nilai survei (0–4)"
        elif not question.scheme:
            answer.label = "Jumlah"

    def clean_answer(self) -> str:
        text = self.cleaned_data["answer"].strip()
        parse_answer(self.question, text)  # an Indonesian message naming the allowed values
        return text


def answer_widget(question: Question, *, cut: int | None) -> forms.Widget:
    """How an answer is typed: a number for counts and surveys; a choice of the scheme's
    keys: radio buttons (``cut`` None), or a list with each choice cut to ``cut`` chars."""
    choices = scheme_choices(question)
    if not choices:
        survey = question.answer_type == Question.AnswerType.SURVEY
        hint = "mis. 3,45" if survey else "mis. 12"
        attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "w-auto"}
        return forms.TextInput(attrs=attrs | ({"placeholder": hint} if cut is None else {}))
    if cut is None:
        return RadioChoices(choices=[*choices, ("", "Belum dijawab")])
    cut_choices = [(key, Truncator(words).chars(cut)) for key, words in choices]
    return forms.Select(choices=[("", "belum dijawab"), *cut_choices])


def answertext_field(answer: Answer | None) -> str:
    """The stored answer as it is typed: the scheme's key, or the number ("12", "3,45")."""
    if answer is None:
        return ""
    if answer.choice:
        return answer.choice
    if answer.number is None:
        return ""
    return valuetext_field(AnswerValue(number=answer.number))


def valuetext_field(value: AnswerValue) -> str:
    """An answer value as it is typed in a field: "A", "12", "3,45" ("" when unanswered)."""
    if value.choice or value.number is None:
        return value.choice
    text = f"{value.number.normalize():f}"
    return text.replace(".", ",")


def answer_initial(answer: Answer | None) -> dict[str, Any]:
    """The form's values for a stored answer (or none yet: version 0)."""
    if answer is None:
        return {"version": 0, "answer": ""}
    return {
        "answer": answertext_field(answer),
        "note": answer.note,
        "evidence_note": answer.evidence_note,
        "version": answer.version,
    }


class WhatIfForm(PortalFormMixin, forms.Form):
    """Every question of the worksheet as a field ``q<id>``; nothing here is ever saved."""

    compact = True

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        questions: Iterable[Question],
        current: Mapping[int, AnswerValue],
    ) -> None:
        super().__init__(data)
        self.questions = {q.pk: q for q in questions}
        self.current = current
        for pk in self.questions:
            question = self.questions[pk]
            label = f"{question.code} {question.text}".strip()
            self.fields[f"q{pk}"] = forms.CharField(
                label=Truncator(label).chars(150),
                required=False,
                max_length=20,
                initial=valuetext_field(current.get(pk, AnswerValue())),
                widget=answer_widget(question, cut=70),
            )

    def overrides(self) -> dict[int, AnswerValue]:
        """The answers that differ from the stored ones (after ``is_valid``); a field left out
        of the data keeps its stored answer, one that cannot be read carries its message and
        changes nothing."""
        changed: dict[int, AnswerValue] = {}
        for pk, question in self.questions.items():
            name = f"q{pk}"
            if name not in self.data or name not in self.cleaned_data:
                continue
            try:
                choice, number = parse_answer(question, self.cleaned_data[name])
            except ValidationError as error:
                self.add_error(name, error)
                continue
            value = AnswerValue(choice=choice, number=number)
            if value != self.current.get(pk, AnswerValue()):
                changed[pk] = value
        return changed
