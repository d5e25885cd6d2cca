"""Reading LKE figures: one side's answers, what-if without saving, many units in a
constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.models import Unit
from lke.models import Answer, Assessment, Side
from lke.scoring import AnswerValue
from lke.selectors import assessment_result, side_answers, units_results
from lke.services import assessment_start
from tests.lke_support import WORKED_EXAMPLE, choice, number, save_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    assessment = assessment_start(unit=province, year=2025, user=None)
    save_answers(assessment, Side.UNIT, WORKED_EXAMPLE)
    save_answers(assessment, Side.TPI, {6: choice("Tidak"), 199: number("2.00")})
    return assessment


def row_ids(assessment: Assessment) -> dict[int, int]:
    return dict(assessment.worksheet.questions.values_list("excel_row", "id"))


def test_side_answers_reads_one_side_in_one_query(
    assessment: Assessment, django_assert_num_queries: object
) -> None:
    ids = row_ids(assessment)
    with django_assert_num_queries(1):
        tpi = side_answers(assessment, Side.TPI)
    assert tpi == {ids[6]: AnswerValue("Tidak", None), ids[199]: AnswerValue("", Decimal("2.00"))}


def test_a_what_if_moves_the_score_and_the_predicate_and_saves_nothing(
    assessment: Assessment, django_assert_num_queries: object
) -> None:
    ids = row_ids(assessment)
    stored = list(Answer.objects.order_by("id").values_list("id", "choice", "number", "version"))
    # answers, the tree (3), the unit's internal surveys (4: lke/selectors/survey_values.py)
    with django_assert_num_queries(8):
        before = assessment_result(assessment, Side.UNIT)
    what_if = {ids[199]: number("3.60"), ids[6]: AnswerValue()}  # IPAK up, row 6 cleared
    after = assessment_result(assessment, Side.UNIT, overrides=what_if)
    gained = (Decimal("3.60") - Decimal("3.45")) / 4 * Decimal("17.5")
    lost = Decimal("0.5") / 2  # row 6 was Ya in a sub-area of two items weighing 0,5
    assert after.scores.total - before.scores.total == gained - lost
    assert "IPAK 3,45 (minimal 3,60)" in before.verdicts["WBK"].unmet
    assert not any(text.startswith("IPAK") for text in after.verdicts["WBK"].unmet)
    assert ids[6] in after.scores.unanswered and ids[6] not in before.scores.unanswered
    assert list(Answer.objects.order_by("id").values_list("id", "choice", "number", "version")) == (
        stored
    )


def test_units_results_reads_five_units_in_as_many_queries_as_one(
    province: Unit, sambas: Unit
) -> None:
    units = [province, sambas, *Unit.objects.exclude(pk__in=[province.pk, sambas.pk])[:3]]
    for index, unit in enumerate(units):
        started = assessment_start(unit=unit, year=2025, user=None)
        save_answers(started, Side.UNIT, {199: number(index)})
    with CaptureQueriesContext(connection) as one:
        single = units_results(units=units[:1], year=2025, side=Side.UNIT)
    with CaptureQueriesContext(connection) as five:
        results = units_results(units=units, year=2025, side=Side.UNIT)
    # assessments, answers, one tree (three queries), the units' internal surveys (four)
    assert len(one) == len(five) == 9
    assert list(single) == [province.pk]
    totals = {unit.slug: results[unit.pk].scores.total for unit in units}
    assert totals == {
        unit.slug: Decimal(index) / 4 * Decimal("17.5") for index, unit in enumerate(units)
    }


def test_units_without_an_assessment_that_year_are_left_out(assessment: Assessment) -> None:
    units = [assessment.unit, *Unit.objects.exclude(pk=assessment.unit_id)[:3]]
    results = units_results(units=units, year=2025, side=Side.TPI)
    assert list(results) == [assessment.unit_id]
    assert results[assessment.unit_id].scores.total == Decimal("8.75")  # IPAK 2,00 (TPI)
    assert units_results(units=units, year=2024, side=Side.UNIT) == {}
