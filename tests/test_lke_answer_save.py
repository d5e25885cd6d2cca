"""Saving one answer: who may answer which question on which side, locking, history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import Unit
from common.db import StaleVersionError
from lke.models import Answer, Assessment
from lke.services import answer_save, assessment_start, question_area_codes
from tests.factories import lke_assessment, lke_question

AREA_I = ("PPA1A", "PRA2A")  # Manajemen Perubahan: Pemenuhan (Ya/Tidak), Reform (A–E)
AREA_II = "PPB1A"  # Penataan Tatalaksana
IPAK, CAPAIAN = 199, 200  # Hasil rows


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


def save(assessment: Assessment, user: object, question: object, text: str, **kw: object) -> Answer:
    kw.setdefault("side", "unit")
    kw.setdefault("version", None)
    return answer_save(assessment=assessment, question=question, user=user, text=text, **kw)


def allowed(assessment: Assessment, user: object, question: object, side: str = "unit") -> bool:
    text = (question.scheme[0]["key"] if question.scheme else "3") if question else ""
    try:
        save(assessment, user, question, text, side=side)
    except PermissionDenied:
        return False
    return True


def test_the_koordinator_of_area_i_answers_area_i_pemenuhan_and_reform_only(
    assessment: Assessment, people: dict
) -> None:
    koordinator = people["koordinator_own"]
    assert all(allowed(assessment, koordinator, lke_question(code)) for code in AREA_I)
    assert not allowed(assessment, koordinator, lke_question(AREA_II))
    assert not allowed(assessment, koordinator, lke_question(row=CAPAIAN))
    assert not allowed(assessment, koordinator, lke_question(AREA_I[0]), side="tpi")


def test_sekretariat_answers_hasil_and_ketua_answers_any_question(
    assessment: Assessment, people: dict
) -> None:
    for role in ("sekretariat", "ketua"):
        for question in (lke_question(row=IPAK), lke_question(AREA_II), lke_question("PRF2A")):
            assert allowed(assessment, people[role], question), (role, question)
    assert not allowed(assessment, people["koordinator_other_area"], lke_question(row=IPAK))


def test_the_tpi_answers_only_the_tpi_side(assessment: Assessment, people: dict) -> None:
    question = lke_question(AREA_II)
    assert allowed(assessment, people["tpi"], question, side="tpi")
    assert not allowed(assessment, people["tpi"], question, side="unit")
    assert not allowed(assessment, people["sekretariat"], question, side="tpi")


def test_roles_of_another_unit_answer_nothing(assessment: Assessment, people: dict) -> None:
    for role in ("koordinator_other_unit", "ketua_other_unit"):
        for side in ("unit", "tpi"):
            assert not allowed(assessment, people[role], lke_question(AREA_I[0]), side=side)
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_save_stores_the_schemes_key_and_a_history_row_with_the_user(
    assessment: Assessment, people: dict
) -> None:
    koordinator = people["koordinator_own"]
    answer = save(
        assessment, koordinator, lke_question(AREA_I[0]), " ya ", note=" Sudah ", version=0
    )
    answer.refresh_from_db()
    assert (answer.choice, answer.number, answer.note, answer.version) == ("Ya", None, "Sudah", 1)
    record = answer.history.get()
    assert (record.history_user, record.choice, record.history_type) == (koordinator, "Ya", "+")


def test_numbers_are_stored_and_an_unchanged_save_writes_nothing(
    assessment: Assessment, people: dict
) -> None:
    sekretariat = people["sekretariat"]
    answer = save(assessment, sekretariat, lke_question(row=IPAK), "3,45", version=0)
    again = save(assessment, sekretariat, lke_question(row=IPAK), "3.45", version=1)
    assert (again.number, again.version) == (Decimal("3.45"), 1)
    assert answer.history.count() == 1


def test_a_save_based_on_an_older_version_is_refused_with_who_saved(
    assessment: Assessment, people: dict
) -> None:
    question = lke_question(AREA_I[1])
    save(assessment, people["koordinator_own"], question, "A", version=0)
    with pytest.raises(StaleVersionError) as refused:
        save(assessment, people["ketua"], question, "B", version=0)
    assert "telah diubah oleh" in refused.value.messages[0]
    assert "muat ulang halaman" in refused.value.messages[0]
    assert Answer.objects.get(question=question).choice == "A"


def test_a_bad_value_is_refused_with_the_allowed_values(
    assessment: Assessment, people: dict
) -> None:
    with pytest.raises(ValidationError) as refused:
        save(assessment, people["ketua"], lke_question(AREA_I[1]), "F", version=0)
    assert refused.value.messages == [
        'Jawaban "F" tidak dikenal — pilih salah satu: A, B, C, D, E.'
    ]


def test_the_unit_side_closes_when_submitted_and_the_tpi_side_when_completed(
    assessment: Assessment, people: dict
) -> None:
    # The state is read from the database at the save (the object here is stale): a page
    # loaded before the submission cannot write after it.
    question = lke_question(AREA_II)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    with pytest.raises(ValidationError, match="sudah diajukan ke TPI"):
        save(assessment, people["ketua"], question, "A")
    save(assessment, people["tpi"], question, "B", side="tpi")
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    with pytest.raises(ValidationError, match="sudah selesai"):
        save(assessment, people["tpi"], question, "C", side="tpi")


def test_a_cleared_answer_keeps_its_row_empty(assessment: Assessment, people: dict) -> None:
    question = lke_question(AREA_I[0])
    save(assessment, people["ketua"], question, "Tidak", version=0)
    answer = save(assessment, people["ketua"], question, "", version=1)
    assert (answer.choice, answer.number, answer.is_answered) == ("", None, False)


def test_assessment_start_gets_the_one_of_the_year_on_the_current_worksheet(
    province: Unit, people: dict
) -> None:
    first = assessment_start(unit=province, year=2025, user=people["ketua"])
    again = assessment_start(unit=province, year=2025, user=people["koordinator_own"])
    assert first.pk == again.pk and first.worksheet.year == 2026
    assert first.history.get().history_user == people["ketua"]
    with pytest.raises(PermissionDenied):
        assessment_start(unit=province, year=2025, user=people["ketua_other_unit"])


def test_area_codes_of_questions_come_from_their_lke_area(
    assessment: Assessment, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):
        codes = question_area_codes(assessment.worksheet)
    assert len(codes) == 127
    assert codes[lke_question("PPA1A").pk] == codes[lke_question("PRA2A").pk]
    assert codes[lke_question("PPA1A").pk] == "manajemen_perubahan"
    assert codes[lke_question("PPE1A").pk] == "pengawasan"
    assert codes[lke_question(row=176).pk] == "pengawasan"  # nested LHKPN sub-area
    assert codes[lke_question(row=IPAK).pk] == ""
    assert sum(1 for c in codes.values() if not c) == 3
