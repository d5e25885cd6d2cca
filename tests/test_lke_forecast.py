"""The cheapest steps: one step up per choice question, ranked by what it closes of the
unmet requirements, then by its gain in the total."""

from decimal import Decimal

from lke.forecast import Step, cheapest_steps
from lke.scoring import AnswerValue, Tree, score
from tests.lke_support import WORKED_EXAMPLE, best_answers, by_rows, choice, number, reference_tree


def steps_for(answers: dict[int, AnswerValue], limit: int = 10) -> tuple[Tree, list[Step]]:
    tree = reference_tree()
    return tree, cheapest_steps(tree, answers, score(tree, answers), limit=limit)


def rows(tree: Tree, steps: list[Step]) -> list[tuple[int, str, str, Decimal, Decimal]]:
    return [
        (tree.questions[s.question_id].excel_row, s.current, s.target, s.gain, s.toward)
        for s in steps
    ]


def test_the_worked_example_ranks_by_gain_toward_the_gaps_then_by_gain() -> None:
    tree = reference_tree()
    tree, steps = steps_for(by_rows(tree, WORKED_EXAMPLE), limit=5)
    assert rows(tree, steps) == [
        # Reform 6.ii (2,5; one A–D question): to C, 0,33 × 2,5; total, pengungkit, area.
        (194, "", "C", Decimal("0.825"), Decimal("2.475")),
        (147, "", "B", Decimal("0.75"), Decimal("2.25")),  # Reform 3.i (1,5): B of A–C
        (149, "", "B", Decimal("0.75"), Decimal("2.25")),  # Reform 3.ii, a later row
        (166, "", "D", Decimal("0.625"), Decimal("1.875")),  # Reform 5.i (2,5): D of A–E
        (54, "", "Ya", Decimal("0.5"), Decimal("1.5")),  # Pemenuhan 3.iv (2; four items)
    ]


def test_each_gain_is_what_the_step_adds_to_the_total() -> None:
    tree = reference_tree()
    answers = by_rows(tree, WORKED_EXAMPLE)
    before = score(tree, answers).total
    _, steps = steps_for(answers, limit=500)
    at_best = [6, 10, 23, 40, 101, 102, 132]
    assert len(steps) == sum(1 for q in tree.questions.values() if q.is_choice) - len(at_best)
    for step in steps:
        after = score(tree, answers | {step.question_id: choice(step.target)}).total
        # Equal to the 20th decimal (a third is carried to 28 digits either way).
        assert abs(after - before - step.gain) < Decimal("1e-20"), step


def test_an_answered_question_steps_to_the_next_better_key_and_the_best_is_left_out() -> None:
    tree = reference_tree()
    answers = by_rows(tree, WORKED_EXAMPLE)
    _, steps = steps_for(answers, limit=500)
    found = {tree.questions[s.question_id].excel_row: (s.current, s.target) for s in steps}
    assert found[7] == ("B", "A") and found[14] == ("C", "B") and found[24] == ("B", "A")
    assert found[25] == ("D", "C") and found[99] == ("E", "D") and found[200] == ("B", "A")
    assert 6 not in found and 10 not in found and 132 not in found  # Ya / A already


def test_an_unanswered_question_starts_below_its_lowest_key() -> None:
    tree, steps = steps_for({}, limit=500)
    found = {tree.questions[s.question_id].excel_row: s.target for s in steps}
    assert (found[6], found[7], found[13], found[24]) == ("Ya", "B", "C", "D")
    step = next(s for s in steps if tree.questions[s.question_id].excel_row == 7)
    assert step.target_label == tree.questions[step.question_id].key("B").label
    assert step.target_label.startswith("Jika sebagian menggunakan prosedur")


def test_what_a_step_closes_is_capped_by_each_gap() -> None:
    tree = reference_tree()
    # Everything at its best but capaian kinerja E: capaian 0 (gap 2,50) and bersih 17,50
    # (gap 0,75) unmet; E → D gains 1,25: 1,25 toward capaian, 0,75 toward bersih.
    answers = best_answers(tree) | by_rows(tree, {199: number(4), 202: number(4), 200: choice("E")})
    _, steps = steps_for(answers)
    assert rows(tree, steps) == [(200, "E", "D", Decimal("1.25"), Decimal("2.00"))]


def test_once_wbk_is_met_the_steps_aim_at_wbbm() -> None:
    tree = reference_tree()
    # Capaian C: 2,50 meets WBK, not WBBM (3,75).
    answers = best_answers(tree) | by_rows(tree, {199: number(4), 202: number(4), 200: choice("C")})
    _, steps = steps_for(answers)
    assert rows(tree, steps) == [(200, "C", "B", Decimal("1.25"), Decimal("1.25"))]


def test_with_every_requirement_met_steps_rank_by_gain_alone() -> None:
    tree = reference_tree()
    answers = best_answers(tree) | by_rows(
        tree, {199: number(4), 202: number(4), 200: choice("B"), 7: choice("B")}
    )
    _, steps = steps_for(answers)
    assert rows(tree, steps) == [
        (200, "B", "A", Decimal("1.25"), Decimal(0)),
        (7, "B", "A", Decimal("0.125"), Decimal(0)),
    ]


def test_the_limit_cuts_the_list() -> None:
    _, steps = steps_for({}, limit=3)
    assert len(steps) == 3
    assert [s.toward for s in steps] == sorted((s.toward for s in steps), reverse=True)
