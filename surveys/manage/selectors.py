"""The reads of a unit's survey pages (surveys/views/): the year's quarters with their
results and samples, the codes issued and used, the slips to print, the questionnaire
versions, and the raw responses (for who may read them: access.rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from access.models import Unit
from areas.models import WorkPlan
from common.dates import today
from common.formatting import decimal_text
from common.qr import qr_data_uri

from .. import results
from ..choices import SurveyKind
from ..links import code_path, desk_path, public_url
from ..models import (
    AccessCode,
    Answer,
    Desk,
    Element,
    Questionnaire,
    Response,
    Service,
    SurveyPeriod,
)
from ..selectors import (
    SurveyResult,
    current_questionnaire,
    questionnaire_elements,
    survey_results,
)

QUARTERS = (1, 2, 3, 4)
SHORT = {SurveyKind.SKM: "SKM", SurveyKind.SPAK: "SPAK", SurveyKind.SPKP: "SPKP"}
RESPONSES_PER_PAGE = 50
SLIPS_PER_PAGE = 100  # five A4 sheets of twenty


def survey_years(unit: Unit) -> list[int]:
    """Years the unit runs surveys or has a plan for, and the current one; newest first."""
    periods = SurveyPeriod.objects.filter(unit=unit).order_by().values_list("year", flat=True)
    plans = WorkPlan.objects.filter(unit=unit).order_by().values_list("year", flat=True)
    return sorted({*periods.union(plans), today().year}, reverse=True)


@dataclass
class SurveyCell:
    """One survey of one quarter: its responses against the required sample, its index."""

    kind: str
    result: SurveyResult

    @property
    def short(self) -> str:
        return SHORT[SurveyKind(self.kind)]

    @property
    def shows_ikm(self) -> bool:
        """The SKM is read as IKM and mutu; SPAK and SPKP as the index on 1–4."""
        return self.kind == SurveyKind.SKM

    @property
    def progress(self) -> Decimal | None:
        """Responses as a percent of the required sample (capped at 100); None without one."""
        required = self.result.required
        if required is None:
            return None
        if required == 0:
            return Decimal(100)
        return min(Decimal(100), Decimal(self.result.responses * 100) / Decimal(required))

    @property
    def index_text(self) -> str:
        return decimal_text(self.result.index, places=4)

    @property
    def ikm_text(self) -> str:
        return decimal_text(self.result.ikm, places=2)


@dataclass
class QuarterRow:
    """A quarter of the year: its period (None until opened) and its three surveys."""

    quarter: int
    period: SurveyPeriod | None
    cells: list[SurveyCell] = field(default_factory=list)

    @property
    def is_opened(self) -> bool:
        return self.period is not None

    @property
    def is_open(self) -> bool:
        return self.period is not None and self.period.is_open

    @property
    def is_published(self) -> bool:
        return self.period is not None and self.period.is_published

    @property
    def population(self) -> int | None:
        return self.period.population if self.period is not None else None

    @property
    def required(self) -> int | None:
        return results.sample_required(self.population)

    @property
    def responses(self) -> int:
        return sum(cell.result.responses for cell in self.cells)


def quarter_rows(unit: Unit, year: int) -> list[QuarterRow]:
    """The four quarters × three surveys of the unit's year (five queries, whatever the
    number of responses)."""
    periods = {p.quarter: p for p in SurveyPeriod.objects.filter(unit=unit, year=year)}
    found = survey_results(units=[unit], year=year, by=("quarter",))
    rows = []
    for quarter in QUARTERS:
        cells = [
            SurveyCell(kind, found.get((kind, quarter)) or SurveyResult(kind=kind))
            for kind in SurveyKind.values
        ]
        rows.append(QuarterRow(quarter, periods.get(quarter), cells))
    return rows


def unit_services(unit: Unit) -> QuerySet[Service]:
    """The unit's services, inactive ones too (their responses stay)."""
    return Service.objects.filter(unit=unit).order_by("order", "name")


@dataclass(frozen=True)
class DeskRow:
    desk: Desk
    link: str  # the public address its QR poster carries


def desk_rows(unit: Unit, request: HttpRequest | None = None) -> list[DeskRow]:
    desks = Desk.objects.filter(unit=unit).select_related("service").order_by("name")
    return [DeskRow(d, public_url(desk_path(d.token), request)) for d in desks]


@dataclass(frozen=True)
class CodeCount:
    quarter: int
    kind: str
    desk: str
    issued: int
    used: int

    @property
    def unused(self) -> int:
        return self.issued - self.used

    @property
    def short(self) -> str:
        return SHORT[SurveyKind(self.kind)]


def code_counts(unit: Unit, year: int) -> list[CodeCount]:
    """Codes issued and used per quarter, survey and desk of the year (one query)."""
    rows = (
        AccessCode.objects.filter(period__unit=unit, period__year=year)
        .values("period__quarter", "kind", "desk__name")
        .annotate(issued=Count("id"), used=Count("id", filter=Q(used_at__isnull=False)))
        .order_by("period__quarter", "kind", "desk__name")
    )
    return [
        CodeCount(r["period__quarter"], r["kind"], r["desk__name"] or "", r["issued"], r["used"])
        for r in rows
    ]


@dataclass(frozen=True)
class SlipFilter:
    """Which unused codes a slips page prints: a quarter's survey, optionally one desk and
    one issue (the range of ids a printing made)."""

    quarter: int
    kind: str
    desk_id: int | None = None
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True)
class Slip:
    code: str
    url: str
    qr: str
    desk: str
    service: str


