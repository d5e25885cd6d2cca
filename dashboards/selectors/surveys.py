"""The public service surveys on the read pages: the Ketua's survey panel (IKM, IPAK and
IPKP by quarter, with sample progress, against the LKE's predicate minimums), the columns
of the province view, and the published results on /publik/ (aggregates only: never a
respondent's answers, a comment only once the Sekretariat approved it).

Every figure is ``surveys.selectors.survey_results``'s; this module chooses which and
adds the minimums (lke: ``PredicateMinimum`` rows, read on the 1–4 scale through
``lke.forecast.survey_minimum`` and compared in points as the forecast compares them).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef

from access.models import Unit
from common.formatting import score_text
from lke.forecast import published, survey_minimum
from lke.models import Assessment, Predicate, PredicateMinimum, Worksheet
from lke.scoring import SURVEY_MAX, Tree, tree_for
from rollups.selectors import survey_tallies
from surveys.choices import CommentStatus, FollowUpStatus, SurveyKind
from surveys.models import FollowUp, Response, SurveyPeriod
from surveys.selectors import (
    INDEX_NAMES,
    Key,
    SurveyResult,
    result_pooled,
    results_of_counts,
    survey_results,
)

QUARTERS = (1, 2, 3, 4)
Requirement = PredicateMinimum.Requirement
# Which LKE requirement each survey's index answers.
REQUIREMENT_OF = {SurveyKind.SPAK: Requirement.IPAK, SurveyKind.SPKP: Requirement.IPKP}
# The regulation's minimums on the 1–4 scale (PermenPANRB 90/2021 as amended by 5/2024),
# for a portal with no LKE worksheet loaded; the worksheet's rows win when there is one.
REGULATION_MINIMUMS = {
    SurveyKind.SPAK: {Predicate.WBK: Decimal("3.60"), Predicate.WBBM: Decimal("3.60")},
    SurveyKind.SPKP: {Predicate.WBK: Decimal("3.20"), Predicate.WBBM: Decimal("3.60")},
}
REGULATION_WEIGHT = Decimal("17.5")  # each survey's points in the LKE's Hasil


@dataclass(frozen=True)
class SurveyMinimum:
    """A predicate's minimum of one survey: kept in points as the LKE keeps it (index ÷ 4
    × the question's weight), met as the forecast decides for the index entered in the LKE
    as shown (two decimals)."""

    predicate: str  # lke Predicate value
    points: Decimal
    weight: Decimal

    @property
    def value(self) -> Decimal:
        """The minimum on the survey's 1–4 scale (3,60; 3,20)."""
        return survey_minimum(self.points, self.weight)

    def met_by(self, index: Decimal | None) -> bool:
        """The index as shown and as the LKE takes a survey value (two decimals, half-up),
        then in points as the forecast compares them."""
        if index is None:
            return False
        shown = published(index)
        return published(shown / SURVEY_MAX * self.weight) >= self.points


def _regulation_minimums(kind: str) -> tuple[SurveyMinimum, ...]:
    return tuple(
        SurveyMinimum(predicate, value / SURVEY_MAX * REGULATION_WEIGHT, REGULATION_WEIGHT)
        for predicate, value in REGULATION_MINIMUMS[SurveyKind(kind)].items()
    )


def survey_minimums(
    unit: Unit, year: int, *, tree: Tree | None = None
) -> dict[str, tuple[SurveyMinimum, ...]]:
    """IPAK's and IPKP's minimums (WBK first) by survey: the worksheet's of the unit's LKE
    of ``year``, else of the newest worksheet; the regulation's where neither has them.
    Four queries: which worksheet, and its tree (lke.scoring.tree_for); none with ``tree``,
    the tree of the unit's LKE of ``year`` that the caller read."""
    if tree is None:
        own = Assessment.objects.filter(unit=unit, year=year, worksheet=OuterRef("pk"))
        worksheet_id = (
            Worksheet.objects.annotate(own=Exists(own))
            .order_by("-own", "-year")
            .values_list("pk", flat=True)
            .first()
        )
        tree = tree_for(worksheet_id) if worksheet_id else None  # 3 queries
    found: dict[str, tuple[SurveyMinimum, ...]] = {}
    for kind, requirement in REQUIREMENT_OF.items():
        question_id = None
        if tree is not None:
            question_id = tree.ipak_id if requirement == Requirement.IPAK else tree.ipkp_id
        weight = tree.questions[question_id].weight if tree and question_id else None
        rows = tuple(
            SurveyMinimum(predicate, points, weight)
            for predicate in Predicate.values
            if weight and tree and (points := tree.minimums.get((predicate, requirement)))
        )
        found[kind] = rows or _regulation_minimums(kind)
    return found


