"""The forms of the public answering pages (no login): a one-time code, and one
questionnaire with the respondent profile.

What an answer must hold is read by ``surveys.answers.values_read`` (the one reader, also
the import's): the form calls it in ``clean`` so that every problem — a missing answer, a
value outside 1–4, a profile field — shows at once, each next to its question. The storing
door (``surveys.responses.response_submit``) checks the same again and adds the refusals
only it can know (a used code, a closed quarter): ``refusal`` puts them next to their cause.

Field names follow the service's names (``age``, ``sex``, ``service``, ``comment`` and
each element's code), so a service's ValidationError lands on its field as it is.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from common.form_rendering import PortalFormMixin, RadioChoices
from common.forms import apply_errors, text_field
from common.limits import COMMENT_CHARS

from .answers import values_read
from .choices import Education, Occupation, Sex
from .models import Service
from .responses import AGE_MAX, AGE_MIN, Profile, Submission
from .selectors import AnswerSheet

CODE_MISSING = "Isi kode survei yang tertera pada struk layanan."
AGE_INVALID = "Isi usia dengan angka, dalam tahun."
CHOICE_INVALID = "Pilih salah satu dari daftar."
TRAP = "website"  # the honeypot: hidden from people (CSS), a bot fills it


class AnswerChoices(RadioChoices):
    """The four answers of an element (or the choices of a profile question) as large
    targets: each whole row is the radio's label."""

    template_name = "surveys/public/widgets/answers.html"
    option_template_name = "surveys/public/widgets/answer.html"


class CodeForm(PortalFormMixin, forms.Form):
    """The one-time code of a service slip."""

    code = forms.CharField(
        label="Kode survei",
        max_length=40,
        help_text="Sepuluh huruf dan angka, tertera pada struk atau kartu dari petugas layanan.",
        error_messages={"required": CODE_MISSING, "max_length": CODE_MISSING},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "survey-code",
            }
        ),
    )


def _choice(label: str, choices: list[tuple[str, str]], widget: forms.Widget) -> forms.Field:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=widget,
        error_messages={"invalid_choice": CHOICE_INVALID},
    )


class AnswerForm(PortalFormMixin, forms.Form):
    """One respondent's page of ``sheet``: the profile (every part optional), each element
    as a required choice of its four answer words, a comment and the honeypot."""

    age = forms.IntegerField(
        label="Usia (tahun)",
        required=False,
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        error_messages={
            "invalid": AGE_INVALID,
            "min_value": f"Usia paling sedikit {AGE_MIN} tahun.",
            "max_value": f"Usia paling banyak {AGE_MAX} tahun.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "survey-age"}),
    )
    sex = _choice("Jenis kelamin", list(Sex.choices), AnswerChoices)
    education = _choice(
        "Pendidikan terakhir", [("", "Pilih pendidikan"), *Education.choices], forms.Select
    )
    occupation = _choice(
        "Pekerjaan utama", [("", "Pilih pekerjaan"), *Occupation.choices], forms.Select
    )
    service = _choice("Jenis layanan yang Saudara terima", [], forms.Select)
    comment = text_field("Tulis saran atau masukan Saudara", rows=4, max_chars=COMMENT_CHARS)
    website = forms.CharField(
        label="Jangan diisi",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, data: Any = None, *, sheet: AnswerSheet, service: int | None = None) -> None:
        super().__init__(data, initial={"service": service} if service else None)
        self.sheet = sheet
        self.fields[
            "comment"
        ].help_text = (
            "Tidak wajib. Saran Saudara dibaca oleh satuan kerja dan tidak ditampilkan untuk umum."
        )
        if sheet.services:
            self.fields["service"].choices = [
                ("", "Pilih jenis layanan"),
                *((str(s.pk), s.name) for s in sheet.services),
            ]
        else:
            del self.fields["service"]
        for number, element in enumerate(sheet.elements, start=1):
            field = forms.CharField(
                label=element.question,
                required=False,
                template_name="surveys/public/answer_field.html",
                widget=AnswerChoices(
                    choices=[(str(i), words) for i, words in enumerate(element.labels, start=1)]
                ),
            )
            field.number = number  # type: ignore[attr-defined]
            self.fields[element.code] = field

    @property
    def profile_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("age", "sex", "education", "occupation", "service")
            if name in self.fields
        ]

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[e.code] for e in self.sheet.elements]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            values_read(self.sheet.elements, self._values(data), blanks_allowed=False)
        except ValidationError as error:
            apply_errors(self, error)
        return data

    def _values(self, data: dict[str, Any]) -> dict[str, object]:
        return {e.code: data.get(e.code, "") for e in self.sheet.elements}

    @property
    def is_trap(self) -> bool:
        """The honeypot was filled: a bot. The page answers as if it stored the answers."""
        return bool(self.cleaned_data.get(TRAP))

    def submission(self) -> Submission:
        data = self.cleaned_data
        services = {str(s.pk): s for s in self.sheet.services}
        service: Service | None = services.get(data.get("service") or "")
        profile = Profile(
            age=data.get("age"),
            sex=data.get("sex") or "",
            education=data.get("education") or "",
            occupation=data.get("occupation") or "",
            comment=data.get("comment") or "",
        )
        return Submission(values=self._values(data), profile=profile, service=service)

    def refusal(self, error: ValidationError) -> None:
        """A refusal of the storing door, next to its field (the code, the quarter, the
        desk: above the form)."""
        apply_errors(self, error)
