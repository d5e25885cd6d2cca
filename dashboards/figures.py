"""The shapes of the dashboard's figures (cells, components, areas, the unit) and the
arithmetic on them; dashboards/selectors/__init__.py fills them from the database. Reshapes
only: nothing here queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar, NamedTuple

from areas.models import ActionItem, Area, Component, WorkPlan
from common.formatting import month_name
from dashboards.selectors.activity import Activity
from dashboards.selectors.asof import View

OK, BEHIND, MISSING, NONE, FUTURE = "ok", "behind", "missing", "none", "future"
CAUGHT_UP = "caught-up"  # a standing: fell behind earlier, on target now
COUNTED = {OK, BEHIND, MISSING}
STATE_LABELS = {
    OK: "sesuai target",
    BEHIND: "di bawah target",
    MISSING: "belum diisi (bulan telah berakhir)",
    NONE: "tidak ada target",
    FUTURE: "belum jatuh tempo",
}
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def months_text(months: list[int]) -> str:
    """[3, 4, 6] → "Maret, April, Juni"."""
    return ", ".join(month_name(m) for m in months)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


@dataclass
class Cell:
    month: int
    target: Decimal | None
    real: Decimal | None
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def month_name(self) -> str:
        return month_name(self.month)

    @property
    def is_missing(self) -> bool:
        """The month has ended with a target and no realisation."""
        return self.state == MISSING

    @property
    def has_no_target(self) -> bool:
        return self.state == NONE


class Standing(NamedTuple):
    """One line of an area's standing on the Ketua's card: its kind (``BEHIND``,
    ``CAUGHT_UP``, ``OK``, ``NONE``) and its words."""

    kind: str
    words: str

    @property
    def is_behind(self) -> bool:
        return self.kind == BEHIND

    @property
    def is_caught_up(self) -> bool:
        return self.kind == CAUGHT_UP

    @property
    def is_ok(self) -> bool:
        return self.kind == OK


@dataclass
class ComponentFigures:
    component: Component
    cells: list[Cell]
    target_sum: Decimal = ZERO
    achieved_sum: Decimal = ZERO

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum, self.target_sum)

    @property
    def behind(self) -> bool:
        """Behind now: the latest month that counts is behind target or missing."""
        counted = [c for c in self.cells if c.state in COUNTED]
        return bool(counted) and counted[-1].state in {BEHIND, MISSING}

    @property
    def shortfall_months(self) -> list[int]:
        """Every month so far that was behind target or left empty."""
        return [c.month for c in self.cells if c.state in {BEHIND, MISSING}]

    @property
    def caught_up(self) -> bool:
        """Fell behind in an earlier month, on target now."""
        return not self.behind and bool(self.shortfall_months)

    @property
    def shortfall_text(self) -> str:
        return months_text(self.shortfall_months)

    @property
    def lke_score(self) -> Decimal | None:
        weight = self.component.lke_weight
        if weight is None or not self.target_sum:
            return None
        return (weight * self.achieved_sum / self.target_sum).quantize(Decimal("0.01"))


class _Summed:
    """Target, realisation and achievement summed over the parts: an area's components, a
    unit's areas (each part has target_sum and achieved_sum). ``parts_field`` names the
    dataclass field that holds them."""

    parts_field: ClassVar[str]

    def _parts(self) -> list[Any]:
        return getattr(self, self.parts_field)

    @property
    def target_sum(self) -> Decimal:
        return sum((p.target_sum for p in self._parts()), ZERO)

    @property
    def achieved_sum(self) -> Decimal:
        return sum((p.achieved_sum for p in self._parts()), ZERO)

    @property
    def achievement(self) -> Decimal | None:
        return percent(self.achieved_sum, self.target_sum)


@dataclass
class AreaFigures(_Summed):
    area: Area
    components: list[ComponentFigures] = field(default_factory=list)
    actions: int = 0
    actions_accepted: int = 0
    coordinators: list[str] = field(default_factory=list)
    coordinator_users: list[Any] = field(default_factory=list)

    parts_field: ClassVar[str] = "components"

    @property
    def behind_count(self) -> int:
        return sum(1 for c in self.components if c.behind)

    @property
    def caught_up_count(self) -> int:
        return sum(1 for c in self.components if c.caught_up)

    @property
    def has_counted(self) -> bool:
        return any(c.state in COUNTED for cf in self.components for c in cf.cells)

    @property
    def standing(self) -> list[Standing]:
        """What a Ketua reads on the area's card: (kind, words), behind now first."""
        out = []
        if self.behind_count:
            out.append(Standing(BEHIND, f"{self.behind_count} komponen tertinggal saat ini"))
        if self.caught_up_count:
            out.append(
                Standing(
                    CAUGHT_UP,
                    f"{self.caught_up_count} komponen sempat tertinggal, kini sesuai target",
                )
            )
        if not out:
            text = "semua komponen sesuai target sejak Januari"
            out.append(
                Standing(OK, text)
                if self.has_counted
                else Standing(NONE, "belum ada bulan yang dinilai")
            )
        return out

    @property
    def evidence_completeness(self) -> Decimal | None:
        return percent(Decimal(self.actions_accepted), Decimal(self.actions))

    @property
    def lke_score(self) -> Decimal | None:
        """The plan's estimate of the area's Pemenuhan score (bobot × capaian), printed in
        the monthly report; the dashboard shows the LKE itself (dashboards/selectors/lke.py)."""
        scores = [c.lke_score for c in self.components if c.lke_score is not None]
        return sum(scores, ZERO) if scores else None

    def s_curve(self) -> tuple[list[Decimal], list[Decimal | None]]:
        """Cumulative target and realisation by month, as a share of the year's targets."""
        year_total = sum((c.target or ZERO for cf in self.components for c in cf.cells), ZERO)
        target_line: list[Decimal] = []
        real_line: list[Decimal | None] = []
        t_cum = r_cum = ZERO
        for m in range(12):
            cells = [cf.cells[m] for cf in self.components]
            t_cum += sum((c.target or ZERO for c in cells), ZERO)
            r_cum += sum(
                (
                    min(c.real or ZERO, c.target)
                    for c in cells
                    if c.state in COUNTED and c.target is not None
                ),
                ZERO,
            )
            target_line.append(percent(t_cum, year_total) or ZERO)
            # the realisation line stops where every cell of the month is still to come
            begun = not cells or any(c.state != FUTURE for c in cells)
            real_line.append((percent(r_cum, year_total) or ZERO) if begun else None)
        return target_line, real_line


