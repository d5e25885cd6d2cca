"""An exported LKE imported back changes nothing: no answer row or history row is written,
on either side, whatever the answers hold (formulas, line breaks, decimals)."""

from __future__ import annotations

from typing import Any

import pytest

from access.models import Unit
from lke.models import Answer, Assessment
from tests.factories import lke_assessment
from tests.lke_books import answer, answered, export, filled, run, workbook
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[list[dict[str, Any]], int, int]:
    rows = list(Answer.objects.order_by("pk").values())
    return rows, Answer.history.count(), Assessment.history.count()


@pytest.fixture
def tpi_stage(province: Unit) -> Assessment:
    """Every awkward value on both sides, and the assessment at the TPI's evaluation (the
    unit's side closed: its round trip must not even try to write)."""
    assessment = answered(province)
    answer(assessment, 7, "tpi", choice="B", note="'=tetap teks'\r\nbaris dua", evidence_note="x")
    answer(assessment, 126, "tpi", number=0)
    answer(assessment, 9, choice="", note="catatan tanpa jawaban")
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.EVALUATING)
    return assessment


@pytest.mark.parametrize("side, who", [("unit", "ketua"), ("tpi", "tpi")])
def test_an_export_imported_back_changes_nothing(
    province: Unit, people: dict, side: str, who: str
) -> None:
    answered(province)
    before = snapshot()
    content = export(people[who], province)
    result = run(people[who], province, content, side=side, dry_run=False)
    assert result.ok, result.messages()
    assert {r.action for r in result.rows} == {"tetap"}
    assert snapshot() == before
    record = ImportRecord.objects.get()
    assert (record.rows_total, record.rows_unchanged, record.rows_created) == (127, 127, 0)


def test_the_tpis_round_trip_of_every_awkward_value_changes_nothing(
    province: Unit, people: dict, tpi_stage: Assessment
) -> None:
    before = snapshot()
    content = export(people["tpi"], province)
    result = run(people["tpi"], province, content, side="tpi", dry_run=False)
    assert result.ok and result.unchanged == 127, result.messages()
    assert snapshot() == before


def test_the_round_trip_of_a_blank_assessment_writes_no_answer(
    province: Unit, people: dict
) -> None:
    lke_assessment(province)
    before = snapshot()
    result = run(people["sekretariat"], province, export(people["sekretariat"], province))
    assert result.ok and not result.changed
    result = run(
        people["sekretariat"], province, export(people["sekretariat"], province), dry_run=False
    )
    assert result.record is not None and snapshot() == before


def test_what_was_imported_exports_as_it_was_given(province: Unit, people: dict) -> None:
    ketua = people["ketua"]
    # Text a spreadsheet would run is kept as text behind an apostrophe, as the export writes it.
    given = {"K6": "ya", "L6": "'=1+1", "K126": "7", "K199": "3,5", "M200": "'@bukti"}
    assert run(ketua, province, filled(export(ketua, province), given), dry_run=False).ok
    assert Answer.objects.get(question__excel_row=6).note == "=1+1"
    sheet = workbook(export(ketua, province))["Jawaban"]
    assert [sheet[c].value for c in given] == ["Ya", "'=1+1", 7, 3.5, "'@bukti"]
    assert run(ketua, province, export(ketua, province)).changed is False
