"""Loading survey records for the unit's survey pages: 404 for what is not the unit's, 403
(through access.rules) for what the user may see but not change."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from access import rules
from access.models import Unit
from common.db import first_or_404

from .choices import SurveyKind
from .models import Desk, Element, Questionnaire, Response, Service, SurveyPeriod
from .selectors import current_questionnaire


def kind_or_404(kind: str) -> str:
    """A survey named in a URL (skm, spak, spkp)."""
    if kind not in SurveyKind.values:
        raise Http404("Survei tidak dikenal.")
    return kind


def managed_unit(user: rules.User, unit: Unit) -> Unit:
    """The unit of a page only its Sekretariat opens (403 for the unit's other readers)."""
    rules.ensure_can_manage_surveys(user, unit)
    return unit


def service_for(user: rules.User, unit: Unit, service_id: int) -> Service:
    rows = Service.objects.select_related("unit")
    service = first_or_404(rows, "Jenis layanan tidak ditemukan.", pk=service_id, unit=unit)
    rules.ensure_can_manage_surveys(user, unit)
    return service


def desk_for(user: rules.User, unit: Unit, desk_id: int) -> Desk:
    rows = Desk.objects.select_related("unit", "service")
    desk = first_or_404(rows, "Loket tidak ditemukan.", pk=desk_id, unit=unit)
    rules.ensure_can_manage_surveys(user, unit)
    return desk


def questionnaire_for(unit: Unit, questionnaire_id: int) -> Questionnaire:
    """A version the unit answers or answered: the shipped ones and the unit's own."""
    rows = Questionnaire.objects.select_related("unit").filter(Q(unit=unit) | Q(unit=None))
    return first_or_404(rows, "Versi kuesioner tidak ditemukan.", pk=questionnaire_id)


def response_for(user: rules.User, unit: Unit, response_id: int) -> Response:
    """A respondent's answers: the unit's own, for who reads raw responses."""
    rows = Response.objects.select_related("period__unit")
    response = first_or_404(rows, "Jawaban tidak ditemukan.", pk=response_id, period__unit=unit)
    rules.ensure_can_read_survey_responses(user, unit)
    return response


def period_of(unit: Unit, year: int, quarter: int) -> SurveyPeriod | None:
    """The unit's quarter, or None while it has not been opened."""
    return SurveyPeriod.objects.filter(unit=unit, year=year, quarter=quarter).first()


def element_for(user: rules.User, unit: Unit, kind: str, code: str) -> Element:
    """An element of the survey's questionnaire the unit answers now, for its editor."""
    rules.ensure_can_manage_surveys(user, unit)
    try:
        questionnaire = current_questionnaire(unit, kind_or_404(kind))
    except Questionnaire.DoesNotExist as missing:
        raise Http404("Kuesioner belum dimuat.") from missing
    rows = Element.objects.select_related("questionnaire")
    return first_or_404(rows, "Unsur tidak ditemukan.", questionnaire=questionnaire, code=code)
