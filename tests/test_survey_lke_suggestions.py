"""The LKE's three SKM questions answered from the unit's survey data (lke/selectors/skm.py):
quarters with results (PPF4A), results published on /publik/ (PPF4B), weak elements with a
follow-up (PPF4C); shown beside the question, never saved; the survey reports offered on
their evidence page; the page's queries do not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from access.models import Unit
from lke.models import Answer, Assessment, Question
from lke.selectors import skm
from lke.selectors.skm import followed_key, held_key, skm_facts, skm_suggestions
from lke.services import answer_save
from reports.models import ReportJob
from surveys.models import FollowUp, SurveyPeriod
from surveys.services import period_publish
from tests.factories import lke_assessment, lke_question
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

SLUG, YEAR = "kpu-kalbar", 2025
DAYS = {1: (2, 10), 2: (5, 14), 3: (8, 1), 4: (11, 5)}
# The worked example's weakest three (surveys.results.WEAK_COUNT): U8 2,75, U3 2,8, U9 3,2.
WEAK = ("U8", "U3", "U9")
CODES = (skm.HELD, skm.PUBLISHED, skm.FOLLOWED)


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def skm_quarters(unit: Unit, *quarters: int) -> dict[int, SurveyPeriod]:
    periods = {}
    for quarter in quarters:
        periods[quarter] = period_make(unit, YEAR, quarter)
        month, day = DAYS[quarter]
        day_of = datetime.date(YEAR, month, day)
        paper_responses(unit, "skm", WORKED_EXAMPLE, SKM_CODES, day=day_of)
    return periods


def follow_up(period: SurveyPeriod, code: str, kind: str = "skm") -> FollowUp:
    row = FollowUp(period=period, kind=kind, element_code=code, action=f"Perbaikan unsur {code}")
    row.full_clean()
    row.save()
    return row


def suggested(unit: Unit) -> dict[str, skm.Suggestion]:
    questions = [lke_question(code) for code in CODES]
    found = skm_suggestions(skm_facts(unit, YEAR), questions)
    return {q.code: found[q.pk] for q in questions if q.pk in found}


def keys(unit: Unit) -> tuple[str, ...]:
    found = suggested(unit)
    return tuple(found[code].key for code in CODES)


def area_url(code: str = "pelayanan_publik") -> str:
    return reverse("lke_area", args=[SLUG, YEAR, code])


@pytest.mark.parametrize(("quarters", "key"), [(0, "E"), (1, "D"), (2, "C"), (3, "B"), (4, "A")])
def test_quarters_with_results_map_to_the_schemes_times_a_year(quarters: int, key: str) -> None:
    assert held_key(quarters) == key


@pytest.mark.parametrize(
    ("followed", "weak", "key"),
    [(0, 0, "D"), (0, 6, "D"), (1, 6, "C"), (3, 6, "C"), (4, 6, "B"), (5, 6, "B"), (6, 6, "A")],
)
def test_the_share_of_weak_elements_followed_up_maps_to_all_most_some_none(
    followed: int, weak: int, key: str
) -> None:
    assert followed_key(followed, weak) == key


def test_without_any_skm_results_the_suggestions_are_the_lowest_keys(province: Unit) -> None:
    period_make(province, YEAR, 1, population=400)  # a quarter without responses
    found = suggested(province)
    assert tuple(found[c].key for c in CODES) == ("E", "C", "D")
    assert found[skm.HELD].facts == "Belum ada hasil SKM tahun 2025 (belum ada responden)."
    assert found[skm.HELD].words.startswith("E – Belum dilakukan survei kepuasan masyarakat")


def test_two_quarters_with_results_suggest_c_and_four_suggest_a(province: Unit) -> None:
    skm_quarters(province, 1, 3)
    found = suggested(province)
    assert found[skm.HELD].key == "C"
    assert found[skm.HELD].facts == (
        "Hasil SKM tahun 2025 ada pada 2 dari 4 triwulan (triwulan 1 dan 3)."
    )
    assert "minimal 2 kali dalam setahun" in found[skm.HELD].words
    skm_quarters(province, 2, 4)
    assert suggested(province)[skm.HELD].key == "A"


def test_published_results_suggest_a_and_unpublished_c(province: Unit, people: dict) -> None:
    periods = skm_quarters(province, 1, 2)
    found = suggested(province)[skm.PUBLISHED]
    assert found.key == "C"
    assert (
        found.facts == "0 dari 2 triwulan dengan hasil SKM dipublikasikan di halaman publik portal."
    )
    assert "pilih B" in found.caveat
    period_publish(user=people["sekretariat"], period=periods[1], published=True)
    found = suggested(province)[skm.PUBLISHED]
    assert found.key == "A"
    assert found.facts.startswith("1 dari 2 triwulan") and "(triwulan 1)" in found.facts
    assert "online dan offline" in found.caveat
    # a quarter published without results does not count
    empty = period_make(province, YEAR, 4)
    period_publish(user=people["sekretariat"], period=empty, published=True)
    assert suggested(province)[skm.PUBLISHED].facts.startswith("1 dari 2 triwulan")


@pytest.mark.parametrize(("done", "key"), [(0, "D"), (2, "C"), (4, "B"), (6, "A")])
def test_follow_ups_of_the_weak_elements_none_some_most_all(
    province: Unit, done: int, key: str
) -> None:
    periods = skm_quarters(province, 1, 2)
    weak = [(quarter, code) for quarter in (1, 2) for code in WEAK]
    for quarter, code in weak[:done]:
        follow_up(periods[quarter], code)
    follow_up(periods[1], "U1")  # not among the weakest: does not count
    follow_up(periods[2], "A1", kind="spak")  # another survey's element
    found = suggested(province)[skm.FOLLOWED]
    assert found.key == key
    assert found.facts == (
        f"{done} dari 6 unsur terlemah (3 nilai terendah tiap triwulan) sudah memiliki "
        "tindak lanjut."
    )


def test_the_answering_page_shows_the_suggestions_and_saves_nothing(
    client: Client, assessment: Assessment, province: Unit, people: dict
) -> None:
    skm_quarters(province, 1, 2, 3)
    stored = Answer.objects.count()
    client.force_login(people["ketua"])
    body = client.get(area_url()).content.decode()
    for code, key in zip(CODES, ("B", "C", "D"), strict=True):
        question = lke_question(code)
        card = body[body.index(f'id="q-{question.pk}"') :]
        card = card[: card.index("</article>")]
        assert f'data-testid="suggestion" data-key="{key}"' in card
        assert "Saran jawaban dari data survei" in card
    assert "ada pada 3 dari 4 triwulan (triwulan 1, 2 dan 3)" in body
    assert Answer.objects.count() == stored
    # another area's page reads no survey data and shows no suggestion
    assert 'data-testid="suggestion"' not in client.get(area_url("sdm")).content.decode()


# The area page's own 14, the unit's internal surveys behind IPAK/IPKP (4) and the SKM
# questions' data (6: results by quarter (4), published quarters, follow-ups).
PAGE_QUERIES = 24


def _queries(client: Client, code: str = "pelayanan_publik") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(area_url(code)).status_code == 200
    return len(queries)


def test_the_answering_page_queries_do_not_grow_with_the_survey_data(
    client: Client, assessment: Assessment, province: Unit, people: dict
) -> None:
    client.force_login(people["ketua"])
    _queries(client)  # the session settles
    assert _queries(client) == PAGE_QUERIES
    assert _queries(client, "sdm") == PAGE_QUERIES - 6  # no SKM question on it
    periods = skm_quarters(province, 1, 2, 3, 4)
    for period in periods.values():
        period_publish(user=people["sekretariat"], period=period, published=True)
        for code in WEAK:
            follow_up(period, code)
    for code in CODES:
        question: Question = lke_question(code)
        answer_save(
            assessment=assessment, question=question, side="unit", user=people["ketua"],
            text=question.scheme[0]["key"], version=None,
        )  # fmt: skip
    assert _queries(client) == PAGE_QUERIES


def test_the_evidence_page_of_an_skm_question_offers_the_survey_reports(
    client: Client, assessment: Assessment, province: Unit, people: dict
) -> None:
    question = lke_question(skm.HELD)
    url = reverse("lke_question_evidence", args=[SLUG, YEAR, question.pk])
    client.force_login(people["ketua"])
    body = client.get(url).content.decode()
    assert 'data-testid="survey-evidence"' in body
    assert 'data-testid="no-survey-document"' in body
    try:  # the surveys app's results page, once it exists
        results = reverse("survey_overview", args=[SLUG])
    except NoReverseMatch:
        assert 'data-testid="survey-results-link"' not in body
    else:
        assert f'href="{results}?tahun=2025"' in body
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.SURVEY_REPORT, unit=province, year=YEAR, quarter=2,
        requested_by=people["sekretariat"], status=ReportJob.Status.SELESAI, version=1,
        finished_at=timezone.now(),
    )  # fmt: skip
    ReportJob.objects.create(  # still rendering: not offered
        kind=ReportJob.Kind.SURVEY_REPORT, unit=province, year=YEAR, quarter=3,
        requested_by=people["sekretariat"],
    )  # fmt: skip
    body = client.get(url).content.decode()
    assert reverse("job_download", args=[job.pk]) in body
    assert "Laporan Hasil Survei Pelayanan triwulan 2 2025 (versi 1)" in body
    assert "triwulan 3 2025" not in body
    # a coordinator reads the LKE but not the unit's documents
    client.force_login(people["koordinator_own"])
    body = client.get(url).content.decode()
    assert 'data-testid="survey-evidence"' in body
    assert reverse("job_download", args=[job.pk]) not in body
    # any other question has no survey section
    other = reverse("lke_question_evidence", args=[SLUG, YEAR, lke_question("PPA1A").pk])
    client.force_login(people["ketua"])
    assert 'data-testid="survey-evidence"' not in client.get(other).content.decode()