def minimum_text(minimums: Sequence[SurveyMinimum]) -> str:
    """ "minimal 3,60" when every predicate asks the same, else "minimal 3,20 (WBK), 3,60
    (WBBM)"; "" for a survey without minimums (the SKM: its mutu is A–D)."""
    values = [score_text(m.value) for m in minimums]
    if not values:
        return ""
    if len(set(values)) == 1:
        return f"minimal {values[0]}"
    parts = [f"{v} ({m.predicate})" for v, m in zip(values, minimums, strict=True)]
    return "minimal " + ", ".join(parts)


@dataclass(frozen=True)
class SurveyFigure:
    """One survey's result in a cell of the panel or the province table."""

    result: SurveyResult
    minimums: tuple[SurveyMinimum, ...] = ()

    @property
    def is_skm(self) -> bool:
        """The figure is the IKM (25–100) with its mutu; else the index on 1–4."""
        return self.result.kind == SurveyKind.SKM

    @cached_property
    def value(self) -> Decimal | None:
        """Cached (as ``met``): the template reads it several times a cell, and each read
        of the result's index sums its tallies again; a figure is made once its result is
        complete."""
        return self.result.ikm if self.is_skm else self.result.index

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def sample_percent(self) -> Decimal | None:
        """Responses over the required sample, in percent (at most 100); None while the
        quarter's population is unknown."""
        required = self.result.required
        if not required:
            return None
        return min(Decimal(100), Decimal(self.result.responses * 100) / Decimal(required))

    @cached_property
    def met(self) -> list[str]:
        """The predicates whose minimum the index meets (WBK first)."""
        return [m.predicate for m in self.minimums if m.met_by(self.result.index)]

    @property
    def has_minimums(self) -> bool:
        return bool(self.minimums) and self.has_value

    @property
    def meets_all(self) -> bool:
        return self.has_minimums and len(self.met) == len(self.minimums)

    @property
    def meets_none(self) -> bool:
        return self.has_minimums and not self.met

    @property
    def standing(self) -> str:
        """The index against the minimums in words ("" without either)."""
        if not self.has_minimums:
            return ""
        if self.meets_all:
            return "memenuhi " + " dan ".join(m.predicate for m in self.minimums)
        if self.met:
            unmet = [m.predicate for m in self.minimums if m.predicate not in self.met]
            return f"memenuhi {' dan '.join(self.met)}, belum {' dan '.join(unmet)}"
        return "di bawah minimal"


@dataclass(frozen=True)
class SurveyRow:
    """One survey on the Ketua's panel: its four quarters and the year so far."""

    kind: str
    name: str  # IKM, IPAK, IPKP
    label: str  # the survey's name
    minimum: str  # the minimums in words
    quarters: list[SurveyFigure]
    year: SurveyFigure

    @property
    def cells(self) -> list[tuple[int | str, SurveyFigure]]:
        """The panel's cells in order, each with its ``data-quarter``: 1–4, then "tahun"."""
        return [*enumerate(self.quarters, start=1), ("tahun", self.year)]


@dataclass(frozen=True)
class SurveyPanel:
    year: int
    rows: list[SurveyRow]

    @property
    def has_data(self) -> bool:
        """Some quarter has responses or a population (else the panel says so)."""
        return any(
            f.result.has_responses or f.result.required is not None
            for row in self.rows
            for f in row.quarters
        )


