from __future__ import annotations

from typing import Any

from django import forms

from common.form_rendering import PortalFormMixin
from common.forms import MAX_TEXT_CHARS, PercentField, text_field

from .models import ActionItemStatus, ProgressEntry


class VersionedRowForm(PortalFormMixin, forms.Form):
    """A row of the Progres Bulanan page; ``version`` is the row's version when loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ProgressForm(VersionedRowForm):
    compact = True

    percent = PercentField(label="Realisasi (%)", widget=forms.TextInput({"placeholder": "0–100"}))
    activities = text_field("Kegiatan yang dilaksanakan")
    obstacles = text_field("Kendala")
    follow_up = text_field("Tindak lanjut")
    is_internal = forms.BooleanField(
        label="Narasi internal (tidak tampil di halaman publik)", required=False
    )
    field_order = ["percent", "activities", "obstacles", "follow_up", "is_internal", "version"]
    NARRATIVE = ("activities", "obstacles", "follow_up")

    @property
    def narrative(self) -> list[forms.BoundField]:
        """The three texts of the entry, shown side by side."""
        return [self[name] for name in self.NARRATIVE]


class ActionStatusForm(VersionedRowForm):
    compact = True
    hidden_labels = ("status", "note")  # one line beside the action item's text

    status = forms.ChoiceField(
        label="Status",
        choices=ActionItemStatus.Status.choices,
        widget=forms.Select({"class": "w-auto"}),
    )
    note = forms.CharField(
        label="Catatan",
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.TextInput({"placeholder": "Catatan"}),
    )
    field_order = ["status", "note", "version"]


def entry_initial(entry: ProgressEntry | None) -> dict[str, Any]:
    """The row form's values for an entry (or an empty row, version 0)."""
    if entry is None:
        return {"version": 0}
    return {
        "percent": entry.percent,
        "activities": entry.activities,
        "obstacles": entry.obstacles,
        "follow_up": entry.follow_up,
        "is_internal": entry.is_internal,
        "version": entry.version,
    }


def status_initial(row: ActionItemStatus | None) -> dict[str, Any]:
    if row is None:
        return {"version": 0, "status": ActionItemStatus.Status.BELUM}
    return {"status": row.status, "note": row.note, "version": row.version}
