"""Loading the 2026 LKE: the tree, weights, codes, expected documents and minimums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lke.models import Node, PredicateMinimum, Question, Worksheet


@pytest.fixture
def worksheet(db: None) -> Worksheet:
    return Worksheet.objects.get(year=2026)


def test_the_session_holds_the_2026_worksheet_with_127_questions(worksheet: Worksheet) -> None:
    assert worksheet.questions.count() == 127
    assert worksheet.nodes.filter(level=Node.Level.AREA).count() == 12
    assert Question.objects.filter(worksheet=worksheet).exclude(code="").count() == 102
    assert PredicateMinimum.objects.filter(worksheet=worksheet).count() == 14
    assert worksheet.questions.get(code="PPA1A").expected_documents[0] == (
        "SK Tim Kerja Pembangunan ZI menuju WBK/WBBM"
    )
    assert worksheet.nodes.get(name="A. PENGUNGKIT").weight == Decimal(60)