def _empty(kind: str) -> SurveyResult:
    return SurveyResult(kind=kind)


def unit_quarters(unit: Unit, year: int) -> dict[tuple[Any, ...], SurveyResult]:
    """The unit's results of every survey by quarter (4 queries): the panel's, and on the
    dashboard also the LKE's internal indices (lke.selectors.survey_values)."""
    return survey_results(units=[unit], year=year, by=("quarter",))


def survey_panel(
    unit: Unit,
    year: int,
    *,
    found: dict[tuple[Any, ...], SurveyResult] | None = None,
    tree: Tree | None = None,
) -> SurveyPanel:
    """The Ketua's survey panel: each survey by quarter and the year (the quarters'
    answers pooled), in a fixed number of queries (the results' 4, the minimums' 4–5);
    ``found`` the results of :func:`unit_quarters` and ``tree`` the tree of the unit's LKE
    of ``year`` when the caller read them (no query for those)."""
    found = unit_quarters(unit, year) if found is None else found
    minimums = survey_minimums(unit, year, tree=tree)
    rows = []
    for kind in SurveyKind.values:
        own = minimums.get(kind, ())
        quarters = [found.get((kind, q)) or _empty(kind) for q in QUARTERS]
        rows.append(
            SurveyRow(
                kind=kind,
                name=INDEX_NAMES[SurveyKind(kind)],
                label=str(SurveyKind(kind).label),
                minimum=minimum_text(own),
                quarters=[SurveyFigure(r, own) for r in quarters],
                year=SurveyFigure(result_pooled(kind, quarters), own),
            )
        )
    return SurveyPanel(year, rows)


@dataclass(frozen=True)
class UnitSurveys:
    """A unit's IKM, IPAK and IPKP of the year so far (the province view's columns)."""

    skm: SurveyFigure
    spak: SurveyFigure
    spkp: SurveyFigure


def with_surveys(
    rows: Sequence[tuple[Any, ...]], year: int, province: Unit
) -> list[tuple[Any, ...]]:
    """The province view's rows (each starting with its ``UnitRow``), each with its unit's
    survey figures appended: one grouped read for every unit, the minimums of the
    province's LKE; the queries do not grow with the number of units."""
    units = [row[0].unit for row in rows]
    found = units_survey_results(units, year)
    minimums = survey_minimums(province, year)

    def figure(kind: str, unit: Unit) -> SurveyFigure:
        return SurveyFigure(found.get((kind, unit.pk)) or _empty(kind), minimums.get(kind, ()))

    return [
        (*row, UnitSurveys(*(figure(kind, row[0].unit) for kind in SurveyKind.values)))
        for row in rows
    ]


def units_survey_results(units: Sequence[Unit], year: int) -> dict[Key, SurveyResult]:
    """``survey_results(units=…, year=…, by=("unit",))`` from the quarters' tallies
    (rollups) instead of every answer: four queries for any number of units."""
    unit_ids = [u.pk for u in units]
    kinds = tuple(SurveyKind.values)
    responses, sums = survey_tallies(unit_ids, year, kinds)
    return results_of_counts(
        responses, sums, unit_ids=unit_ids, year=year, kinds=kinds, by=("unit",)
    )


# --- published results on /publik/ ------------------------------------------------------

PUBLIC_COMMENTS = 50  # the latest approved comments a published quarter shows


def public_survey_units() -> list[Unit]:
    """Units shown to the public that published some survey quarter."""
    return list(
        Unit.objects.filter(is_public=True, survey_periods__published_at__isnull=False)
        .distinct()
        .order_by("order", "name")
    )


def public_unit_of(slug: str) -> Unit | None:
    return Unit.objects.filter(slug=slug, is_public=True).first()


def published_periods(unit: Unit, *, year: int | None = None) -> list[SurveyPeriod]:
    """The unit's published quarters, newest first (of ``year`` only: in order)."""
    periods = SurveyPeriod.objects.filter(unit=unit, published_at__isnull=False)
    if year is not None:
        return list(periods.filter(year=year).order_by("quarter"))
    return list(periods.order_by("-year", "-quarter"))


