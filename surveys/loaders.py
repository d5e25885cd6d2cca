"""Loading survey records for a view: 404 for what is not the unit's, 403 (through
access.rules) for what the user may see but not change.

The public pages (``surveys/public_views.py``) need no login: a desk is found by the token
of its QR link, and whether it takes answers is the service's to say
(``surveys.responses.desk_check``), so that an inactive desk is told in words, not a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from access import rules
from access.models import Unit
from common.db import first_or_404

from .choices import SurveyKind
from .models import Desk, Element, FollowUp, Questionnaire, Response, Service, SurveyPeriod
from .selectors import current_questionnaire

if TYPE_CHECKING:
    from access.rules import User


def survey_kind_of(value: str) -> str:
    """A survey named in a URL (skm, spak, spkp); 404 for anything else."""
    if value not in SurveyKind.values:
        raise Http404("Survei tidak dikenal.")
    return value


def survey_period_of(unit: Unit, year: int, quarter: int) -> SurveyPeriod:
    """The unit's survey quarter (the unit was loaded for the user already)."""
    rows = SurveyPeriod.objects.select_related("unit")
    message = "Periode survei triwulan ini belum dibuka."
    return first_or_404(rows, message, unit=unit, year=year, quarter=quarter)


def follow_up_for_user(
    user: User, unit: Unit, follow_up_id: int, *, write: bool = False
) -> FollowUp:
    """A follow-up of the unit's surveys; ``write``: refused unless the user manages them."""
    rows = FollowUp.objects.select_related("period__unit", "action_item__area")
    found = first_or_404(rows, "Tindak lanjut tidak ditemukan.", pk=follow_up_id, period__unit=unit)
    if write:
        rules.ensure_can_manage_surveys(user, unit)
    return found


def managed_unit(user: User, unit: Unit) -> Unit:
    """The unit of a page only its Sekretariat opens (403 for the unit's other readers)."""
    rules.ensure_can_manage_surveys(user, unit)
    return unit


def service_for(user: User, unit: Unit, service_id: int) -> Service:
    rows = Service.objects.select_related("unit")
    service = first_or_404(rows, "Jenis layanan tidak ditemukan.", pk=service_id, unit=unit)
    rules.ensure_can_manage_surveys(user, unit)
    return service


def desk_for(user: User, unit: Unit, desk_id: int) -> Desk:
    rows = Desk.objects.select_related("unit", "service")
    desk = first_or_404(rows, "Loket tidak ditemukan.", pk=desk_id, unit=unit)
    rules.ensure_can_manage_surveys(user, unit)
    return desk


def questionnaire_for(unit: Unit, questionnaire_id: int) -> Questionnaire:
    """A version the unit answers or answered: the shipped ones and the unit's own."""
    rows = Questionnaire.objects.select_related("unit").filter(Q(unit=unit) | Q(unit=None))
    return first_or_404(rows, "Versi kuesioner tidak ditemukan.", pk=questionnaire_id)


def element_for(user: User, unit: Unit, kind: str, code: str) -> Element:
    """An element of the survey's questionnaire the unit answers now, for its editor."""
    rules.ensure_can_manage_surveys(user, unit)
    try:
        questionnaire = current_questionnaire(unit, survey_kind_of(kind))
    except Questionnaire.DoesNotExist as missing:
        raise Http404("Kuesioner belum dimuat.") from missing
    rows = Element.objects.select_related("questionnaire")
    return first_or_404(rows, "Unsur tidak ditemukan.", questionnaire=questionnaire, code=code)


def response_for(user: User, unit: Unit, response_id: int) -> Response:
    """A respondent's answers: the unit's own, for who reads raw responses."""
    rows = Response.objects.select_related("period__unit")
    response = first_or_404(rows, "Jawaban tidak ditemukan.", pk=response_id, period__unit=unit)
    rules.ensure_can_read_survey_responses(user, unit)
    return response


def desk_for_link(token: str, kind: str | None = None) -> Desk:
    """The desk of a QR link with its unit; 404 when no desk has the
    token or (``kind`` given) the desk does not offer that survey."""
    found = Desk.objects.select_related("unit").filter(token=token).order_by()[:1]
    desk = next(iter(found), None)
    if desk is None or (kind is not None and kind not in desk.kinds):
        raise Http404("Tautan survei tidak dikenal.")
    return desk
