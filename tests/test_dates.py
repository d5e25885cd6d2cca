"""The calendar rules (common/dates.py): begun and ended months, the month before and after,
the moment a month ends; and the guard that no other module of the portal does this
arithmetic again."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from common import dates
from dashboards.selectors.asof import month_view
from tests.app_code import app_files

HOME = Path("common") / "dates.py"


@pytest.mark.parametrize(
    ("year", "month", "begun", "ended"),
    [
        (2025, 4, True, True),
        (2025, 5, True, False),
        (2025, 6, False, False),
        (2024, 12, True, True),
    ],
)
def test_a_month_has_begun_in_its_first_day_and_ended_once_the_next_begins(
    year: int, month: int, begun: bool, ended: bool
) -> None:
    on = datetime.date(2025, 5, 1)
    assert dates.has_begun(year, month, on=on) is begun
    assert dates.has_ended(year, month, on=on) is ended


def test_today_is_the_default_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: datetime.date(2025, 5, 31))
    assert dates.has_ended(2025, 4) and not dates.has_ended(2025, 5)
    assert dates.has_begun(2025, 5) and not dates.has_begun(2025, 6)
    assert dates.months_ended(2025) == 4


def test_months_ended_counts_a_whole_past_year_and_none_ahead() -> None:
    on = datetime.date(2025, 1, 15)
    assert (dates.months_ended(2024, on=on), dates.months_ended(2025, on=on)) == (12, 0)
    assert dates.months_ended(2026, on=on) == 0


def test_the_month_before_january_and_after_december_cross_the_year() -> None:
    assert dates.month_before(2025, 1) == (2024, 12)
    assert dates.month_before(2025, 5) == (2025, 4)
    assert dates.month_after(2025, 12) == (2026, 1)
    assert dates.month_after(2025, 4) == (2025, 5)


def test_a_month_ends_at_midnight_in_pontianak_when_the_next_begins() -> None:
    end = dates.month_end(2025, 12)
    assert end.isoformat() == "2026-01-01T00:00:00+07:00"
    assert str(end.tzinfo) == "Asia/Pontianak"
    assert month_view(2025, 4).cutoff == dates.month_end(2025, 4)


# --- guard ---------------------------------------------------------------------------------


def _is_month(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name in {"month", "year"}


def _subscripts(tree: ast.AST) -> set[int]:
    """The ids of nodes inside a subscript (``cells[month - 1]`` indexes, it counts no month)."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        for inner in ast.walk(node.slice)
    }


def month_arithmetic(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a module compares (year, month) pairs, steps a month across a year's end
    (``month ± 1``, ``% 12``) or asks calendar.monthrange."""
    indexing = _subscripts(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            ordered = any(isinstance(o, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for o in node.ops)
            pairs = [
                e
                for e in (node.left, *node.comparators)
                if isinstance(e, ast.Tuple) and any(_is_month(x) for x in e.elts)
            ]
            if ordered and pairs:
                found.append((node.lineno, "a (year, month) comparison"))
        elif isinstance(node, ast.BinOp) and id(node) not in indexing:
            sides = (node.left, node.right)
            if isinstance(node.op, ast.Mod) and any(
                isinstance(s, ast.Constant) and s.value == 12 for s in sides
            ):
                found.append((node.lineno, "% 12"))
            elif (
                isinstance(node.op, ast.Add | ast.Sub)
                and _is_month(node.left)
                and isinstance(node.right, ast.Constant)
                and node.right.value == 1
            ):
                found.append((node.lineno, "month ± 1"))
        elif (isinstance(node, ast.Name) and node.id == "monthrange") or (
            isinstance(node, ast.Attribute) and node.attr == "monthrange"
        ):
            found.append((node.lineno, "monthrange"))
    return sorted(found)


def test_the_guard_sees_the_arithmetic_it_forbids() -> None:
    source = """
def f(year, month, on, cells):
    ended = (year, month) < (on.year, on.month)
    after = datetime.date(year + (month == 12), month % 12 + 1, 1)
    before = (year, month - 1)
    last = calendar.monthrange(year, month)
    cell = cells[month - 1]
"""
    assert [what for _line, what in month_arithmetic(ast.parse(source))] == [
        "a (year, month) comparison",
        "% 12",
        "month ± 1",
        "monthrange",
    ]


def test_month_arithmetic_lives_only_in_common_dates() -> None:
    base = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(base)}:{line}: {what}"
        for path in app_files()
        if path.relative_to(base) != HOME
        for line, what in month_arithmetic(ast.parse(path.read_text()))
    ]
    assert found == [], "use common.dates (has_begun, has_ended, month_before, month_end …)"
