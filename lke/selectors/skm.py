"""The LKE's three questions on the community satisfaction survey (SKM), answered from the
unit's own survey data: a suggested answer with the data it comes from, and the survey
reports offered as their evidence.

Sub-area "iv. Penilaian Kepuasan terhadap Pelayanan" (Pemenuhan › Peningkatan Kualitas
Pelayanan Publik) asks, by question code (lke/data/README.md):

- ``PPF4A`` "Telah dilakukan survey kepuasan masyarakat terhadap pelayanan" (A–E): the
  quarters of the year with SKM results (responses > 0): 4 → A (minimal 4 kali), 3 → B,
  2 → C, 1 → D, none → E (belum dilakukan);
- ``PPF4B`` "Hasil survei kepuasan masyarakat dapat diakses secara terbuka" (A–C): a quarter
  with SKM results published on /publik/ (``SurveyPeriod.published_at``) → A (online dan
  offline; the portal sees the online half, the page says to check the offline one); none
  published → C (tidak dipublikasi). B (hanya offline) is not seen by the portal; the page
  says when to choose it;
- ``PPF4C`` "Dilakukan tindak lanjut atas hasil survei kepuasan masyarakat" (A–D): of the
  weakest elements of each quarter's SKM result (``surveys.results.WEAK_COUNT`` lowest NRR),
  the share with at least one follow-up (``FollowUp`` of that quarter, survey and element):
  all → A (seluruh), more than half → B (sebagian besar), some → C (sebagian kecil), none
  or no results → D (belum).

A suggestion never writes an answer: the person accepts it by choosing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from access.models import Unit
from lke.models import Assessment, Question
from lke.selectors.pages import choice_words
from lke.survey_documents import SurveyDocument, survey_documents
from surveys.choices import SurveyKind
from surveys.models import FollowUp, SurveyPeriod
from surveys.results import WEAK_COUNT
from surveys.selectors import survey_results

HELD, PUBLISHED, FOLLOWED = "PPF4A", "PPF4B", "PPF4C"
SKM_CODES = frozenset({HELD, PUBLISHED, FOLLOWED})
QUARTERS = 4
# PPF4A: quarters with results → key ("minimal 4/3/2/1 kali dalam setahun", "belum").
HELD_KEYS = {4: "A", 3: "B", 2: "C", 1: "D", 0: "E"}
PUBLISHED_KEY, OFFLINE_KEY, UNPUBLISHED_KEY = "A", "B", "C"
ALL_FOLLOWED, MOST_FOLLOWED, SOME_FOLLOWED, NONE_FOLLOWED = "A", "B", "C", "D"
# The unit's survey pages (the surveys app names them); no such page yet: no link.
RESULTS_URL_NAME = "survey_overview"


@dataclass(frozen=True)
class QuarterFacts:
    """One quarter with SKM results: its responses, whether it is published, its weakest
    elements and those with a follow-up."""

    quarter: int
    responses: int
    published: bool
    weak: tuple[str, ...]
    followed: tuple[str, ...]


@dataclass(frozen=True)
class SkmFacts:
    """The unit's SKM of a year as the three questions read it."""

    year: int
    quarters: tuple[QuarterFacts, ...]  # the quarters with results, in order

    @property
    def held(self) -> int:
        return len(self.quarters)

    @property
    def published(self) -> int:
        return sum(1 for q in self.quarters if q.published)

    @property
    def weak(self) -> int:
        return sum(len(q.weak) for q in self.quarters)

    @property
    def followed(self) -> int:
        return sum(len(q.followed) for q in self.quarters)


def _quarter_list(quarters: Iterable[int]) -> str:
    """(1, 3, 4) → "triwulan 1, 3 dan 4"."""
    names = [str(q) for q in quarters]
    if len(names) > 1:
        names = [", ".join(names[:-1]) + " dan " + names[-1]]
    return f"triwulan {names[0]}" if names else ""


def skm_facts(unit: Unit, year: int) -> SkmFacts:
    """The quarters of the year with SKM results, their publication and follow-ups (six
    queries, whatever the quarters, elements or follow-ups)."""
    found = survey_results(units=[unit], year=year, kinds=[SurveyKind.SKM], by=("quarter",))
    published = set(
        SurveyPeriod.objects.filter(unit=unit, year=year, published_at__isnull=False).values_list(
            "quarter", flat=True
        )
    )
    follow_ups = set(
        FollowUp.objects.filter(
            period__unit=unit, period__year=year, kind=SurveyKind.SKM
        ).values_list("period__quarter", "element_code")
    )
    quarters = []
    for (_, quarter), result in sorted(found.items(), key=lambda item: item[0][1]):
        if not result.has_responses:
            continue
        weak = tuple(t.code for t in result.weakest(WEAK_COUNT))
        done = tuple(code for code in weak if (quarter, code) in follow_ups)
        quarters.append(QuarterFacts(quarter, result.responses, quarter in published, weak, done))
    return SkmFacts(year, tuple(quarters))


