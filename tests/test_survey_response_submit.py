"""Taking one response (surveys/responses.py): whole or nothing, codes once, closed quarters
refused, every problem next to its element."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from access.models import Unit
from common.dates import quarter_of, today
from surveys.models import Answer, Response, SurveyPeriod
from surveys.services import codes_issue
from tests.survey_support import SKM_CODES, period_make, phone_response

ALL_FOURS = dict.fromkeys(SKM_CODES, "4")


@pytest.fixture
def current(province: Unit) -> SurveyPeriod:
    now = today()
    return period_make(province, now.year, quarter_of(now.month))


@pytest.mark.django_db
def test_a_complete_response_is_stored_with_its_nine_answers(
    province: Unit, current: SurveyPeriod
) -> None:
    response = phone_response(province, "skm", ALL_FOURS, comment="Pelayanan cepat")
    assert response.period == current
    assert response.answers.count() == 9
    assert response.comment_status == Response.CommentStatus.PENDING


@pytest.mark.django_db
def test_missing_and_out_of_scale_answers_are_refused_together_and_nothing_is_saved(
    province: Unit, current: SurveyPeriod
) -> None:
    values = {**ALL_FOURS, "U3": "", "U5": "5", "U9": "dua"}
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", values)
    assert set(caught.value.message_dict) == {"U3", "U5", "U9"}
    assert caught.value.message_dict["U3"] == ["Pilih salah satu jawaban untuk pertanyaan ini."]
    assert caught.value.message_dict["U5"] == ["Jawaban harus bernilai 1, 2, 3, atau 4."]
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_an_unknown_element_is_refused(province: Unit, current: SurveyPeriod) -> None:
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", {**ALL_FOURS, "U10": "4"})
    assert "U10" in caught.value.message_dict


@pytest.mark.django_db
def test_a_closed_or_missing_quarter_takes_no_response(
    province: Unit, current: SurveyPeriod
) -> None:
    current.status = SurveyPeriod.Status.CLOSED
    current.save()
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", ALL_FOURS)
    assert caught.value.message_dict["period"] == [
        "Periode survei ini sudah ditutup; jawaban tidak dapat diterima lagi."
    ]
    current.delete()
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", ALL_FOURS)
    assert caught.value.message_dict["period"] == [
        "Survei triwulan ini belum dibuka oleh satuan kerja."
    ]


@pytest.mark.django_db
def test_a_code_answers_once(
    province: Unit, current: SurveyPeriod, people: dict[str, object]
) -> None:
    (code,) = codes_issue(user=people["sekretariat"], period=current, kind="skm", count=1)
    first = phone_response(province, "skm", ALL_FOURS, code=code)
    code.refresh_from_db()
    assert code.response == first and code.is_used
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", ALL_FOURS, code=code)
    assert "sudah dipakai" in caught.value.message_dict["code"][0]
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_code_of_another_survey_or_unit_is_unknown(
    province: Unit, current: SurveyPeriod, people: dict[str, object]
) -> None:
    (code,) = codes_issue(user=people["sekretariat"], period=current, kind="spak", count=1)
    with pytest.raises(ValidationError) as caught:
        phone_response(province, "skm", ALL_FOURS, code=code)
    assert caught.value.message_dict["code"][0].startswith("Kode tidak dikenal")
    sambas = Unit.objects.get(slug="kpu-sambas")
    with pytest.raises(ValidationError):
        phone_response(sambas, "spak", dict.fromkeys(["A1", "A2", "A3", "A4", "A5"], 4), code=code)


@pytest.mark.django_db
def test_only_the_sekretariat_issues_codes(
    current: SurveyPeriod, people: dict[str, object]
) -> None:
    from django.core.exceptions import PermissionDenied

    for role in ("ketua", "tpi", "koordinator_own", "ketua_other_unit"):
        with pytest.raises(PermissionDenied):
            codes_issue(user=people[role], period=current, kind="skm", count=1)
