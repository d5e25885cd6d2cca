from __future__ import annotations

from typing import Any

from django import forms

from common.form_rendering import PortalFormMixin
from common.formatting import month_name
from common.limits import REASON_CHARS


class LockForm(PortalFormMixin, forms.Form):
    """A click on "Kunci" or "Buka" of one month; reopening needs a reason."""

    hidden_labels = ("reason",)  # the row names the month; the label is for screen readers
    compact = True

    op = forms.ChoiceField(
        choices=[("lock", "Kunci"), ("reopen", "Buka")],
        widget=forms.HiddenInput,
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
        widget=forms.TextInput(attrs={"placeholder": "Alasan membuka kembali", "required": True}),
        max_length=REASON_CHARS,
    )


def with_row_forms(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each month of the lock page with the form of its button: "Kunci", or "Buka" with a
    reason field of its own (ids per month, the label naming the month)."""
    for m in months:
        op = "reopen" if m["lock"] and m["lock"].is_locked else "lock"
        form = LockForm(initial={"op": op, "month": m["number"]}, auto_id=f"id_m{m['number']}_%s")
        form.fields["reason"].label = f"Alasan membuka kembali {month_name(m['number'])}"
        m["form"] = form
    return months
