"""The WBK/WBBM minimums at each threshold: exactly at the minimum passes, just below fails."""

from decimal import Decimal

import pytest

from access.models import Unit
from lke.forecast import Verdict, survey_minimum, verdicts
from lke.models import Assessment, PredicateMinimum, Side, Worksheet
from lke.scoring import AnswerValue, score, worksheet_tree
from lke.selectors import assessment_result
from tests.lke_support import (
    WORKED_EXAMPLE,
    best_answers,
    by_rows,
    choice,
    number,
    reference_tree,
    save_answers,
)

# Pemenuhan › Penguatan Pengawasan ii–v (four of its five sub-areas).
PENGAWASAN_PEMENUHAN = (78, 79, 80, 81, 83, 84, 85, 86, 88, 89, 90, 92, 93, 94, 95, 96)


def judge(
    rows: dict[int, AnswerValue],
    *,
    minimums: dict[tuple[str, str], str] | None = None,
    holds_wbk: bool = False,
) -> dict[str, Verdict]:
    """Every choice at its best key and 100 % counts, then ``rows`` (by Excel row)."""
    tree = reference_tree(minimums)
    answers = best_answers(tree) | by_rows(tree, rows)
    return verdicts(tree, score(tree, answers), holds_wbk=holds_wbk)


def worst(rows: tuple[int, ...]) -> dict[int, AnswerValue]:
    tree = reference_tree()
    questions = {q.excel_row: q for q in tree.questions.values()}
    return {r: choice(min(questions[r].scheme, key=lambda k: k.multiplier).key) for r in rows}


SURVEYS_FULL = {199: number(4), 200: choice("A"), 202: number(4)}


def test_a_total_of_exactly_75_passes_and_74_99_fails() -> None:
    # Pengungkit 60 − 0,125 (row 7 B) = 59,875; capaian B 3,75; IPAK + IPKP 1,30 each 11,375.
    exactly = {7: choice("B"), 200: choice("B"), 199: number("1.30"), 202: number("1.30")}
    wbk = judge(exactly)["WBK"]
    assert not any(text.startswith("Nilai total") for text in wbk.unmet)
    # Row 18 B: − 0,1875; IPKP 1,34: + 0,175 → 74,9875, published 74,99.
    below = exactly | {18: choice("B"), 202: number("1.34")}
    assert "Nilai total 74,99 (minimal 75,00)" in judge(below)["WBK"].unmet


def test_the_published_two_decimal_total_is_what_is_compared() -> None:
    below = {7: choice("B"), 18: choice("B"), 200: choice("B"), 199: number("1.30")}
    below |= {202: number("1.34")}  # 74,9875
    passes = judge(below, minimums={("WBK", "total"): "74.99"})["WBK"]
    assert not any(text.startswith("Nilai total") for text in passes.unmet)


def test_an_area_at_exactly_60_percent_of_its_weight_passes_and_59_9_fails() -> None:
    # Pengawasan: Pemenuhan 1,5 (only i.) + Reform 7,5 = 9,00 of 15 = 60 %.
    rows = SURVEYS_FULL | worst(PENGAWASAN_PEMENUHAN)
    wbk = judge(rows)["WBK"]
    assert wbk.met, wbk.unmet
    # 299 of 300 complaints settled: 3 × 299/300 = 2,99 → 8,99 of 15 = 59,93 %.
    rows |= {169: number(300), 171: number(299)}
    assert judge(rows)["WBK"].unmet == [
        "Area Penguatan Pengawasan 59,9 % dari bobot (minimal 60 %)"
    ]


@pytest.mark.parametrize(
    ("row", "at", "below", "text"),
    [
        (202, "3.20", "3.19", "IPKP 3,19 (minimal 3,20)"),
        (199, "3.60", "3.59", "IPAK 3,59 (minimal 3,60)"),
    ],
)
def test_a_survey_at_its_minimum_passes_and_a_hundredth_below_fails(
    row: int, at: str, below: str, text: str
) -> None:
    assert judge(SURVEYS_FULL | {row: number(at)})["WBK"].met
    assert judge(SURVEYS_FULL | {row: number(below)})["WBK"].unmet == [text]