@dataclass
class MissingEntry:
    component: Component
    area: Area
    month: int
    coordinators: list[str]

    @property
    def month_name(self) -> str:
        return month_name(self.month)


@dataclass(frozen=True)
class WaitingEvidence:
    """An evidence waiting for the TPI's review (as of the view): the page lists and links
    it by its month and action item."""

    pk: int
    action: ActionItem  # with its area
    month: int

    @property
    def action_id(self) -> int:
        return self.action.pk


@dataclass
class UnitDashboard(_Summed):
    plan: WorkPlan
    areas: list[AreaFigures]
    missing: list[MissingEntry]
    waiting_evidence: list[WaitingEvidence]
    actions_without_evidence: list[ActionItem]
    activity: list[Activity]
    on: datetime.date
    view: View
    actions: list[ActionItem] = field(default_factory=list)  # the plan's, with their areas

    parts_field: ClassVar[str] = "areas"

    # Cached: the page and the report read each list several times (its length, its items),
    # and each read walks every component's cells; the figures are complete when made.
    @cached_property
    def behind(self) -> list[ComponentFigures]:
        return [c for a in self.areas for c in a.components if c.behind]

    @cached_property
    def caught_up(self) -> list[ComponentFigures]:
        return [c for a in self.areas for c in a.components if c.caught_up]
