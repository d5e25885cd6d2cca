"""The "Riwayat" of a record from its django-simple-history rows: who, when, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .formatting import person_name

HIDDEN_FIELDS = {"id", "version", "updated_at", "changed_at", "created_at", "current_version"}
TYPE_LABELS = {"+": "dibuat", "~": "diubah", "-": "dihapus"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: Any
    who: str
    action: str
    changes: list[Change]
    reason: str


def _display(record: Any, field: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def history_rows(records: QuerySet) -> list[HistoryRow]:
    """Newest first; each row lists the fields that changed against the previous record."""
    ordered = list(records.select_related("history_user").order_by("history_date", "history_id"))
    if not ordered:
        return []
    model = ordered[0].instance_type
    rows: list[HistoryRow] = []
    previous = None
    for record in ordered:
        changes: list[Change] = []
        # Relations (the record's owner, "by whom") are shown as the row's context instead.
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in HIDDEN_FIELDS and not f.primary_key and not f.is_relation
        ]
        for f in fields:
            new = getattr(record, f.name, None)
            old = getattr(previous, f.name, None) if previous is not None else None
            if record.history_type == "+" and new in (None, ""):
                continue
            if record.history_type == "+" or new != old:
                changes.append(
                    Change(
                        field=str(f.verbose_name),
                        old=_display(record, f, old) if record.history_type != "+" else "",
                        new=_display(record, f, new),
                    )
                )
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=person_name(user, empty="sistem"),
                action=TYPE_LABELS.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    rows.reverse()
    return rows


def history_response(
    request: HttpRequest, *, unit: Any, title: str, rows: list[HistoryRow], back: str
) -> HttpResponse:
    """The "Riwayat" page of any record."""
    return render(
        request, "history.html", {"unit": unit, "title": title, "rows": rows, "back": back}
    )
