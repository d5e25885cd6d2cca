"""The forms of the evaluation's steps: the reason of a reopening and the note of a
question sent back to the unit (the services say when one is missing; the forms only cap
the length)."""

from __future__ import annotations

from django import forms

from common.forms import MAX_TEXT_CHARS


def _note(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT_CHARS,
    )


class ReasonForm(forms.Form):
    """Why the Ketua reopens the self-assessment (recorded in the history)."""

    reason = _note("Alasan membuka kembali")


class SendBackForm(forms.Form):
    """What the unit has to correct in its answer."""

    note = _note("Yang perlu diperbaiki unit")
