"""Reads of the surveys: the questionnaire a unit answers, the results (NRR per element,
index, IKM, grade, sample) of any set of units, surveys and quarters, computed in one
grouped query (the arithmetic: surveys/results.py), and the follow-ups (tindak lanjut) of
a year's quarters beside their weakest elements (``follow_up_board``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from access.models import AreaCode, Unit
from areas.models import ActionItem

from . import results
from .choices import SurveyKind
from .models import Answer, Element, FollowUp, Questionnaire, Response, Service, SurveyPeriod


def current_questionnaire(unit: Unit, kind: str) -> Questionnaire:
    """The version a unit's respondents answer now: the unit's own latest version, else
    the latest shipped one (``load_surveys``)."""
    found = (
        Questionnaire.objects.filter(Q(unit=unit) | Q(unit=None), kind=kind)
        .order_by(F("unit_id").asc(nulls_last=True), "-version")  # the unit's own first
        .first()
    )
    if found is None:
        raise Questionnaire.DoesNotExist(
            f"Kuesioner {SurveyKind(kind).label} belum dimuat (manage.py load_surveys)."
        )
    return found


def questionnaire_elements(questionnaire: Questionnaire) -> list[Element]:
    return list(questionnaire.elements.order_by("order"))


@dataclass(frozen=True)
class AnswerSheet:
    """What a respondent's page shows: the version answered now, its elements in order and
    the unit's active services (jenis layanan) to choose from."""

    questionnaire: Questionnaire
    elements: list[Element]
    services: list[Service]


def answer_sheet(unit: Unit, kind: str) -> AnswerSheet:
    """The questionnaire page of ``kind`` for ``unit`` (three queries)."""
    questionnaire = current_questionnaire(unit, kind)
    services = Service.objects.filter(unit=unit, is_active=True).order_by("order", "name")
    return AnswerSheet(questionnaire, questionnaire_elements(questionnaire), list(services))


@dataclass
class SurveyResult:
    """The result of one survey over a set of responses."""

    kind: str
    responses: int = 0
    tallies: list[results.ElementTally] = field(default_factory=list)
    population: int | None = None
    required: int | None = None

    @property
    def exact_index(self) -> Decimal | None:
        return results.survey_index(self.tallies)

    @property
    def index(self) -> Decimal | None:
        """On the 1–4 scale, 4 decimals (IPAK, IPKP; the SKM's NRR tertimbang)."""
        return results.rounded_index(self.exact_index)

    @property
    def ikm(self) -> Decimal | None:
        return results.ikm(self.exact_index)

    @property
    def grade(self) -> str:
        return results.grade(self.ikm)

    @property
    def grade_words(self) -> str:
        return results.GRADE_WORDS.get(self.grade, "")

    @property
    def reached(self) -> bool | None:
        """Enough responses for the sample (None while no population is known)."""
        return None if self.required is None else self.responses >= self.required

    @property
    def has_responses(self) -> bool:
        return self.responses > 0

    def weakest(self, count: int = results.WEAK_COUNT) -> list[results.ElementTally]:
        """The elements with the lowest NRR (answered ones), lowest first."""
        answered = [t for t in self.tallies if t.answers]
        return sorted(answered, key=lambda t: (t.nrr, t.code))[:count]

    def as_json(self) -> dict[str, Any]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "responses": self.responses,
            "elements": [
                {
                    "code": t.code,
                    "label": t.label,
                    "answers": t.answers,
                    "nrr": text(None if t.nrr is None else results.rounded_index(t.nrr)),
                }
                for t in self.tallies
            ],
            "index": text(self.index),
            "ikm": text(self.ikm),
            "grade": self.grade or None,
            "sample": {
                "population": self.population,
                "required": self.required,
                "reached": self.reached,
            },
        }


Key = tuple[Any, ...]
GROUPS = {"unit": "period__unit_id", "quarter": "period__quarter", "service": "service_id"}


def _shipped_elements(kinds: Iterable[str]) -> dict[str, list[Element]]:
    """Each survey's element codes, labels and weights in order: the latest shipped
    version's (a unit's own edits change texts, not which elements there are)."""
    kinds = tuple(kinds)
    out: dict[str, list[Element]] = {kind: [] for kind in kinds}
    latest: dict[str, int] = {}
    rows = (
        Element.objects.filter(questionnaire__unit=None, questionnaire__kind__in=kinds)
        .select_related("questionnaire")
        .order_by("questionnaire__kind", "-questionnaire__version", "order")
    )
    for element in rows:  # one query: each survey's highest shipped version only
        kind, version = element.questionnaire.kind, element.questionnaire.version
        if latest.setdefault(kind, version) == version:
            out[kind].append(element)
    return out


