"""The rows of the survey documents: reshapes only what ``reports.surveys.selectors`` read
(the results of ``surveys.selectors.survey_results``, grouped profile counts, follow-ups,
comments, desks) into what the templates print, text already in Indonesian form. The
arithmetic is ``surveys.results``'s; nothing here queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from common.formatting import date_text, decimal_text, quarter_name, roman
from surveys import results
from surveys.choices import Education, Occupation, Sex, SurveyKind
from surveys.selectors import SurveyResult

NOT_GIVEN = "Tidak diisi"
# Usia bands of the respondent profile: (from, to inclusive, label); None: open.
AGE_BANDS: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 19, "Kurang dari 20 tahun"),
    (20, 29, "20–29 tahun"),
    (30, 39, "30–39 tahun"),
    (40, 49, "40–49 tahun"),
    (50, 59, "50–59 tahun"),
    (60, None, "60 tahun ke atas"),
)
INDEX_NAMES = {SurveyKind.SKM: "IKM", SurveyKind.SPAK: "IPAK", SurveyKind.SPKP: "IPKP"}
SHORT_NAMES = {SurveyKind.SKM: "SKM", SurveyKind.SPAK: "SPAK", SurveyKind.SPKP: "SPKP"}


def index_text(value: Decimal | None) -> str:
    """An index or NRR on 1–4 as published: 4 decimals, "3,3944"."""
    return decimal_text(value, places=4)


def ikm_text(value: Decimal | None) -> str:
    """An IKM (25–100): 2 decimals, "84,86"."""
    return decimal_text(value, places=2)


@dataclass(frozen=True)
class GradeBand:
    letter: str
    words: str
    low: str
    high: str


def grade_scale() -> list[GradeBand]:
    """The mutu pelayanan bands of ``surveys.results.GRADES`` as printed: "88,31–100,00"."""
    bands, high = [], Decimal(100)
    for low, letter, words in results.GRADES:
        bands.append(GradeBand(letter, words, ikm_text(low), ikm_text(high)))
        high = low - results.IKM_PLACES
    return bands


@dataclass(frozen=True)
class ElementRow:
    """One element's line: its answers, their sum, NRR and (SKM) NRR × 25 with its mutu."""

    number: int
    tally: results.ElementTally

    @property
    def code(self) -> str:
        return self.tally.code

    @property
    def label(self) -> str:
        return self.tally.label

    @property
    def nrr(self) -> Decimal | None:
        return results.rounded_index(self.tally.nrr)

    @property
    def nrr_text(self) -> str:
        return index_text(self.tally.nrr)

    @property
    def converted(self) -> Decimal | None:
        """NRR × 25, rounded once (the element's own IKM)."""
        return results.ikm(self.tally.nrr)

    @property
    def converted_text(self) -> str:
        return ikm_text(self.converted)

    @property
    def grade(self) -> str:
        return results.grade(self.converted)


def element_rows(result: SurveyResult) -> list[ElementRow]:
    return [ElementRow(i, t) for i, t in enumerate(result.tallies, start=1)]


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    share: Decimal | None  # percent of the survey's respondents


@dataclass(frozen=True)
class ProfileTable:
    title: str
    rows: list[ProfileRow]


def _band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    return NOT_GIVEN


def _rows(pairs: list[tuple[str, int]], counts: dict[Any, int], total: int) -> list[ProfileRow]:
    """Each answer (in the questionnaire's order, with nobody too), then "Tidak diisi"
    when someone left it blank."""
    blank = counts.get("", 0) + counts.get(None, 0)
    rows = [(label, n) for label, n in pairs]
    if blank:
        rows.append((NOT_GIVEN, blank))

    def share(n: int) -> Decimal | None:
        return Decimal(n) * 100 / Decimal(total) if total else None

    return [ProfileRow(label, n, share(n)) for label, n in rows]


