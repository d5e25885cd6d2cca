"""Form helpers every app's pages share."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .formatting import number_text
from .limits import NOTE_CHARS

PERCENT_HINT = "Isi dengan angka 0–100, misalnya 75 atau 62,5."
# The longest text a person may enter in one field (narratives), in a form or an imported
# cell alike (common.limits).
MAX_TEXT_CHARS = NOTE_CHARS


class PercentField(forms.Field):
    """A percent 0–100 typed as Indonesians do: "62,5" and "62.5" are both 62.5."""

    widget = forms.TextInput
    default_error_messages = {"required": "Isi realisasi (0–100)."}

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(inputmode="decimal", autocomplete="off")
        return attrs

    def prepare_value(self, value: Any) -> Any:
        return number_text(value, empty="") if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return parse_percent(value)


def typed_number(text: str) -> Decimal | None:
    """A number typed with a decimal comma or point: "62,5" and "62.5" are 62.5 (one comma and
    no point is the decimal comma); None for what is not a finite number."""
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_percent(value: Any) -> Decimal | None:
    """ "62,5", "62.5", "62,5 %" → Decimal("62.50"); blank → None; else a ValidationError."""
    text = str(value if value is not None else "").strip().replace("%", "").strip()
    if not text:
        return None
    if len(text) > 12:
        raise forms.ValidationError(PERCENT_HINT, code="invalid")
    number = typed_number(text)
    if number is None:
        raise forms.ValidationError(PERCENT_HINT, code="invalid")
    if number < 0 or number > 100:
        raise forms.ValidationError("Persentase harus antara 0 dan 100.", code="range")
    if number != number.quantize(Decimal("0.01")):
        raise forms.ValidationError("Paling banyak dua angka di belakang koma.", code="precision")
    return number.quantize(Decimal("0.01"))


def apply_errors(
    form: forms.Form, error: ValidationError, *, fields: Iterable[str] | None = None
) -> None:
    """Put a service's ValidationError next to the fields it names (``fields`` maps every
    named field onto the first of them when given), the rest above the form."""
    targets = list(fields) if fields is not None else None
    if not hasattr(error, "error_dict"):
        form.add_error(targets[0] if targets else None, error.messages)
        return
    for name, texts in error.message_dict.items():
        if targets is not None:
            field = targets[0] if name in targets else None
        else:
            field = name if name in form.fields else None
        form.add_error(field, texts)


def flash_outcome(request: HttpRequest, form: forms.Form, *, saved: bool, done: str) -> None:
    """After a save answered with a redirect (no htmx): ``done`` when it was saved, else the
    form's messages, shown on the page the user lands on."""
    if saved:
        messages.success(request, done)
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))


def text_field(label: str, rows: int = 2, *, max_chars: int = NOTE_CHARS) -> forms.CharField:
    """An optional free-text field (explanation, note), capped as its column is
    (common.limits)."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_chars,
    )
