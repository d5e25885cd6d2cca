from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms


class PercentField(forms.Field):
    """A percent 0–100 typed as Indonesians do: "62,5" and "62.5" are both 62.5."""

    widget = forms.TextInput
    default_error_messages = {"required": "Isi realisasi (0–100)."}

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(inputmode="decimal", autocomplete="off")
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value if value is not None else "").strip().replace("%", "").strip()
        if not text:
            return None
        if len(text) > 12:
            raise forms.ValidationError(
                "Isi dengan angka 0–100, misalnya 75 atau 62,5.", code="invalid"
            )
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                "Isi dengan angka 0–100, misalnya 75 atau 62,5.", code="invalid"
            ) from None
        if not number.is_finite():
            raise forms.ValidationError(
                "Isi dengan angka 0–100, misalnya 75 atau 62,5.", code="invalid"
            )
        if number < 0 or number > 100:
            raise forms.ValidationError("Persentase harus antara 0 dan 100.", code="range")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError(
                "Paling banyak dua angka di belakang koma.", code="precision"
            )
        return number.quantize(Decimal("0.01"))