@dataclass(frozen=True)
class PublicSurvey:
    """One survey of a published quarter: its aggregates (SurveyResult holds counts and
    sums per element, never a respondent's answers)."""

    result: SurveyResult
    name: str  # IKM, IPAK, IPKP
    label: str

    @property
    def is_skm(self) -> bool:
        return self.result.kind == SurveyKind.SKM

    @property
    def is_shown(self) -> bool:
        """Figures only from PUBLIC_MIN_RESPONSES respondents on: with fewer, an
        element's NRR is one person's answer (or close to it)."""
        return self.result.responses >= PUBLIC_MIN_RESPONSES


# The public sees a survey's figures only from this many respondents of the quarter on.
PUBLIC_MIN_RESPONSES = 5


@dataclass(frozen=True)
class PublicComment:
    survey: str  # the survey's name
    text: str


@dataclass(frozen=True)
class PublicFollowUp:
    """A follow-up as the public reads it: what, for which element, how far (who recorded
    it is internal)."""

    survey: str
    element: str
    action: str
    status: str  # FollowUp.Status value
    due_date: datetime.date | None
    action_item: str

    @property
    def status_label(self) -> str:
        return str(FollowUpStatus(self.status).label)

    @property
    def is_done(self) -> bool:
        return self.status == FollowUpStatus.DONE


@dataclass(frozen=True)
class PublicQuarter:
    unit: Unit
    period: SurveyPeriod
    surveys: list[PublicSurvey]
    comments: list[PublicComment]
    follow_ups: list[PublicFollowUp]
    min_responses: int = 0  # PUBLIC_MIN_RESPONSES, for the page's words


def public_quarter(slug: str, year: int, quarter: int) -> PublicQuarter | None:
    """A published quarter of a unit shown to the public; None when the unit is not
    public or the quarter was not published (the page answers 404)."""
    period = (
        SurveyPeriod.objects.select_related("unit")
        .filter(unit__slug=slug, unit__is_public=True, year=year, quarter=quarter)
        .filter(published_at__isnull=False)
        .first()
    )
    if period is None:
        return None
    found = survey_results(units=[period.unit], year=year, quarter=quarter)
    names = {kind: INDEX_NAMES[SurveyKind(kind)] for kind in SurveyKind.values}
    surveys = [
        PublicSurvey(found[(kind,)], names[kind], str(SurveyKind(kind).label))
        for kind in SurveyKind.values
        if (kind,) in found and found[(kind,)].has_responses
    ]
    labels = {(s.result.kind, t.code): t.label for s in surveys for t in s.result.tallies}
    return PublicQuarter(
        period.unit,
        period,
        surveys,
        _public_comments(period, names),
        _public_follow_ups(period, labels),
        PUBLIC_MIN_RESPONSES,
    )


def _public_comments(period: SurveyPeriod, names: dict[str, str]) -> list[PublicComment]:
    rows = (
        Response.objects.filter(period=period, comment_status=CommentStatus.APPROVED)
        .exclude(comment="")
        .order_by("-submitted_at", "-pk")
        .values_list("kind", "comment")[:PUBLIC_COMMENTS]
    )
    return [PublicComment(names[kind], text) for kind, text in rows]


def _public_follow_ups(
    period: SurveyPeriod, labels: dict[tuple[str, str], str]
) -> list[PublicFollowUp]:
    rows = (
        FollowUp.objects.filter(period=period)
        .select_related("action_item__area")
        .order_by("kind", "element_code", "pk")
    )
    return [
        PublicFollowUp(
            survey=INDEX_NAMES[SurveyKind(f.kind)],
            element=f"{f.element_code} {labels.get((f.kind, f.element_code), '')}".strip(),
            action=f.action,
            status=f.status,
            due_date=f.due_date,
            action_item=(
                f"{f.action_item.area.number}.{f.action_item.label} {f.action_item.text}"
                if f.action_item
                else ""
            ),
        )
        for f in rows
    ]