def unused_codes(unit: Unit, year: int, chosen: SlipFilter) -> QuerySet[AccessCode]:
    codes = AccessCode.objects.filter(
        period__unit=unit,
        period__year=year,
        period__quarter=chosen.quarter,
        kind=chosen.kind,
        used_at__isnull=True,
    )
    if chosen.desk_id is not None:
        codes = codes.filter(desk_id=chosen.desk_id)
    if chosen.first is not None:
        codes = codes.filter(pk__gte=chosen.first)
    if chosen.last is not None:
        codes = codes.filter(pk__lte=chosen.last)
    return codes.select_related("desk", "service").order_by("pk")


def slips_page(
    unit: Unit, year: int, chosen: SlipFilter, number: str | None, request: HttpRequest
) -> tuple[Page, list[Slip]]:
    """One printable page of slips: each code with its link and the link's QR code."""
    page = Paginator(unused_codes(unit, year, chosen), SLIPS_PER_PAGE).get_page(number)
    slips = []
    for code in page.object_list:
        url = public_url(code_path(code.code), request)
        desk = code.desk.name if code.desk else ""
        service = code.service.name if code.service else ""
        slips.append(Slip(code.code, url, qr_data_uri(url), desk, service))
    return page, slips


@dataclass
class Version:
    questionnaire: Questionnaire
    responses: int

    @property
    def is_frozen(self) -> bool:
        return self.responses > 0

    @property
    def is_shipped(self) -> bool:
        return self.questionnaire.unit_id is None


@dataclass
class SurveyQuestionnaire:
    """A survey's current version for the unit with its elements, and the older ones."""

    kind: str
    current: Version
    elements: list[Element]
    older: list[Version]

    @property
    def short(self) -> str:
        return SHORT[SurveyKind(self.kind)]


def unit_questionnaires(unit: Unit) -> list[SurveyQuestionnaire]:
    """Each survey's version the unit's respondents answer now (its elements), and every
    other version (shipped or the unit's) read-only; a version with responses is frozen."""
    currents = {}
    for kind in SurveyKind.values:
        try:
            currents[kind] = current_questionnaire(unit, kind)
        except Questionnaire.DoesNotExist:
            continue
    versions = (
        Questionnaire.objects.filter(Q(unit=unit) | Q(unit=None), kind__in=list(currents))
        .annotate(n=Count("responses"))
        .order_by("kind", "-version")
    )
    elements: dict[int, list[Element]] = {}
    for e in Element.objects.filter(questionnaire__in=currents.values()).order_by("order"):
        elements.setdefault(e.questionnaire_id, []).append(e)
    out = []
    for kind, current in currents.items():
        own = [Version(q, q.n) for q in versions if q.kind == kind]
        now = next(v for v in own if v.questionnaire.pk == current.pk)
        older = [v for v in own if v is not now]
        out.append(SurveyQuestionnaire(kind, now, elements.get(current.pk, []), older))
    return out


def version_elements(questionnaire: Questionnaire) -> tuple[Version, list[Element]]:
    """A version and its elements, read-only."""
    count = questionnaire.responses.count()
    return Version(questionnaire, count), list(questionnaire.elements.order_by("order"))


@dataclass
class ResponseRow:
    """A response as the list shows it: its answers in the questionnaire's column order
    (None for a blank on paper) and its comment's moderation."""

    response: Response
    values: list[int | None]

    @property
    def has_comment(self) -> bool:
        return bool(self.response.comment)

    @property
    def comment_is_pending(self) -> bool:
        return self.response.comment_status == Response.CommentStatus.PENDING

    @property
    def comment_is_approved(self) -> bool:
        return self.response.comment_status == Response.CommentStatus.APPROVED

    @property
    def comment_is_rejected(self) -> bool:
        return self.response.comment_status == Response.CommentStatus.REJECTED


@dataclass(frozen=True)
class ResponseFilter:
    quarter: int
    kind: str
    comment_status: str = ""  # "": every response; else only comments in that state

    @property
    def query(self) -> str:
        """The list's query string (without its page)."""
        return urlencode(
            {"triwulan": self.quarter, "survei": self.kind, "komentar": self.comment_status}
        )


def response_page(
    unit: Unit, year: int, chosen: ResponseFilter, number: str | None
) -> tuple[Page, list[str], list[ResponseRow]]:
    """One page of a quarter's responses to a survey, newest first, with the element codes
    of its columns (the unit's current version: every version has the same codes). Five
    queries whatever the page holds."""
    rows = Response.objects.filter(
        period__unit=unit, period__year=year, period__quarter=chosen.quarter, kind=chosen.kind
    )
    if chosen.comment_status:
        rows = rows.filter(comment_status=chosen.comment_status)
    rows = rows.select_related("service").order_by("-submitted_at", "-pk")
    page = Paginator(rows, RESPONSES_PER_PAGE).get_page(number)
    codes = [e.code for e in questionnaire_elements(current_questionnaire(unit, chosen.kind))]
    answers: dict[int, dict[str, int]] = {}
    values = Answer.objects.filter(response__in=[r.pk for r in page.object_list]).values_list(
        "response_id", "element__code", "value"
    )
    for response_id, code, value in values:
        answers.setdefault(response_id, {})[code] = value
    table = [
        ResponseRow(r, [answers.get(r.pk, {}).get(code) for code in codes])
        for r in page.object_list
    ]
    return page, codes, table
