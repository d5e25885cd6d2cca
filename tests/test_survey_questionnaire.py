"""Questionnaires as versioned data: load_surveys is idempotent, the shipped version is
never edited, a version with responses is frozen and an edit makes a new one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from access.models import Unit
from common.dates import quarter_of, today
from surveys.models import Element, Questionnaire
from surveys.selectors import current_questionnaire
from surveys.services import element_update
from tests.survey_support import SKM_CODES, period_make, phone_response

LABELS = ["Tidak jelas", "Kurang jelas", "Jelas", "Sangat jelas"]


@pytest.mark.django_db
def test_the_shipped_questionnaires_have_the_regulations_elements() -> None:
    counts = {
        q.kind: [e.code for e in q.elements.order_by("order")]
        for q in Questionnaire.objects.filter(unit=None)
    }
    assert counts == {
        "skm": list(SKM_CODES),
        "spkp": [f"P{i}" for i in range(1, 9)],
        "spak": [f"A{i}" for i in range(1, 6)],
    }
    assert all(len(e.labels) == 4 for e in Element.objects.all())


@pytest.mark.django_db
def test_loading_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = (Questionnaire.objects.count(), Element.objects.count())
    call_command("load_surveys")
    assert (Questionnaire.objects.count(), Element.objects.count()) == before
    assert "sudah ada, dibiarkan: skm v1, spkp v1, spak v1" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_edit_gives_the_unit_its_own_version_and_leaves_the_shipped_one(
    province: Unit, people: dict[str, object]
) -> None:
    element_update(
        user=people["sekretariat"],
        unit=province,
        kind="skm",
        code="U1",
        question="Apakah persyaratan layanan jelas?",
        labels=LABELS,
    )
    mine = current_questionnaire(province, "skm")
    assert (mine.unit, mine.version) == (province, 2)
    assert mine.elements.get(code="U1").labels == LABELS
    shipped = Questionnaire.objects.get(kind="skm", unit=None)
    assert shipped.elements.get(code="U1").labels[0] == "Tidak sesuai"
    assert current_questionnaire(Unit.objects.get(slug="kpu-sambas"), "skm") == shipped


@pytest.mark.django_db
def test_a_version_with_responses_is_frozen(province: Unit, people: dict[str, object]) -> None:
    now = today()
    period_make(province, now.year, quarter_of(now.month))
    edit = {"user": people["sekretariat"], "unit": province, "kind": "skm", "code": "U2"}
    element_update(**edit, question="Versi dua", labels=LABELS)
    v2 = current_questionnaire(province, "skm")
    element_update(**edit, question="Masih versi dua", labels=LABELS)  # no answers yet
    assert current_questionnaire(province, "skm") == v2
    response = phone_response(province, "skm", dict.fromkeys(SKM_CODES, 3))
    assert response.questionnaire == v2
    element_update(**edit, question="Versi tiga", labels=LABELS)
    v3 = current_questionnaire(province, "skm")
    assert v3.version == 3
    assert v2.elements.get(code="U2").question == "Masih versi dua"


@pytest.mark.django_db
def test_editing_needs_the_sekretariat_and_four_answer_words(
    province: Unit, people: dict[str, object]
) -> None:
    with pytest.raises(PermissionDenied):
        element_update(
            user=people["ketua"], unit=province, kind="skm", code="U1", question="x", labels=LABELS
        )
    with pytest.raises(ValidationError):
        element_update(
            user=people["sekretariat"],
            unit=province,
            kind="skm",
            code="U1",
            question="x",
            labels=["a", "b", ""],
        )
