"""The surveys on the read pages (dashboards/selectors/surveys.py): the Ketua's panel (IKM,
IPAK and IPKP by quarter and the year, sample progress, the LKE's minimums) and the
province view's columns, their figures equal to surveys.selectors.survey_results, their
queries pinned."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.copying import plan_copy
from areas.models import WorkPlan
from common.formatting import score_text
from dashboards.selectors.surveys import SurveyMinimum, survey_minimums, survey_panel
from lke.models import PredicateMinimum, Worksheet
from lke.scoring import tree_for
from lke.selectors import assessment_result
from lke.services import answer_save
from surveys.selectors import survey_result, survey_results
from tests.factories import lke_assessment
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
PROVINCE = reverse("province", args=["kpu-kalbar"]) + "?tahun=2025"
Q1, Q2 = datetime.date(2025, 2, 10), datetime.date(2025, 5, 14)
SPAK_CODES = ("A1", "A2", "A3", "A4", "A5")
SPKP_CODES = tuple(f"P{i}" for i in range(1, 9))
SPAK_ROWS = ((4, 4, 4, 3, 4), (4, 3, 4, 4, 4), (3, 4, 4, 4, 4))  # index 3,8
SPKP_LOW = ((3, 3, 4, 3, 3, 4, 3, 3), (4, 3, 3, 3, 2, 3, 3, 4))  # index 3,1875
SPKP_MID = ((4, 3, 4, 3, 3, 4, 3, 3), (4, 3, 3, 4, 3, 3, 4, 4))  # index 3,4375


def fill(unit: Unit, *, spkp: tuple = SPKP_LOW) -> None:
    """SKM in triwulan 1 (population 50) and 2 (100); SPAK and SPKP in triwulan 2."""
    period_make(unit, 2025, 1, population=50)
    period_make(unit, 2025, 2, population=100)
    paper_responses(unit, "skm", WORKED_EXAMPLE, SKM_CODES, day=Q1)
    paper_responses(unit, "skm", WORKED_EXAMPLE[:3], SKM_CODES, day=Q2)
    paper_responses(unit, "spak", SPAK_ROWS, SPAK_CODES, day=Q2)
    paper_responses(unit, "spkp", spkp, SPKP_CODES, day=Q2)


def panel(body: str) -> str:
    return body.split('data-testid="survey-panel"', 1)[1].split("Kurva S", 1)[0]


def cell(body: str, kind: str, quarter: str) -> dict[str, str]:
    row = panel(body).split(f'<tr data-kind="{kind}">', 1)[1].split("</tr>", 1)[0]
    part = row.split(f'data-quarter="{quarter}">', 1)[1].split("</td>", 1)[0]
    found = re.findall(r'data-testid="(survey-[a-z]+)">([^<]*)<', part)
    return {name: html.unescape(text) for name, text in found}


def test_the_panel_figures_are_survey_results(province: Unit) -> None:
    fill(province)
    figures = survey_panel(province, 2025)
    by_quarter = survey_results(units=[province], year=2025, by=("quarter",))
    for row in figures.rows:
        for quarter, figure in enumerate(row.quarters, start=1):
            expected = by_quarter.get((row.kind, quarter))
            got = figure.result
            if expected is None:
                assert (got.responses, got.index, got.required) == (0, None, None)
                continue
            assert (got.responses, got.index, got.ikm, got.required) == (
                expected.responses,
                expected.index,
                expected.ikm,
                expected.required,
            )
        year = survey_result(units=[province], kind=row.kind, year=2025)
        assert (row.year.result.responses, row.year.result.exact_index) == (
            year.responses,
            year.exact_index,
        )
        assert (row.year.result.ikm, row.year.result.required) == (year.ikm, year.required)
        assert [(t.code, t.answers, t.total) for t in row.year.result.tallies] == [
            (t.code, t.answers, t.total) for t in year.tallies
        ]


def test_the_ketua_sees_each_quarter_and_the_year_with_its_sample(
    client: Client, people: dict, province: Unit
) -> None:
    fill(province)
    client.force_login(people["ketua"])
    body = client.get(DASHBOARD).content.decode()
    assert cell(body, "skm", "1") == {
        "survey-value": "84,86 (B)",
        "survey-sample": "5/45 responden",
    }
    q2 = survey_result(units=[province], kind="skm", year=2025, quarter=2)
    assert cell(body, "skm", "2")["survey-value"] == f"{score_text(q2.ikm)} ({q2.grade})"
    assert cell(body, "skm", "2")["survey-sample"] == "3/80 responden"
    year = survey_result(units=[province], kind="skm", year=2025)
    assert cell(body, "skm", "tahun") == {
        "survey-value": f"{score_text(year.ikm)} ({year.grade})",
        "survey-sample": "8/125 responden",
    }
    assert cell(body, "spak", "3") == {"survey-value": "–", "survey-sample": "0 responden"}
    assert 'class="progress-bar bg-danger w-pct-11"' in panel(body)  # 5 of 45
    assert f'href="{reverse("survey_follow_ups", args=["kpu-kalbar"])}?tahun=2025"' in body


def test_ipak_and_ipkp_are_read_against_the_lke_minimums(
    client: Client, people: dict, province: Unit
) -> None:
    fill(province)
    client.force_login(people["ketua"])
    body = client.get(DASHBOARD).content.decode()
    minimums = re.findall(r'data-testid="survey-minimum">([^<]*)<', panel(body))
    assert minimums == ["minimal 3,60", "minimal 3,20 (WBK), 3,60 (WBBM)"]
    assert cell(body, "spak", "2")["survey-value"] == "3,80"
    assert cell(body, "spak", "2")["survey-standing"] == "memenuhi WBK dan WBBM"
    assert cell(body, "spkp", "2")["survey-value"] == "3,19"  # 3,1875
    assert cell(body, "spkp", "2")["survey-standing"] == "di bawah minimal"


def test_an_index_between_the_two_ipkp_minimums_meets_wbk_only(people: dict, sambas: Unit) -> None:
    fill(sambas, spkp=SPKP_MID)
    spkp = next(row for row in survey_panel(sambas, 2025).rows if row.kind == "spkp")
    assert spkp.quarters[1].met == ["WBK"]
    assert spkp.quarters[1].standing == "memenuhi WBK, belum WBBM"


def test_a_minimum_edited_in_the_lke_is_the_panels(province: Unit) -> None:
    worksheet = Worksheet.objects.get()
    PredicateMinimum.objects.filter(
        worksheet=worksheet, predicate="WBBM", requirement=PredicateMinimum.Requirement.IPAK
    ).update(minimum=Decimal("16.625"))  # 3,80 on the survey's scale
    minimums = survey_minimums(province, 2025)
    assert [(m.predicate, m.value) for m in minimums["spak"]] == [
        ("WBK", Decimal("3.6")),
        ("WBBM", Decimal("3.8")),
    ]
    assert [(m.predicate, m.value) for m in minimums["spkp"]] == [
        ("WBK", Decimal("3.2")),
        ("WBBM", Decimal("3.6")),
    ]


def test_without_an_lke_worksheet_the_regulations_minimums_stand(province: Unit) -> None:
    Worksheet.objects.all().delete()
    minimums = survey_minimums(province, 2025)
    assert [m.value for m in minimums["spak"]] == [Decimal("3.60"), Decimal("3.60")]
    assert [m.value for m in minimums["spkp"]] == [Decimal("3.20"), Decimal("3.60")]


@pytest.mark.parametrize(("index", "met"), [("3.5951", True), ("3.5949", False), ("3.6", True)])
def test_a_minimum_is_met_as_the_lke_forecast_decides_for_the_value_shown(
    people: dict, province: Unit, index: str, met: bool
) -> None:
    """The LKE takes a survey value with two decimals: 3,5951 is shown and entered as
    3,60 and meets IPAK's 3,60; 3,5949 is 3,59 and does not. The forecast of an LKE
    answered with the value shown says the same."""
    ipak = survey_minimums(province, 2025)["spak"][0]
    assert isinstance(ipak, SurveyMinimum) and ipak.met_by(Decimal(index)) is met
    assessment = lke_assessment(province)
    tree = tree_for(assessment.worksheet_id)
    answer_save(
        assessment=assessment,
        question=assessment.worksheet.questions.get(pk=tree.ipak_id),
        side="unit",
        user=people["ketua"],
        text=score_text(Decimal(index)),
        version=None,
    )
    checks = assessment_result(assessment, "unit").verdicts["WBK"].checks
    assert next(c for c in checks if c.requirement == "ipak").met is met


def test_a_year_without_quarters_says_so(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    body = client.get(DASHBOARD).content.decode()
    assert "Belum ada periode survei atau jawaban responden pada tahun 2025." in panel(body)


def province_cells(body: str, slug: str) -> dict[str, str]:
    line = body.split(f'data-unit="{slug}"', 1)[1].split("</tr>", 1)[0]
    found = re.findall(r'data-testid="(survey-i[a-z]+)"[^>]*>([^<]*)<', line)
    return {name: html.unescape(text) for name, text in found}


def test_the_province_view_has_each_units_ikm_ipak_and_ipkp_of_the_year(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    fill(province)
    fill(sambas, spkp=SPKP_MID)
    units = list(Unit.objects.filter(pk__in=[province.pk, sambas.pk]))
    found = survey_results(units=units, year=2025, by=("unit",))
    client.force_login(people["ketua"])
    body = client.get(PROVINCE).content.decode()
    for unit in units:
        skm, spak, spkp = (found[(kind, unit.pk)] for kind in ("skm", "spak", "spkp"))
        assert province_cells(body, unit.slug) == {
            "survey-ikm": f"{score_text(skm.ikm)} ({skm.grade})",
            "survey-ipak": score_text(spak.index),
            "survey-ipkp": score_text(spkp.index),
        }
    assert province_cells(body, "kpu-sintang") == {
        "survey-ikm": "–",
        "survey-ipak": "–",
        "survey-ipkp": "–",
    }
    assert "> · survei</span></th>" in body  # under the LKE figures: IKM, IPAK, IPKP
    line = body.split('data-unit="kpu-kalbar"', 1)[1].split("</tr>", 1)[0]
    assert line.index(">IKM<") < line.index(">IPAK<") < line.index(">IPKP<")


@pytest.mark.parametrize("units", [1, 6])
def test_the_province_columns_do_not_grow_with_the_units(
    client: Client,
    people: dict,
    province: Unit,
    plan: WorkPlan,
    units: int,
    django_assert_num_queries: object,
) -> None:
    fill(province)
    for unit in Unit.objects.filter(parent=province).exclude(slug="kpu-sambas")[: units - 1]:
        plan_copy(source=plan, unit=unit)
        fill(unit)
    client.force_login(people["ketua"])
    # the province view's 11 without surveys (its own 10, of which the plans' summaries 2;
    # the LKE's summaries 1); the survey columns' 8: the quarters' tallies (responses,
    # elements' answers), the elements, the periods and the minimums (which worksheet, its
    # tree of 3); and 2 of the unit tree: the cached tree read once (access/tree.py: the
    # test starts with it cleared) and the units below the province (dashboards/selectors/tree.py)
    with django_assert_num_queries(21):
        assert client.get(PROVINCE).status_code == 200


@pytest.mark.parametrize("filled", [False, True])
def test_the_panel_adds_a_fixed_number_of_queries(
    client: Client,
    people: dict,
    province: Unit,
    filled: bool,
    django_assert_num_queries: object,
) -> None:
    if filled:
        fill(province)
    client.force_login(people["ketua"])
    # the dashboard's 19 without surveys (21 before issue 21: its evidence read once, the
    # target cells and entries in one query); the panel's 8: the results by quarter
    # (responses, answers, elements, periods) and the minimums (which worksheet, its tree of 3);
    # the data stamp 1 (the body's cache key)
    with django_assert_num_queries(28):
        assert client.get(DASHBOARD).status_code == 200
