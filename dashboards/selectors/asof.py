"""The moment a page or a document shows: through which month of the plan's year, and which
uploads, reviews and audit records it may see (docs/dashboard.md, "As of a month").

- A **live** view (the dashboard without a chosen month) runs to today: the current month is
  still open, so its empty cells are not yet missing.
- A **month** view (a monthly report of month M, a past month chosen on the dashboard) shows
  month M as it stood at its end: months after M do not exist for it, M's empty cells are
  missing, and evidence versions, reviews and audit records made after the end of M (midnight
  Asia/Pontianak) do not count. Monthly entries and action-item statuses count by the month
  they report, whenever they were typed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from common.dates import month_end
from common.formatting import month_name
from evidence.models import Evidence
from evidence.selectors import evidence_then


@dataclass(frozen=True)
class View:
    year: int
    month: int  # the last month shown: 0 when the year has not begun, 12 for the whole year
    ended: bool  # the last month is over: its empty cells with a target are missing
    cutoff: datetime.datetime | None  # records made from this moment on do not count

    @property
    def caption(self) -> str:
        if self.cutoff is None:
            return ""
        return f"keadaan akhir {month_name(self.month)} {self.year}"


def live_view(year: int, on: datetime.date) -> View:
    """The plan's year as it stands on ``on``."""
    if year < on.year:
        return View(year, 12, True, None)
    if year > on.year:
        return View(year, 0, False, None)
    return View(year, on.month, False, None)


def month_view(year: int, month: int) -> View:
    """Month ``month`` of ``year`` as it stood at its end."""
    return View(year, month, True, month_end(year, month))


def cell_state(month: int, target: object, real: object, view: View) -> str:
    """future, none, ok, behind or missing (see dashboards/selectors/__init__.py)."""
    if month > view.month or (month == view.month and not view.ended and real is None):
        return "future"
    if target is None:
        return "none"
    if real is None:
        return "missing"
    return "ok" if real >= target else "behind"


def evidence_as_of(evidence: QuerySet[Evidence], view: View) -> QuerySet[Evidence]:
    """The evidence that existed in the view, each annotated with what it was then:
    ``version_then`` (the latest version uploaded), ``state_then`` (its status: the latest
    review of that version, else waiting) and ``comment_then`` (that review's comment)."""
    return evidence_then(evidence, month=view.month, cutoff=view.cutoff)


def history_as_of(records: QuerySet, view: View) -> QuerySet:
    """Audit records made before the view's cutoff."""
    if view.cutoff is None:
        return records
    return records.filter(history_date__lt=view.cutoff)