def survey_results(
    *,
    units: Iterable[Unit] | QuerySet[Unit],
    year: int,
    kinds: Iterable[str] = tuple(SurveyKind.values),
    quarter: int | None = None,
    by: tuple[str, ...] = (),
    submitted_before: datetime.datetime | None = None,
) -> dict[Key, SurveyResult]:
    """Results keyed by ``(kind, *by)``; ``by`` names groups of :data:`GROUPS` ("unit",
    "quarter", "service"). Three queries whatever the number of units: answers, responses,
    periods. A key without responses is absent (see :func:`survey_result`).
    ``submitted_before``: only the responses the portal held before that moment (the LKE
    as of a month, lke/selectors/asof.py)."""
    kinds = tuple(kinds)
    unit_ids = [u.pk for u in units]
    scope: dict[str, Any] = {
        "period__unit_id__in": unit_ids,
        "period__year": year,
        "kind__in": kinds,
    }
    if quarter is not None:
        scope["period__quarter"] = quarter
    if submitted_before is not None:
        scope["submitted_at__lt"] = submitted_before
    fields = ["kind", *(GROUPS[name] for name in by)]
    counts = Response.objects.filter(**scope).values(*fields).annotate(n=Count("id"))
    answer_fields = [f"response__{name}" for name in fields]
    sums = (
        Answer.objects.filter(**{f"response__{k}": v for k, v in scope.items()})
        .values(*answer_fields, "element__code")
        .annotate(n=Count("id"), total=Sum("value"))
    )
    raw: dict[Key, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in sums:
        key = tuple(row[name] for name in answer_fields)
        raw[key][row["element__code"]] = (row["n"], row["total"])
    responses = {tuple(row[name] for name in fields): row["n"] for row in counts}
    return results_of_counts(
        responses, raw, unit_ids=unit_ids, year=year, kinds=kinds, quarter=quarter, by=by
    )


def results_of_counts(
    responses: Mapping[Key, int],
    sums: Mapping[Key, Mapping[str, tuple[int, int]]],
    *,
    unit_ids: list[int],
    year: int,
    kinds: tuple[str, ...],
    quarter: int | None = None,
    by: tuple[str, ...] = (),
) -> dict[Key, SurveyResult]:
    """The results of counted responses: ``responses`` by ``(kind, *by)`` and ``sums`` (per
    element code: answers, sum of values) by the same keys, with the elements and the
    samples added (two queries). survey_results counts from the answers; the province
    view from the rollups' tallies (rollups.selectors.survey_tallies)."""
    elements = _shipped_elements(kinds)
    out: dict[Key, SurveyResult] = {}
    for key, n in responses.items():
        tallies = _tallies(elements[key[0]], dict(sums.get(key, {})))
        out[key] = SurveyResult(kind=key[0], responses=n, tallies=tallies)
    _add_samples(out, unit_ids=unit_ids, year=year, quarter=quarter, by=by, elements=elements)
    return out


def _tallies(
    elements: list[Element], sums: dict[str, tuple[int, int]]
) -> list[results.ElementTally]:
    known = {e.code for e in elements}
    tallies = [
        results.ElementTally(e.code, e.label, *sums.get(e.code, (0, 0)), weight=e.weight)
        for e in elements
    ]
    tallies += [results.ElementTally(code, code, *sums[code]) for code in sorted(set(sums) - known)]
    return tallies


def _add_samples(
    out: dict[Key, SurveyResult],
    *,
    unit_ids: list[int],
    year: int,
    quarter: int | None,
    by: tuple[str, ...],
    elements: dict[str, list[Element]],
) -> None:
    """Population and required sample of each key: the sum over its periods (each quarter
    is a sample of its own). A group with a population and no responses gets an empty
    result (its sample progress is 0). A service has no population of its own."""
    if "service" in by:
        return
    periods = SurveyPeriod.objects.filter(unit_id__in=unit_ids, year=year)
    if quarter is not None:
        periods = periods.filter(quarter=quarter)
    names = {"unit": "unit_id", "quarter": "quarter"}
    totals: dict[Key, list[int]] = {}
    for period in periods.only("unit_id", "quarter", "population"):
        if period.population is None:
            continue
        group = tuple(getattr(period, names[name]) for name in by)
        total = totals.setdefault(group, [0, 0])
        total[0] += period.population
        total[1] += results.sample_required(period.population) or 0
    for group, (population, required) in totals.items():
        for kind in elements:
            result = out.setdefault(
                (kind, *group), SurveyResult(kind=kind, tallies=_tallies(elements[kind], {}))
            )
            result.population, result.required = population, required


def survey_result(
    *,
    units: Iterable[Unit] | QuerySet[Unit],
    kind: str,
    year: int,
    quarter: int | None = None,
    submitted_before: datetime.datetime | None = None,
) -> SurveyResult:
    """One survey's result over ``units`` (one unit: ``[unit]``), empty when no one
    answered; the sample still counts the periods' populations."""
    units = list(units)
    found = survey_results(
        units=units, year=year, kinds=[kind], quarter=quarter, submitted_before=submitted_before
    )
    if (kind,) in found:
        return found[(kind,)]
    return SurveyResult(kind=kind, tallies=_tallies(_shipped_elements([kind])[kind], {}))


def result_pooled(kind: str, parts: Iterable[SurveyResult]) -> SurveyResult:
    """One result of several disjoint ones (a year's of its quarters, a province's of its
    units): the answers pooled, each counting once, and the samples summed: the result
    :func:`survey_results` reads for all their responses at once, without reading again."""
    parts = list(parts)
    sums: dict[str, list[int]] = {}
    labels: dict[str, tuple[str, Decimal | None]] = {}
    for part in parts:
        for t in part.tallies:
            total = sums.setdefault(t.code, [0, 0])
            total[0] += t.answers
            total[1] += t.total
            labels.setdefault(t.code, (t.label, t.weight))
    sampled = [p for p in parts if p.population is not None]
    return SurveyResult(
        kind=kind,
        responses=sum(p.responses for p in parts),
        tallies=[
            results.ElementTally(code, labels[code][0], n, total, weight=labels[code][1])
            for code, (n, total) in sums.items()
        ],
        population=sum(p.population or 0 for p in sampled) if sampled else None,
        required=sum(p.required or 0 for p in sampled) if sampled else None,
    )


# --- follow-ups (tindak lanjut) of a quarter's results ----------------------------------

# What each survey's headline figure is called: the SKM's IKM (25–100, with its mutu), the
# index of SPAK (IPAK) and of SPKP (IPKP) on 1–4.
INDEX_NAMES = {SurveyKind.SKM: "IKM", SurveyKind.SPAK: "IPAK", SurveyKind.SPKP: "IPKP"}


@dataclass
class WeakElement:
    """One of a result's weakest elements with the follow-ups recorded for it."""

    tally: results.ElementTally
    follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def has_follow_up(self) -> bool:
        return bool(self.follow_ups)


@dataclass
class FollowUpBlock:
    """A quarter's survey on the follow-up page (and the report, the LKE's suggestion):
    its result, its weakest elements each with its follow-ups, and the follow-ups of
    elements that are not among the weakest."""

    period: SurveyPeriod
    kind: str
    result: SurveyResult
    weakest: list[WeakElement]
    others: list[FollowUp]

    @property
    def kind_label(self) -> str:
        return str(SurveyKind(self.kind).label)

    @property
    def index_name(self) -> str:
        return INDEX_NAMES[SurveyKind(self.kind)]

    @property
    def is_skm(self) -> bool:
        """The headline is the IKM with its mutu (else the index on 1–4)."""
        return self.kind == SurveyKind.SKM

    @property
    def follow_ups(self) -> list[FollowUp]:
        return [f for weak in self.weakest for f in weak.follow_ups] + self.others

    @property
    def weak_followed(self) -> int:
        """How many of the weakest elements have a follow-up."""
        return sum(weak.has_follow_up for weak in self.weakest)


def survey_period_years(unit: Unit) -> list[int]:
    """The years the unit has survey quarters in, newest first."""
    years = SurveyPeriod.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True)
    return list(dict.fromkeys(years.distinct()))


