"""Loading LKE records for a view: 404 for what is not the unit's, 403 for what the user may
see but not change (the rules are access.rules; the unit was loaded for the user already by
``access.loaders.unit_view``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from access import rules
from access.models import AreaCode, Unit
from areas.loaders import plan_for
from lke.selectors.pages import HASIL, WorksheetMap

from .models import Assessment, Question, Side

if TYPE_CHECKING:
    from access.rules import User

NOT_STARTED = "Penilaian LKE satuan kerja ini untuk tahun tersebut belum dimulai."


def assessment_for_user(user: User, unit: Unit, year: int) -> Assessment | None:
    """The unit's assessment of the plan year (None when not started; 404 when the unit has
    no plan that year; 403 for a user who may not read its LKE)."""
    rules.ensure_can_read_lke(user, unit)
    assessment = (
        Assessment.objects.select_related("unit__parent", "worksheet")
        .filter(unit=unit, year=year)
        .first()
    )
    if assessment is None:
        plan_for(unit, year)
    return assessment


def assessment_or_404(user: User, unit: Unit, year: int) -> Assessment:
    assessment = assessment_for_user(user, unit, year)
    if assessment is None:
        raise Http404(NOT_STARTED)
    return assessment


def area_code_of(slug: str) -> str:
    """The plan area of an area page's URL part ("" for Hasil), or 404."""
    if slug == HASIL:
        return ""
    if slug not in AreaCode.values:
        raise Http404("Area tidak ditemukan.")
    return slug


def question_for_user(
    user: User, assessment: Assessment, wmap: WorksheetMap, question_id: int, *, write: bool
) -> Question:
    """A question of the assessment's worksheet version (404 otherwise); for writing, 403
    unless the user may answer its area."""
    question = next((q for q in wmap.questions if q.pk == question_id), None)
    if question is None:
        raise Http404("Pertanyaan tidak ditemukan pada LKE ini.")
    if write:
        code = wmap.area_of[question.pk]
        rules.ensure_can_answer_lke(user, assessment.unit, area_code=code, side=Side.UNIT)
    return question
