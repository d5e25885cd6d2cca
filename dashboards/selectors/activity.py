"""The dashboard's "Aktivitas terbaru": the latest audit records of a plan, as of a view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from areas.models import WorkPlan
from common.dates import today
from common.formatting import month_name, percent_text, person_name
from dashboards.selectors.asof import View, history_as_of, live_view
from evidence.models import Evidence
from periods.models import MonthLock
from targets.models import ActionItemStatus, ProgressEntry


@dataclass
class Activity:
    when: datetime.datetime
    who: str
    text: str


_VERBS = {"+": "mengisi", "~": "mengubah", "-": "menghapus"}


def _entry_text(r: Any) -> str:
    period = month_name(r.month)
    return f"{_VERBS.get(r.history_type, '')} progres {r.component.name} {period}: {percent_text(r.percent)}"


def _status_text(r: Any) -> str:
    item = f"{r.action.area.number}.{r.action.label} {month_name(r.month)}"
    return f"menandai rencana aksi {item}: {r.get_status_display()}"


def _evidence_text(r: Any) -> str:
    item = f"{r.action.area.number}.{r.action.label} {month_name(r.month)}"
    text = f"bukti dukung {item}: {r.get_status_display()}"
    if r.status == Evidence.Status.DIUNGGAH:
        text = f"mengunggah versi {r.current_version} " + text
    return text


def _lock_text(r: Any) -> str:
    verb = "mengunci" if r.is_locked else "membuka kembali"
    return f"{verb} bulan {month_name(r.month)}"


def latest_activity(plan: WorkPlan, *, limit: int = 10, view: View | None = None) -> list[Activity]:
    """The most recent audit records of the plan's entries, statuses, evidence and locks
    (made before the view's cutoff)."""
    if not limit:
        return []
    view = view or live_view(plan.year, today())
    sources = [
        (ProgressEntry.history.filter(component__plan=plan), ["component"], _entry_text),
        (ActionItemStatus.history.filter(action__area__plan=plan), ["action__area"], _status_text),
        (Evidence.history.filter(action__area__plan=plan), ["action__area"], _evidence_text),
        (MonthLock.history.filter(unit_id=plan.unit_id, year=plan.year), [], _lock_text),
    ]
    rows: list[Activity] = []
    for records, related, text in sources:
        latest = (
            history_as_of(records, view)
            .select_related("history_user", *related)
            .order_by("-history_date")
        )
        for r in latest[:limit]:
            who = person_name(r.history_user, empty="sistem")
            rows.append(Activity(r.history_date, who, text(r)))
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows[:limit]
