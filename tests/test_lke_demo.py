"""The demo's LKE self-assessments: every unit answered at its own pace, area I of the
province left to koordinator1, the same on every run."""

import pytest
from django.core.management import call_command

from access.models import Unit
from lke.models import Answer, Assessment
from lke.services import question_area_codes

pytestmark = pytest.mark.django_db


def test_seed_demo_answers_the_lke_of_every_unit_but_area_i_of_the_province(
    settings: object, province: Unit
) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    assessments = Assessment.objects.filter(year=2025)
    assert assessments.count() == 15
    own = assessments.get(unit=province)
    codes = question_area_codes(own.worksheet)
    answered = set(own.answers.values_list("question_id", flat=True))
    assert {codes[q] for q in set(codes) - answered} == {"manajemen_perubahan"}
    kabkota = assessments.exclude(unit=province)
    assert all(a.answers.count() == 127 for a in kabkota)
    first = {a.unit_id: sorted(a.answers.values_list("choice", "number")) for a in kabkota}
    assert len({tuple(v) for v in first.values()}) == 14  # each unit its own answers
    assert Answer.objects.filter(number__gt=4, question__answer_type="survey").count() == 0
    total = Answer.objects.count()
    call_command("seed_demo")
    assert Answer.objects.count() == total
