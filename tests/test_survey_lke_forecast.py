"""The LKE's IPAK and IPKP from the unit's internal surveys (lke/selectors/survey_values.py):
an empty answer is forecast from the internal index of the assessment year and says so; an
entered value stands, the difference shown; every door (the pages, ``lke_score``, the
province view, the monthly report, the LHE) reads the same rule; no Answer is written."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from common.dates import quarter_of
from lke.comparison import assessment_comparison
from lke.models import Answer, Assessment, Question, Side
from lke.scoring import AnswerValue
from lke.selectors import assessment_result, units_results
from lke.selectors.asof import lke_as_of
from lke.selectors.pages import worksheet_map
from lke.selectors.survey_values import InternalIndex
from lke.services import answer_save
from reports.lhe import selectors as lhe
from tests.factories import lke_assessment, lke_question
from tests.lke_support import number
from tests.survey_support import paper_responses, period_make

pytestmark = pytest.mark.django_db

YEAR = 2025
DAY = datetime.date(YEAR, 5, 14)  # triwulan 2
SPAK = ["A1", "A2", "A3", "A4", "A5"]
SPKP = [f"P{i}" for i in range(1, 9)]
IPAK_ROW, IPKP_ROW = 199, 202
# Ten SPAK respondents, no blanks: the index is the sum of all answers ÷ 50.
FOUR, THREE, ONE_FOUR = (4,) * 5, (3,) * 5, (4, 3, 3, 3, 3)
INDEX_362 = [FOUR] * 6 + [ONE_FOUR] + [THREE] * 3  # 181 ÷ 50 = 3,62
INDEX_352 = [FOUR] * 5 + [ONE_FOUR] + [THREE] * 4  # 176 ÷ 50 = 3,52
INDEX_350 = [FOUR] * 5 + [THREE] * 5  # 175 ÷ 50 = 3,50
FORECAST_10 = "perkiraan dari survei internal, 10 responden"


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


@pytest.fixture
def ipak() -> Question:
    return lke_question(row=IPAK_ROW)


def spak(unit: Unit, rows: list[tuple[int, ...]], *, day: datetime.date = DAY) -> None:
    quarter = quarter_of(day.month)
    if not unit.survey_periods.filter(year=day.year, quarter=quarter).exists():
        period_make(unit, day.year, quarter)
    paper_responses(unit, "spak", rows, SPAK, day=day)


def enter(assessment: Assessment, user: object, question: Question, text: str) -> Answer:
    return answer_save(
        assessment=assessment, question=question, side="unit", user=user, text=text, version=None
    )


def ipak_check(assessment: Assessment, predicate: str = "WBK") -> object:
    verdict = assessment_result(assessment, Side.UNIT).verdicts[predicate]
    return next(c for c in verdict.checks if c.requirement == "ipak")


def score_command(*args: str) -> str:
    out = StringIO()
    call_command("lke_score", "--unit", "kpu-kalbar", "--year", str(YEAR), *args, stdout=out)
    return out.getvalue()


def test_an_empty_ipak_is_forecast_from_the_internal_spak_and_says_so(
    assessment: Assessment, province: Unit, ipak: Question
) -> None:
    spak(province, INDEX_362)
    stored = Answer.objects.count()
    result = assessment_result(assessment, Side.UNIT)
    value = result.surveys[ipak.pk]
    assert (value.label, value.kind, value.is_forecast) == ("IPAK", "spak", True)
    assert (value.entered, value.internal, value.responses) == (None, Decimal("3.62"), 10)
    assert value.note == FORECAST_10
    assert result.scores.question_values[ipak.pk] == Decimal("3.62") / 4
    assert result.scores.hasil == Decimal("3.62") / 4 * Decimal("17.5")
    # not the unit's answer: still unanswered, and nothing is stored
    assert ipak.pk in result.scores.unanswered
    assert ipak.pk not in result.answers
    assert Answer.objects.count() == stored
    check = ipak_check(assessment)
    assert check.met
    assert check.text == f"IPAK 3,62 (minimal 3,60; {FORECAST_10})"


def test_the_requirement_is_unmet_by_an_internal_350_in_words(
    assessment: Assessment, province: Unit
) -> None:
    spak(province, INDEX_350)
    unmet = assessment_result(assessment, Side.UNIT).verdicts["WBK"].unmet
    assert f"IPAK 3,50 (minimal 3,60; {FORECAST_10})" in unmet


def test_an_entered_value_stands_with_the_difference_to_the_internal_index(
    assessment: Assessment, province: Unit, ipak: Question, people: dict
) -> None:
    spak(province, INDEX_362)
    assert ipak_check(assessment).met  # the forecast
    enter(assessment, people["sekretariat"], ipak, "3,44")
    result = assessment_result(assessment, Side.UNIT)
    value = result.surveys[ipak.pk]
    assert value.is_entered and not value.is_forecast
    assert (value.value, value.difference) == (Decimal("3.44"), Decimal("-0.18"))
    assert value.note == "survei internal 3,62; selisih −0,18"
    assert result.scores.question_values[ipak.pk] == Decimal("3.44") / 4
    assert ipak.pk not in result.scores.unanswered
    check = ipak_check(assessment)
    assert not check.met
    assert check.text == "IPAK 3,44 (minimal 3,60; survei internal 3,62; selisih −0,18)"
    # the entered answer means what it meant: the stored number, untouched
    assert Answer.objects.get(question=ipak, side="unit").number == Decimal("3.44")
    # cleared again: the forecast is back
    enter(assessment, people["sekretariat"], ipak, "")
    assert ipak_check(assessment).text == f"IPAK 3,62 (minimal 3,60; {FORECAST_10})"


def test_without_internal_responses_nothing_changes(
    assessment: Assessment, province: Unit, ipak: Question
) -> None:
    period_make(province, YEAR, 2, population=500)
    result = assessment_result(assessment, Side.UNIT)
    value = result.surveys[ipak.pk]
    assert (value.is_forecast, value.internal, value.note) == (False, None, "")
    assert result.scores.question_values[ipak.pk] == 0
    assert ipak_check(assessment).text == "IPAK 0,00 (minimal 3,60)"


def test_only_the_units_own_responses_of_the_assessment_year_count(
    assessment: Assessment, province: Unit, sambas: Unit, ipak: Question
) -> None:
    spak(province, INDEX_350, day=datetime.date(YEAR - 1, 8, 1))  # last year
    spak(sambas, [FOUR] * 10)  # a kab/kota of the province
    assert assessment_result(assessment, Side.UNIT).surveys[ipak.pk].internal is None
    spak(province, INDEX_352)
    value = assessment_result(assessment, Side.UNIT).surveys[ipak.pk]
    assert (value.internal, value.responses) == (Decimal("3.52"), 10)


def test_spkp_forecasts_ipkp_and_not_ipak(assessment: Assessment, province: Unit) -> None:
    period_make(province, YEAR, 2)
    paper_responses(province, "spkp", [(3,) * 8, (3,) * 8], SPKP, day=DAY)
    result = assessment_result(assessment, Side.UNIT)
    ipkp = result.surveys[lke_question(row=IPKP_ROW).pk]
    assert (ipkp.label, ipkp.internal, ipkp.responses) == ("IPKP", Decimal("3.00"), 2)
    unmet = result.verdicts["WBK"].unmet
    assert "IPKP 3,00 (minimal 3,20; perkiraan dari survei internal, 2 responden)" in unmet
    assert "IPAK 0,00 (minimal 3,60)" in unmet


def test_the_tpis_side_is_never_forecast(
    assessment: Assessment, province: Unit, ipak: Question
) -> None:
    spak(province, INDEX_362)
    tpi = assessment_result(assessment, Side.TPI)
    assert tpi.surveys == {}
    assert tpi.scores.question_values[ipak.pk] == 0
    assert "IPAK 0,00 (minimal 3,60)" in tpi.verdicts["WBK"].unmet


def test_the_internal_index_is_rounded_once_to_two_decimals() -> None:
    assert InternalIndex("spak", Decimal("3.595")).value == Decimal("3.60")
    assert InternalIndex("spak", Decimal("3.59499999")).value == Decimal("3.59")
    assert InternalIndex("spak", None).value is None


def test_a_what_if_value_stands_and_a_cleared_one_is_forecast(
    assessment: Assessment, province: Unit, ipak: Question, people: dict
) -> None:
    spak(province, INDEX_352)
    enter(assessment, people["sekretariat"], ipak, "3,70")
    what_if = assessment_result(assessment, Side.UNIT, overrides={ipak.pk: number("3.10")})
    assert what_if.surveys[ipak.pk].value == Decimal("3.10")
    cleared = assessment_result(assessment, Side.UNIT, overrides={ipak.pk: AnswerValue()})
    assert cleared.surveys[ipak.pk].is_forecast
    assert cleared.scores.question_values[ipak.pk] == Decimal("3.52") / 4


def test_lke_score_says_where_the_value_comes_from_both_ways(
    assessment: Assessment, province: Unit, ipak: Question, people: dict
) -> None:
    spak(province, INDEX_352)
    table = score_command("--side", "unit")
    line = next(row for row in table.splitlines() if row.startswith("IPAK "))
    assert line.split(None, 2)[1:] == ["3,52", FORECAST_10]
    assert f"  - IPAK 3,52 (minimal 3,60; {FORECAST_10})" in table
    data = json.loads(score_command("--side", "unit", "--json"))
    assert data["surveys"][0] == {
        "label": "IPAK",
        "survey": "spak",
        "value": 3.52,
        "source": "internal",
        "entered": None,
        "internal": 3.52,
        "responses": 10,
        "difference": None,
        "text": FORECAST_10,
    }
    assert data["unanswered"] == 127  # the forecast is not an answer
    assert data["hasil"] == 15.4  # 3,52 ÷ 4 × 17,5
    enter(assessment, people["sekretariat"], ipak, "3,44")
    data = json.loads(score_command("--side", "unit", "--json"))
    assert (data["surveys"][0]["value"], data["surveys"][0]["source"]) == (3.44, "entered")
    assert (data["surveys"][0]["entered"], data["surveys"][0]["difference"]) == (3.44, -0.08)
    assert data["surveys"][0]["text"] == "survei internal 3,52; selisih −0,08"
    assert (
        "IPAK 3,44 (minimal 3,60; survei internal 3,52; selisih −0,08)"
        in (data["predicate"]["WBK"]["unmet"])
    )
    table = score_command("--side", "unit")
    assert "survei internal 3,52; selisih −0,08" in table
    assert "IPKP" in table and "belum diisi (nilai 0)" in table


def test_the_pages_show_the_forecast_and_then_the_entered_value(
    client: Client, assessment: Assessment, province: Unit, ipak: Question, people: dict
) -> None:
    spak(province, INDEX_352)
    client.force_login(people["ketua"])
    hasil = client.get(reverse("lke_area", args=["kpu-kalbar", YEAR, "hasil"])).content.decode()
    assert FORECAST_10 in hasil
    assert "belum diisi (perkiraan survei internal 3,52)" in hasil
    overview = client.get(reverse("lke_overview", args=["kpu-kalbar", YEAR])).content.decode()
    assert 'data-testid="survey-values"' in overview and FORECAST_10 in overview
    # saving the entered value in place: the card says how far it is from the internal one
    data = {f"q{ipak.pk}-answer": "3,44", f"q{ipak.pk}-version": "0"}
    url = reverse("lke_answer", args=["kpu-kalbar", YEAR, ipak.pk])
    saved = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "survei internal 3,52; selisih −0,08" in saved
    assert FORECAST_10 not in saved
    overview = client.get(reverse("lke_overview", args=["kpu-kalbar", YEAR])).content.decode()
    assert "IPAK 3,44 (minimal 3,60; survei internal 3,52; selisih −0,08)" in overview


def test_the_province_view_reads_the_same_rule(
    assessment: Assessment, province: Unit, ipak: Question
) -> None:
    spak(province, INDEX_362)
    result = units_results(units=[province], year=YEAR, side=Side.UNIT)[province.pk]
    assert result.surveys[ipak.pk].is_forecast
    assert result.scores.total == assessment_result(assessment, Side.UNIT).scores.total
    assert units_results(units=[province], year=YEAR, side=Side.TPI)[province.pk].surveys == {}


def test_the_monthly_report_counts_the_responses_held_before_its_cutoff(
    assessment: Assessment, province: Unit
) -> None:
    cutoff = timezone.now()
    spak(province, INDEX_350)
    before = lke_as_of(province, YEAR, cutoff)
    assert "IPAK 0,00 (minimal 3,60)" in before.wbk_unmet
    after = lke_as_of(province, YEAR, timezone.now() + datetime.timedelta(hours=1))
    assert f"IPAK 3,50 (minimal 3,60; {FORECAST_10})" in after.wbk_unmet
    assert after.unit.hasil == Decimal("3.50") / 4 * Decimal("17.5")
    assert after.answered == 0


def test_the_lhe_compares_the_forecast_self_assessment_and_its_fingerprint_follows(
    assessment: Assessment, province: Unit
) -> None:
    loaded = lhe.lhe_assessment(province, YEAR)
    before = lhe.lhe_fingerprint(loaded)
    spak(province, INDEX_362)
    context = lhe.lhe_context(loaded)
    total = context["comparison"][-1]
    assert (total.unit, total.tpi) == (Decimal("3.62") / 4 * Decimal("17.5"), 0)
    assert lhe.lhe_fingerprint(loaded) != before


def test_the_comparison_says_the_self_assessments_value_is_a_forecast(
    assessment: Assessment, province: Unit, ipak: Question
) -> None:
    spak(province, INDEX_362)
    compared = assessment_comparison(assessment, worksheet_map(assessment.worksheet))
    row = next(q for q in compared.questions if q.question.pk == ipak.pk)
    assert row.unit_words == "belum dijawab (perkiraan survei internal 3,62)"
    assert (row.tpi_words, row.unit_value, row.tpi_value) == ("belum dijawab", Decimal("0.905"), 0)
    assert row.over_rating == 0  # not the unit's answer
