"""The LKE on the read pages: a unit's self-assessment result on its dashboard, and the
units' LKE scores side by side on the province view (lke.selectors computes them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem
from dashboards.selectors import UnitRow
from dashboards.selectors.surveys import SurveyPanel, survey_panel, unit_quarters
from lke.models import Assessment, Correction, Predicate, Side
from lke.scoring import Tree, tree_of
from lke.selectors import assessment_result, units_results
from lke.selectors.evidence import items_without_evidence
from lke.selectors.pages import HASIL, Summary, WorksheetMap, summary, worksheet_map
from lke.selectors.survey_values import InternalIndex, internal_from_quarters
from rollups.selectors import assessments_overview

STEPS_ON_DASHBOARD = 5


@dataclass(frozen=True)
class Evaluation:
    """Where the unit's LKE stands on the way to the TPI (the Ketua's dashboard)."""

    state: str  # Assessment.State
    label: str  # the state in words
    waiting: int  # questions the TPI sent back that the unit has not corrected yet
    waiting_link: str  # the unit's page of the first of them ("" when none)
    official: Summary | None  # the TPI's scores, the official ones once completed
    without_evidence: int = 0  # worksheet items (questions) with no file from plan or direct
    items: int = 0  # worksheet items in all

    @property
    def is_draft(self) -> bool:
        """The unit has not submitted it to the TPI yet."""
        return self.state == Assessment.State.DRAFT

    @property
    def is_completed(self) -> bool:
        return self.state == Assessment.State.COMPLETED


def _evaluation(
    assessment: Assessment, wmap: WorksheetMap, plan_actions: Sequence[ActionItem] | None
) -> Evaluation:
    corrections = list(
        Correction.objects.filter(assessment=assessment, resolved_at=None)
        .select_related("question")
        .order_by("question__excel_row")
    )
    link = ""
    if corrections:
        first = corrections[0].question
        part = wmap.area_of[first.pk] or HASIL
        link = reverse("lke_area", args=[assessment.unit.slug, assessment.year, part])
        link += f"#q-{first.pk}"
    official = None
    if assessment.state == Assessment.State.COMPLETED:
        official = summary(assessment_result(assessment, Side.TPI), wmap, steps=False)
    label = str(assessment.get_state_display())
    read = (wmap.nodes.values(), wmap.questions)
    missing, items = items_without_evidence(assessment, read=read, plan_actions=plan_actions)
    return Evaluation(assessment.state, label, len(corrections), link, official, missing, items)


def unit_lke_panel(unit: Unit, year: int) -> tuple[Summary | None, Evaluation | None]:
    """The LKE panel of the Ketua's dashboard: the self-assessment of the unit's plan year
    (scores, verdicts with their gaps, the first steps of the cheapest path) and the
    evaluation's state, the questions sent back and, once completed, the TPI's scores; both
    None while no assessment was started."""
    own, evaluation, _tree = _lke_panel(unit, year, internal=None, plan_actions=None)
    return own, evaluation


def dashboard_panels(
    unit: Unit, year: int, *, plan_actions: Sequence[ActionItem] | None = None
) -> tuple[Summary | None, Evaluation | None, SurveyPanel]:
    """The dashboard's LKE panel (:func:`unit_lke_panel`) and survey panel
    (``survey_panel``), sharing their reads: the survey results by quarter give the LKE's
    internal indices too, and the LKE's tree the survey minimums (8 queries fewer than the
    two panels apart; docs/performance.md, "Dashboard at 553 units (issue 21)");
    ``plan_actions`` the action items of the unit's plan of ``year`` the dashboard read
    (``UnitDashboard.actions``: one query fewer)."""
    found = unit_quarters(unit, year)
    internal = internal_from_quarters(found)
    own, evaluation, tree = _lke_panel(unit, year, internal=internal, plan_actions=plan_actions)
    return own, evaluation, survey_panel(unit, year, found=found, tree=tree)


def _lke_panel(
    unit: Unit,
    year: int,
    *,
    internal: Mapping[str, InternalIndex] | None,
    plan_actions: Sequence[ActionItem] | None,
) -> tuple[Summary | None, Evaluation | None, Tree | None]:
    """The LKE panel and the tree of the assessment's worksheet (None without one)."""
    assessments = Assessment.objects.select_related("unit", "worksheet")
    assessment = assessments.filter(unit=unit, year=year).first()
    if assessment is None:
        return None, None, None
    wmap = worksheet_map(assessment.worksheet)
    tree = tree_of(assessment.worksheet_id, wmap.nodes.values(), wmap.questions)
    result = assessment_result(assessment, Side.UNIT, tree=tree, internal=internal)
    own = summary(result, wmap, limit=STEPS_ON_DASHBOARD)
    return own, _evaluation(assessment, wmap, plan_actions), tree


@dataclass(frozen=True)
class UnitLke:
    """A unit's LKE on the province view."""

    total: Decimal | None  # the self-assessment; None without an assessment
    tpi_total: Decimal | None  # the TPI's, once the TPI has answered
    predicate: str  # short: the table fits a phone


NO_LKE = UnitLke(None, None, "")
NOT_MET = "belum"


def with_lke(rows: Sequence[UnitRow], year: int) -> list[tuple[UnitRow, UnitLke]]:
    """The province view's rows, each with its unit's LKE figures."""
    figures = units_lke([r.unit for r in rows], year)
    return [(r, figures[r.unit.pk]) for r in rows]


def units_lke(units: Sequence[Unit], year: int) -> dict[int, UnitLke]:
    """Unit id → its LKE figures, from the assessments' summaries (rollups): one query for
    any number of units."""
    found = assessments_overview(units, year)
    figures: dict[int, UnitLke] = {}
    for unit in units:
        row = found.get(unit.pk)
        if row is None:
            figures[unit.pk] = NO_LKE
            continue
        predicate = str(Predicate(row.predicate).label) if row.predicate else NOT_MET
        figures[unit.pk] = UnitLke(row.total, row.tpi_total, predicate)
    return figures


def units_lke_live(units: Sequence[Unit], year: int) -> dict[int, UnitLke]:
    """``units_lke`` scored from the answers, in a constant number of queries for any
    number of units: the reference the summaries are checked against."""
    own = units_results(units=units, year=year, side=Side.UNIT)
    tpi = units_results(units=units, year=year, side=Side.TPI)
    figures: dict[int, UnitLke] = {}
    for unit in units:
        result = own.get(unit.pk)
        if result is None:
            figures[unit.pk] = NO_LKE
            continue
        other = tpi.get(unit.pk)
        tpi_total = other.scores.total if other is not None and other.answers else None
        met = [str(label) for key, label in Predicate.choices if result.verdicts[key].met]
        figures[unit.pk] = UnitLke(result.scores.total, tpi_total, met[-1] if met else NOT_MET)
    return figures