def follow_up_board(
    unit: Unit,
    year: int,
    *,
    quarter: int | None = None,
    kinds: Iterable[str] = tuple(SurveyKind.values),
) -> list[FollowUpBlock]:
    """Every survey quarter of the unit's year (or one quarter), each survey of ``kinds``
    with its result, weakest elements and follow-ups, in a fixed number of queries."""
    kinds = tuple(kinds)
    periods = SurveyPeriod.objects.select_related("unit").filter(unit=unit, year=year)
    if quarter is not None:
        periods = periods.filter(quarter=quarter)
    periods = list(periods.order_by("quarter"))
    found = survey_results(units=[unit], year=year, kinds=kinds, quarter=quarter, by=("quarter",))
    follow_ups: dict[tuple[int, str], list[FollowUp]] = defaultdict(list)
    rows = (
        FollowUp.objects.filter(period__in=[p.pk for p in periods], kind__in=kinds)
        .select_related("action_item__area")
        .order_by("pk")
    )
    for row in rows:
        follow_ups[(row.period_id, row.kind)].append(row)
    elements = _shipped_elements(kinds) if periods else {}
    blocks = []
    for period in periods:
        for kind in kinds:
            result = found.get((kind, period.quarter)) or SurveyResult(
                kind=kind, tallies=_tallies(elements[kind], {})
            )
            blocks.append(_block(period, kind, result, follow_ups[(period.pk, kind)]))
    return blocks


def _block(
    period: SurveyPeriod, kind: str, result: SurveyResult, follow_ups: list[FollowUp]
) -> FollowUpBlock:
    weakest = [WeakElement(t) for t in result.weakest()]
    by_code = {weak.tally.code: weak for weak in weakest}
    others = []
    for row in follow_ups:
        if row.element_code in by_code:
            by_code[row.element_code].follow_ups.append(row)
        else:
            others.append(row)
    return FollowUpBlock(period, kind, result, weakest, others)


def follow_up_action_items(period: SurveyPeriod) -> QuerySet[ActionItem]:
    """The action items a follow-up of ``period`` may name: the unit's plan of the
    period's year, area VI (Peningkatan Kualitas Pelayanan Publik), in the decree's order."""
    return ActionItem.objects.filter(
        area__plan__unit_id=period.unit_id,
        area__plan__year=period.year,
        area__code=AreaCode.PELAYANAN_PUBLIK,
    ).order_by("order")
