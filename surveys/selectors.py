"""Reads of the surveys: the questionnaire a unit answers, and the results (NRR per
element, index, IKM, grade, sample) of any set of units, surveys and quarters, computed in
one grouped query (the arithmetic: surveys/results.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from access.models import Unit

from . import results
from .choices import SurveyKind
from .models import Answer, Element, Questionnaire, Response, Service, SurveyPeriod


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
) -> dict[Key, SurveyResult]:
    """Results keyed by ``(kind, *by)``; ``by`` names groups of :data:`GROUPS` ("unit",
    "quarter", "service"). Three queries whatever the number of units: answers, responses,
    periods. A key without responses is absent (see :func:`survey_result`)."""
    kinds = tuple(kinds)
    unit_ids = [u.pk for u in units]
    scope: dict[str, Any] = {
        "period__unit_id__in": unit_ids,
        "period__year": year,
        "kind__in": kinds,
    }
    if quarter is not None:
        scope["period__quarter"] = quarter
    fields = ["kind", *(GROUPS[name] for name in by)]
    counts = Response.objects.filter(**scope).values(*fields).annotate(n=Count("id"))
    answer_fields = [f"response__{name}" for name in fields]
    sums = (
        Answer.objects.filter(**{f"response__{k}": v for k, v in scope.items()})
        .values(*answer_fields, "element__code")
        .annotate(n=Count("id"), total=Sum("value"))
    )
    elements = _shipped_elements(kinds)
    raw: dict[Key, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in sums:
        key = tuple(row[name] for name in answer_fields)
        raw[key][row["element__code"]] = (row["n"], row["total"])
    out: dict[Key, SurveyResult] = {}
    for row in counts:
        key = tuple(row[name] for name in fields)
        out[key] = SurveyResult(
            kind=key[0], responses=row["n"], tallies=_tallies(elements[key[0]], raw[key])
        )
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
    *, units: Iterable[Unit] | QuerySet[Unit], kind: str, year: int, quarter: int | None = None
) -> SurveyResult:
    """One survey's result over ``units`` (one unit: ``[unit]``), empty when no one
    answered; the sample still counts the periods' populations."""
    units = list(units)
    found = survey_results(units=units, year=year, kinds=[kind], quarter=quarter)
    if (kind,) in found:
        return found[(kind,)]
    return SurveyResult(kind=kind, tallies=_tallies(_shipped_elements([kind])[kind], {}))
