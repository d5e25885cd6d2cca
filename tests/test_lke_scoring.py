"""Scoring as the official worksheet: each answer type's value, sub-area mean × weight,
sums up the tree, unanswered questions as 0; the score figure's notation."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from common.formatting import score_text
from lke.models import Node, Worksheet
from lke.scoring import AnswerValue, Scores, Tree, score, worksheet_tree
from tests.lke_support import by_rows, choice, number, reference_tree


def scored(answers: dict[int, AnswerValue]) -> tuple[Tree, Scores]:
    tree = reference_tree()
    return tree, score(tree, by_rows(tree, answers))


def value(row: int, answer: AnswerValue) -> Decimal:
    tree, scores = scored({row: answer})
    qid = next(q for q, question in tree.questions.items() if question.excel_row == row)
    return scores.question_values[qid]


@pytest.mark.parametrize(
    ("row", "key", "expected"),
    [
        (6, "Ya", "1"),
        (6, "Tidak", "0"),
        (7, "A", "1"),
        (7, "B", "0.5"),
        (7, "C", "0"),
        (13, "A", "1"),
        (13, "B", "0.67"),
        (13, "C", "0.33"),
        (13, "D", "0"),
        (24, "A", "1"),
        (24, "B", "0.75"),
        (24, "C", "0.5"),
        (24, "D", "0.25"),
        (24, "E", "0"),
    ],
)
def test_each_key_is_worth_its_multiplier(row: int, key: str, expected: str) -> None:
    assert value(row, choice(key)) == Decimal(expected)


def test_a_key_in_other_case_is_the_same_key_and_an_unknown_one_is_unanswered() -> None:
    assert value(24, choice("b")) == Decimal("0.75")
    tree, scores = scored({24: choice("F")})
    assert value(24, choice("F")) == 0
    assert 24 in [tree.questions[q].excel_row for q in scores.unanswered]


def test_a_survey_is_its_value_over_four() -> None:
    assert value(199, number("3.45")) == Decimal("0.8625")
    assert value(202, number("4")) == 1
    assert value(202, number("0")) == 0


def test_hasil_questions_weigh_by_their_own_weight() -> None:
    _, scores = scored({199: number("3.60"), 200: choice("C"), 202: number("3.20")})
    assert scores.hasil == Decimal("15.75") + Decimal("2.5") + Decimal("14")
    assert scores.total == scores.hasil and scores.pengungkit == 0


def test_a_sub_area_is_the_mean_of_all_its_questions_times_its_weight() -> None:
    # 1.iv Perubahan pola pikir (weight 1.5): four questions, two answered.
    _, scores = scored({17: choice("Ya"), 19: choice("B")})
    sub_area = next(n for n in scores.nodes if n.path[-1].startswith("iv. Perubahan pola"))
    assert sub_area.weight == Decimal("1.5")
    assert sub_area.score == (Decimal(1) + Decimal("0.5")) / 4 * Decimal("1.5")
    assert scores.total == sub_area.score


def test_scores_add_up_through_area_sub_komponen_komponen_and_total() -> None:
    answers = {row: choice("A") for row in (7, 10, 23, 61, 75, 99, 137, 147, 161, 166, 194)}
    answers |= {6: choice("Ya"), 199: number("2.5"), 200: choice("D")}
    tree, scores = scored(answers)
    for node in tree.nodes:
        if not node.items:  # komponen, sub-komponen, area, a sub-area with nested ones
            children = sum((scores.by_node[c].score for c in node.children), Decimal(0))
            assert scores.by_node[node.id].score == children, node.path
    komponen = [scores.by_node[r].score for r in tree.roots]
    assert scores.total == sum(komponen) == scores.pengungkit + scores.hasil
    assert scores.total > 0


def test_a_nested_sub_area_is_the_sum_of_its_children() -> None:
    answers = {176: number(2), 177: number(2), 178: number(0), 179: number(1)}
    answers |= {183: number(1), 184: number(1), 185: number(2), 186: number(4)}
    _, scores = scored(answers)
    lhkpn = next(n for n in scores.nodes if n.path[-1].startswith("iii. Penyampaian Laporan"))
    assert lhkpn.score == Decimal("0.25") + Decimal("1")


def test_nothing_answered_scores_zero_and_lists_every_question_in_row_order() -> None:
    tree, scores = scored({})
    assert scores.total == scores.pengungkit == scores.hasil == 0
    assert len(scores.unanswered) == 127
    rows = [tree.questions[q].excel_row for q in scores.unanswered]
    assert rows == sorted(rows)
    assert all(v == 0 for v in scores.question_values.values())


def test_an_answered_question_leaves_the_unanswered_list() -> None:
    tree, scores = scored({6: choice("Tidak"), 126: number(0), 199: number(0)})
    rows = {tree.questions[q].excel_row for q in scores.unanswered}
    assert {6, 126, 199}.isdisjoint(rows) and len(rows) == 124


def test_nodes_are_listed_in_worksheet_order_with_their_paths() -> None:
    _, scores = scored({})
    assert scores.nodes[0].path == ("A. PENGUNGKIT",)
    assert scores.nodes[1].path == ("A. PENGUNGKIT", "I. PEMENUHAN")
    assert scores.nodes[2].path == ("A. PENGUNGKIT", "I. PEMENUHAN", "1. MANAJEMEN PERUBAHAN")
    assert scores.nodes[-1].path == ("B. HASIL", "II. PELAYANAN PUBLIK YANG PRIMA")
    assert len(scores.nodes) == 62


@pytest.mark.django_db
def test_a_weight_the_admin_edits_applies_to_the_next_score() -> None:
    worksheet = Worksheet.objects.get(year=2026)
    sub_area = Node.objects.get(worksheet=worksheet, name="i. Penyusunan Tim Kerja")
    answers = {q.id: choice("Ya") for q in sub_area.questions.filter(answer_type="ya_tidak")}
    before = score(worksheet_tree(worksheet), answers).total
    sub_area.weight = Decimal("1.5")
    sub_area.save()
    after = score(worksheet_tree(worksheet), answers).total
    assert (before, after) == (Decimal("0.25"), Decimal("0.75"))


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("81.234", "81,23"),
        ("81.235", "81,24"),
        ("0.725", "0,73"),
        ("75", "75,00"),
        ("46.5770833", "46,58"),
        ("-0.001", "0,00"),
        (None, "–"),
    ],
)
def test_scores_read_with_two_decimals_half_up_in_indonesian(raw: str | None, text: str) -> None:
    assert score_text(raw) == text
    rendered = Template("{% load zi %}{{ v|nilai }}").render(Context({"v": raw}))
    assert rendered == text
