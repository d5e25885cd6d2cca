from __future__ import annotations

from django import forms

from common.limits import REASON_CHARS


class LockForm(forms.Form):
    """A click on "Kunci" or "Buka" of one month; reopening needs a reason."""

    op = forms.ChoiceField(
        choices=[("lock", "Kunci"), ("reopen", "Buka")],
        error_messages={
            "invalid_choice": "Tindakan tidak dikenal: pilih Kunci atau Buka.",
            "required": "Tindakan tidak dikenal: pilih Kunci atau Buka.",
        },
    )
    month = forms.IntegerField(
        min_value=1,
        max_value=12,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Bulan tidak dikenal.",
            "min_value": "Bulan tidak dikenal.",
            "max_value": "Bulan tidak dikenal.",
            "required": "Bulan tidak dikenal.",
        },
    )
    reason = forms.CharField(
        label="Alasan membuka kembali",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_CHARS,
    )
