"""The forms of the evaluation's steps: the reason of a reopening and the note of a
question sent back to the unit (the services say when one is missing; the forms only cap
the length)."""

from __future__ import annotations

from django import forms

from common.form_rendering import PortalFormMixin
from common.forms import text_field
from common.limits import REASON_CHARS


class ReasonForm(PortalFormMixin, forms.Form):
    """Why the Ketua reopens the self-assessment (recorded in the history)."""

    reason = text_field("Alasan membuka kembali", rows=3, max_chars=REASON_CHARS)


class SendBackForm(PortalFormMixin, forms.Form):
    """What the unit has to correct in its answer."""

    compact = True

    note = text_field("Yang perlu diperbaiki unit")
