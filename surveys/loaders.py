"""Loading survey records for a view: 404 for what is not the unit's, 403 (through
access.rules) for what the user may see but not change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from access import rules
from access.models import Unit
from common.db import first_or_404

from .choices import SurveyKind
from .models import FollowUp, SurveyPeriod

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
