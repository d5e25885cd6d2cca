from typing import Any

from django import forms

from zi_portal.forms import PercentField

from .models import ActionItemStatus, ProgressEntry


class ProgressForm(forms.Form):
    percent = PercentField(label="Realisasi (%)")
    activities = forms.CharField(
        label="Kegiatan yang dilaksanakan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    obstacles = forms.CharField(
        label="Kendala", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    follow_up = forms.CharField(
        label="Tindak lanjut",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    is_internal = forms.BooleanField(
        label="Narasi internal (tidak tampil di halaman publik)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionItemStatus.Status.choices)
    note = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 1}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReopenForm(forms.Form):
    month = forms.IntegerField(min_value=1, max_value=12, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Alasan membuka kembali", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def entry_initial(entry: ProgressEntry | None) -> dict[str, Any]:
    """The row form's values for an entry (or an empty row, version 0)."""
    if entry is None:
        return {"version": 0}
    return {
        "percent": str(entry.percent).rstrip("0").rstrip(".").replace(".", ","),
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
