"""The monthly report's LKE section: the scores and unmet WBK requirements as the answers'
history says they stood at the end of the month (Asia/Pontianak)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from access.models import Unit
from areas.models import WorkPlan
from lke.models import Answer, Assessment
from lke.selectors.asof import answers_as_of, lke_as_of
from lke.services import answer_save
from reports import selectors as documents
from tests.factories import lke_assessment, lke_question
from tests.test_figures_as_of_month import report_html

pytestmark = pytest.mark.django_db

END_OF_APRIL = datetime.datetime(2025, 5, 1, tzinfo=timezone.get_default_timezone())


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=timezone.get_default_timezone())


def save(assessment: Assessment, user: object, code: str, text: str, side: str = "unit") -> None:
    answer_save(
        assessment=assessment, question=lke_question(code), side=side, user=user, text=text,
        version=None,
    )  # fmt: skip


def dated(when: datetime.datetime) -> None:
    """Every history row written so far without a date moved to ``when`` (the test's now)."""
    moved = timezone.now() - datetime.timedelta(hours=1)
    Answer.history.filter(history_date__gt=moved).update(history_date=when)
    Assessment.history.filter(history_date__gt=moved).update(history_date=when)
    Assessment.objects.filter(created_at__gt=moved).update(created_at=when)


@pytest.fixture
def april(province: Unit, people: dict) -> Assessment:
    """Two answers saved in April, one of them changed in May, and a third saved in May;
    the TPI's first answer in May."""
    assessment = lke_assessment(province)
    save(assessment, people["ketua"], "PPA1A", "Ya")
    save(assessment, people["ketua"], "PPA1B", "A")
    dated(at(4, 20))
    return assessment


def later(assessment: Assessment, people: dict) -> None:
    save(assessment, people["ketua"], "PPA1B", "C")
    save(assessment, people["ketua"], "PPA2A", "Ya")
    save(assessment, people["tpi"], "PPA1A", "Tidak", side="tpi")
    dated(at(5, 2, 8))  # 08:00 WIB on 2 May: after the end of April


def test_an_answer_counts_as_its_history_says_it_stood_before_the_cutoff(
    april: Assessment, people: dict, django_assert_num_queries
) -> None:
    later(april, people)
    with django_assert_num_queries(1):
        then = answers_as_of(april.pk, "unit", END_OF_APRIL)
    codes = {lke_question(c).pk: c for c in ("PPA1A", "PPA1B", "PPA2A")}
    assert {codes[q]: v.choice for q, v in then.items()} == {"PPA1A": "Ya", "PPA1B": "A"}
    assert answers_as_of(april.pk, "tpi", END_OF_APRIL) == {}
    now = answers_as_of(april.pk, "unit", at(6, 1))
    assert {codes[q]: v.choice for q, v in now.items()} == {
        "PPA1A": "Ya", "PPA1B": "C", "PPA2A": "Ya"
    }  # fmt: skip


def test_the_cutoff_is_midnight_in_pontianak(april: Assessment, people: dict) -> None:
    save(april, people["ketua"], "PPA2A", "Ya")
    # 23:30 WIB on 30 April is 16:30 UTC: still April
    dated(datetime.datetime(2025, 4, 30, 16, 30, tzinfo=datetime.UTC))
    assert len(answers_as_of(april.pk, "unit", END_OF_APRIL)) == 3


def test_the_april_report_is_unchanged_by_answers_saved_in_may(
    april: Assessment, people: dict, plan: WorkPlan
) -> None:
    before = report_html(plan, 4)
    assert "Lembar Kerja Evaluasi (keadaan akhir April 2025)" in before
    assert "2 dari 127 pertanyaan terjawab" in before
    assert "Syarat predikat Menuju WBK yang belum terpenuhi" in before
    later(april, people)
    assert report_html(plan, 4) == before
    may = report_html(plan, 5)
    assert "3 dari 127 pertanyaan terjawab" in may and "Evaluasi TPI (sementara)" in may


def test_no_lke_section_before_the_assessment_was_started(
    april: Assessment, plan: WorkPlan
) -> None:
    assert lke_as_of(april.unit, 2025, at(4, 1)) is None
    assert documents.unit_report_context(plan, 3)["lke"] is None
    assert "Lembar Kerja Evaluasi (keadaan" not in report_html(plan, 3)