def test_a_survey_minimum_in_points_reads_on_the_0_to_4_scale() -> None:
    """Points are survey ÷ 4 × weight: a minimum of 2,7 points on a weight of 3 asks 3,60.
    The forecast's text and the LHE's recommendation both read it from survey_minimum."""
    assert survey_minimum(Decimal("2.7"), Decimal("3")) == Decimal("3.6")
    assert survey_minimum(Decimal("0.8"), Decimal("1")) == Decimal("3.2")


def test_capaian_kinerja_c_reaches_2_50_and_d_does_not() -> None:
    assert judge(SURVEYS_FULL | {200: choice("C")})["WBK"].met
    unmet = judge(SURVEYS_FULL | {200: choice("D")})["WBK"].unmet
    assert unmet == ["Capaian kinerja 1,25 (minimal 2,50)"]


def test_bersih_at_18_25_passes_and_below_fails() -> None:
    at = SURVEYS_FULL | {199: number("3.60"), 200: choice("C")}  # 15,75 + 2,50
    assert judge(at)["WBK"].met
    below = at | {199: number("3.59")}  # 15,70625 + 2,50 = 18,21
    assert judge(below)["WBK"].unmet == [
        "Birokrasi yang Bersih dan Akuntabel 18,21 (minimal 18,25)",
        "IPAK 3,59 (minimal 3,60)",
    ]


@pytest.mark.parametrize(
    ("requirement", "at", "above", "text"),
    [
        ("pengungkit", "60", "60.01", "Komponen pengungkit 60,00 (minimal 60,01)"),
        ("bersih", "22.5", "22.51", "Birokrasi yang Bersih dan Akuntabel 22,50 (minimal 22,51)"),
        ("total", "100", "100.01", "Nilai total 100,00 (minimal 100,01)"),
    ],
)
def test_a_score_exactly_at_an_edited_minimum_passes_and_a_cent_more_fails(
    requirement: str, at: str, above: str, text: str
) -> None:
    assert judge(SURVEYS_FULL, minimums={("WBK", requirement): at})["WBK"].met
    assert judge(SURVEYS_FULL, minimums={("WBK", requirement): above})["WBK"].unmet == [text]


def test_wbbm_needs_the_unit_to_hold_wbk_already() -> None:
    without = judge(SURVEYS_FULL, holds_wbk=False)
    assert without["WBK"].met and not without["WBBM"].met
    assert without["WBBM"].unmet == ["Belum berpredikat Menuju WBK"]
    assert judge(SURVEYS_FULL, holds_wbk=True)["WBBM"].met


def test_wbbm_has_its_own_higher_minimums() -> None:
    verdict = judge(SURVEYS_FULL | {202: number("3.50"), 200: choice("B")}, holds_wbk=True)
    assert verdict["WBK"].met
    assert verdict["WBBM"].unmet == ["IPKP 3,50 (minimal 3,60)"]


@pytest.mark.django_db
def test_the_minimums_are_the_worksheets_rows_as_the_admin_left_them(province: Unit) -> None:
    worksheet = Worksheet.objects.get(year=2026)
    assessment = Assessment.objects.create(unit=province, year=2025, worksheet=worksheet)
    save_answers(assessment, Side.UNIT, WORKED_EXAMPLE)
    minimums = PredicateMinimum.objects.filter(worksheet=worksheet, predicate="WBK")
    minimums.filter(requirement="total").update(minimum=Decimal("46.58"))
    minimums.filter(requirement="area_share").delete()
    result = assessment_result(assessment, Side.UNIT)
    assert result.verdicts["WBK"].unmet == [
        "Komponen pengungkit 13,73 (minimal 40,00)",
        "IPAK 3,45 (minimal 3,60)",
    ]
    assert worksheet_tree(worksheet).minimums[("WBK", "total")] == Decimal("46.58")
