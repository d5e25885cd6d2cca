"""The "Riwayat" of a record from its django-simple-history rows: who, when, old → new."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .formatting import (
    EMPTY,
    date_text,
    datetime_text,
    month_name,
    number_text,
    percent_text,
    person_name,
)

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


# Fields holding a month number (1–12) show the month's name.
MONTH_FIELDS = {"month"}


def display_value(field: Any, value: Any) -> str:
    """A recorded value as a user reads it, through the one formatter: "80%", "April",
    "12 April 2025 09.30" — never "80.00", "4" or an ISO timestamp."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if field.name in MONTH_FIELDS and isinstance(value, int) and 1 <= value <= 12:
        return month_name(value)
    if isinstance(value, datetime.datetime):
        return datetime_text(value)
    if isinstance(value, datetime.date):
        return date_text(value)
    if isinstance(value, Decimal | float):
        return percent_text(value) if "percent" in field.name else number_text(value)
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
                        old=display_value(f, old) if record.history_type != "+" else "",
                        new=display_value(f, new),
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