# The suggestions (pure)


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer, the data it comes from and what the portal cannot see."""

    key: str
    words: str  # "C – Survei kepuasan … minimal 2 kali dalam setahun"
    facts: str
    caveat: str = ""


def held_key(quarters: int) -> str:
    return HELD_KEYS[min(quarters, QUARTERS)]


def published_key(published: int) -> str:
    return PUBLISHED_KEY if published else UNPUBLISHED_KEY


def followed_key(followed: int, weak: int) -> str:
    if not weak or not followed:
        return NONE_FOLLOWED
    if followed == weak:
        return ALL_FOLLOWED
    return MOST_FOLLOWED if followed * 2 > weak else SOME_FOLLOWED


def _held(facts: SkmFacts) -> tuple[str, str, str]:
    if not facts.held:
        return held_key(0), f"Belum ada hasil SKM tahun {facts.year} (belum ada responden).", ""
    where = _quarter_list(q.quarter for q in facts.quarters)
    text = f"Hasil SKM tahun {facts.year} ada pada {facts.held} dari {QUARTERS} triwulan ({where})."
    return held_key(facts.held), text, ""


def _published(facts: SkmFacts) -> tuple[str, str, str]:
    if not facts.held:
        return published_key(0), f"Belum ada hasil SKM tahun {facts.year} untuk dipublikasikan.", ""
    shown = [q.quarter for q in facts.quarters if q.published]
    text = (
        f"{facts.published} dari {facts.held} triwulan dengan hasil SKM dipublikasikan di "
        "halaman publik portal"
    )
    text += f" ({_quarter_list(shown)})." if shown else "."
    if shown:
        caveat = (
            f"Jawaban {PUBLISHED_KEY} meminta hasil dapat diakses online dan offline: pastikan "
            "hasil juga dipajang di tempat layanan."
        )
    else:
        caveat = (
            f"Bila hasil hanya dipajang di tempat layanan (offline), pilih {OFFLINE_KEY}; "
            "publikasikan hasil triwulan di portal agar dapat diakses online."
        )
    return published_key(facts.published), text, caveat


def _followed(facts: SkmFacts) -> tuple[str, str, str]:
    key = followed_key(facts.followed, facts.weak)
    if not facts.weak:
        return key, f"Belum ada hasil SKM tahun {facts.year} yang dapat ditindaklanjuti.", ""
    text = (
        f"{facts.followed} dari {facts.weak} unsur terlemah ({WEAK_COUNT} nilai terendah tiap "
        "triwulan) sudah memiliki tindak lanjut."
    )
    return key, text, ""


RULES = {HELD: _held, PUBLISHED: _published, FOLLOWED: _followed}


def skm_suggestions(facts: SkmFacts, questions: Iterable[Question]) -> dict[int, Suggestion]:
    """Question id → its suggestion, for the SKM questions among ``questions`` whose scheme
    has the suggested key (a worksheet version that words them otherwise gets none)."""
    out: dict[int, Suggestion] = {}
    for question in questions:
        rule = RULES.get(question.code)
        if rule is None:
            continue
        key, facts_text, caveat = rule(facts)
        if key in {str(option["key"]) for option in question.scheme}:
            out[question.pk] = Suggestion(key, choice_words(question, key), facts_text, caveat)
    return out


def has_skm_question(questions: Iterable[Question]) -> bool:
    return any(q.code in SKM_CODES for q in questions)


# Evidence


@dataclass(frozen=True)
class SurveyEvidence:
    """What the evidence page of an SKM question offers: the unit's survey results pages
    and the issued survey reports."""

    results_url: str  # the unit's survey overview of the year
    documents: list[SurveyDocument]


def results_url(unit: Unit, year: int) -> str:
    return f"{reverse(RESULTS_URL_NAME, args=[unit.slug])}?tahun={year}"


def survey_evidence(
    user: object, assessment: Assessment, question: Question
) -> SurveyEvidence | None:
    """For an SKM question: the survey pages and the reports ``user`` may open; None for
    any other question."""
    if question.code not in SKM_CODES:
        return None
    unit, year = assessment.unit, assessment.year
    documents = survey_documents(user=user, unit=unit, year=year)
    return SurveyEvidence(results_url(unit, year), documents)
