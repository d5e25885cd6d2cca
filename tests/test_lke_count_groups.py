"""Every count group of the 2026 worksheet at its edges (formulas: docs/lke.md)."""

from decimal import Decimal

import pytest

from lke.scoring import AnswerValue, Formula, count_group, score
from tests.lke_support import by_rows, number, reference_tree

# (name, reference rows, realisation row, rows not scored, value when the reference is 0)
RATIOS = [
    ("agen perubahan", (126,), 127, (), 0),
    ("perubahan terintegrasi", (129,), 130, (), 0),
    ("sasaran kinerja", (158,), 159, (), 0),
    ("pengaduan masyarakat", (169,), 171, (170,), 1),
    ("LHKPN", (176, 177, 178), 179, (), 1),
    ("non LHKPN", (183, 184, 185), 186, (), 1),
    ("pelayanan dipermudah", (191,), 192, (), 0),
]


def group_value(answers: dict[int, AnswerValue], row: int) -> Decimal:
    tree = reference_tree()
    scores = score(tree, by_rows(tree, answers))
    qid = next(q for q, question in tree.questions.items() if question.excel_row == row)
    return scores.question_values[qid]


def counts(reference: tuple[int, ...], values: tuple[int, ...], row: int, realised: int) -> dict:
    return {**{r: number(v) for r, v in zip(reference, values, strict=True)}, row: number(realised)}


def split(total: int, rows: tuple[int, ...]) -> tuple[int, ...]:
    """A reference total spread over the reference rows (LHKPN sums three)."""
    return (total - len(rows) + 1, *([1] * (len(rows) - 1))) if total else (0,) * len(rows)


@pytest.mark.parametrize(("name", "reference", "row", "ignored", "nothing_due"), RATIOS)
@pytest.mark.parametrize(
    ("due", "realised", "expected"),
    [
        (4, 4, "1"),  # realisation equal to the reference
        (4, 6, "1"),  # more than the reference: capped at 100 %
        (4, 3, "0.75"),
        (8, 0, "0"),  # zero realisation
    ],
)
def test_a_ratio_group_is_realisation_over_reference_capped_at_one(
    name: str,
    reference: tuple[int, ...],
    row: int,
    ignored: tuple[int, ...],
    nothing_due: int,
    due: int,
    realised: int,
    expected: str,
) -> None:
    answers = counts(reference, split(due, reference), row, realised)
    assert group_value(answers, row) == Decimal(expected), name
    # The counts the worksheet asks but does not score change nothing.
    answers |= {r: number(5) for r in ignored}
    assert group_value(answers, reference[0]) == Decimal(expected), name


@pytest.mark.parametrize(("name", "reference", "row", "ignored", "nothing_due"), RATIOS)
@pytest.mark.parametrize("realised", [0, 3])
def test_a_zero_reference_scores_one_for_an_obligation_and_zero_for_an_achievement(
    name: str,
    reference: tuple[int, ...],
    row: int,
    ignored: tuple[int, ...],
    nothing_due: int,
    realised: int,
) -> None:
    answers = counts(reference, split(0, reference), row, realised)
    assert group_value(answers, row) == nothing_due, name


@pytest.mark.parametrize(("name", "reference", "row", "ignored", "nothing_due"), RATIOS)
def test_a_group_with_an_unanswered_count_scores_zero(
    name: str,
    reference: tuple[int, ...],
    row: int,
    ignored: tuple[int, ...],
    nothing_due: int,
) -> None:
    answers = {r: number(0) for r in reference}  # would be "nothing due" once realised
    assert group_value(answers, row) == 0, name


@pytest.mark.parametrize(
    ("last_year", "this_year", "expected"),
    [
        (4, 1, "0.75"),  # (4 − 1) ÷ 4
        (4, 4, "0"),  # equal: no decrease
        (4, 6, "0"),  # more than last year: kept at 0, never negative
        (4, 0, "1"),  # zero this year: all gone
        (0, 0, "1"),  # none last year, none this year: nothing to decrease
        (0, 2, "0"),  # none last year, some this year
    ],
)
@pytest.mark.parametrize("sanctioned", [0, 3])
def test_disciplinary_cases_score_their_decrease_since_last_year(
    last_year: int, this_year: int, expected: str, sanctioned: int
) -> None:
    answers = {152: number(last_year), 153: number(this_year), 154: number(sanctioned)}
    assert group_value(answers, 152) == Decimal(expected)


def test_the_2026_worksheet_has_eight_groups_each_with_its_formula() -> None:
    tree = reference_tree()
    rows = {qid: q.excel_row for qid, q in tree.questions.items()}
    groups = {
        tuple(rows[q] for q in g.question_ids): (
            g.formula,
            tuple(rows[q] for q in g.reference),
            rows[g.realisation],
        )
        for g in set(tree.group_of.values())
    }
    assert groups == {
        (126, 127): (Formula.RATIO, (126,), 127),
        (129, 130): (Formula.RATIO, (129,), 130),
        (152, 153, 154): (Formula.DECREASE, (152,), 153),
        (158, 159): (Formula.RATIO, (158,), 159),
        (169, 170, 171): (Formula.RATIO, (169,), 171),
        (176, 177, 178, 179): (Formula.RATIO, (176, 177, 178), 179),
        (183, 184, 185, 186): (Formula.RATIO, (183, 184, 185), 186),
        (191, 192): (Formula.RATIO, (191,), 192),
    }


def test_a_run_of_counts_of_an_unknown_shape_stops_the_tree() -> None:
    tree = reference_tree()
    five = [q for q in tree.questions.values() if q.answer_type == "count"][:5]
    with pytest.raises(ValueError, match="baris 126, 127, 129, 130, 152"):
        count_group(five)