def profile_tables(counts: dict[str, dict[Any, int]], total: int) -> list[ProfileTable]:
    """The respondent profile of PermenPANRB 14/2017 from grouped counts (field → answer →
    respondents): usia by band, jenis kelamin, pendidikan, pekerjaan, jenis layanan."""
    ages: dict[str, int] = {}
    for age, n in counts.get("age", {}).items():
        if age is not None:
            ages[_band(age)] = ages.get(_band(age), 0) + n
    age_pairs = [(label, ages.get(label, 0)) for _, _, label in AGE_BANDS]
    age_blank = {None: counts.get("age", {}).get(None, 0)}
    services = counts.get("service__name", {})
    service_pairs = sorted((name, n) for name, n in services.items() if name)
    tables = [("Usia", age_pairs, age_blank)]
    for title, name, choices in (
        ("Jenis kelamin", "sex", Sex),
        ("Pendidikan", "education", Education),
        ("Pekerjaan", "occupation", Occupation),
    ):
        found = counts.get(name, {})
        tables.append((title, [(str(c.label), found.get(c.value, 0)) for c in choices], found))
    tables.append(("Jenis layanan", service_pairs, {None: services.get(None, 0)}))
    return [ProfileTable(title, _rows(pairs, found, total)) for title, pairs, found in tables]


@dataclass(frozen=True)
class FollowUpRow:
    """A tindak lanjut as printed: its quarter ("II"), element, action, the linked action
    item of the plan, status, due date."""

    quarter: str
    code: str
    element: str
    action: str
    action_item: str
    status_value: str
    status_text: str
    due: str
    is_done: bool

    @classmethod
    def of(cls, row: Any, element: str) -> FollowUpRow:
        item = row.action_item
        linked = f"Area {item.area.number} {item.label} {item.text}".strip() if item else ""
        return cls(
            quarter=roman(row.period.quarter),
            code=row.element_code,
            element=element,
            action=row.action,
            action_item=linked,
            status_value=row.status,
            status_text=row.get_status_display(),
            due=date_text(row.due_date),
            is_done=row.is_done,
        )


@dataclass(frozen=True)
class CommentRow:
    """An approved comment (saran dan masukan) with its date and service; never a name."""

    quarter: str
    date: str
    service: str
    text: str

    @classmethod
    def of(cls, row: Any) -> CommentRow:
        return cls(
            quarter=quarter_name(row.period.quarter),
            date=date_text(row.service_date),
            service=row.service.name if row.service else "",
            text=row.comment,
        )


@dataclass(frozen=True)
class QuarterRow:
    """A quarter's line in a year's report."""

    quarter: int
    result: SurveyResult

    @property
    def name(self) -> str:
        return quarter_name(self.quarter)

    @property
    def index_text(self) -> str:
        return index_text(self.result.index)

    @property
    def ikm_text(self) -> str:
        return ikm_text(self.result.ikm)


@dataclass
class SurveySection:
    """One survey's part of the report."""

    kind: str
    letter: str  # its chapter in the report: B, C, D
    title: str
    result: SurveyResult
    elements: list[ElementRow]
    weakest: list[ElementRow]
    profile: list[ProfileTable]
    follow_ups: list[FollowUpRow] = field(default_factory=list)
    comments: list[CommentRow] = field(default_factory=list)
    quarters: list[QuarterRow] = field(default_factory=list)

    @property
    def is_skm(self) -> bool:
        return self.kind == SurveyKind.SKM

    @property
    def short_name(self) -> str:
        """ "SKM", "SPAK", "SPKP"."""
        return SHORT_NAMES[SurveyKind(self.kind)]

    @property
    def index_name(self) -> str:
        """ "IKM", "IPAK", "IPKP"."""
        return INDEX_NAMES[SurveyKind(self.kind)]

    @property
    def index_text(self) -> str:
        return index_text(self.result.index)

    @property
    def ikm_text(self) -> str:
        return ikm_text(self.result.ikm)


@dataclass(frozen=True)
class PosterPage:
    """A desk's poster: its name, public link and that link's QR code, the surveys it
    runs, and whether anyone may answer (open link) or a code from the desk is needed."""

    desk: str
    url: str
    qr_uri: str
    surveys: list[str]
    open_link: bool
