"""Follow-ups (tindak lanjut) of a quarter's survey results: what the unit does about one
element of a survey (the page proposes the weakest ones), optionally an action item
(rencana aksi) of the unit's plan of that year in area VI, Peningkatan Kualitas Pelayanan
Publik; its status (rencana, berjalan, selesai) and due date.

Keyword-only ``follow_up_*`` functions: the rule (``ensure_can_manage_surveys``), every
problem of the input raised together keyed by its field, ``full_clean``, and the save with
its history record in one transaction.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from access import rules
from access.models import AreaCode
from areas.models import ActionItem

from .choices import FollowUpStatus, SurveyKind
from .models import Element, FollowUp, SurveyPeriod

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# The plan area whose action items a follow-up may name.
FOLLOW_UP_AREA = AreaCode.PELAYANAN_PUBLIK

KIND_UNKNOWN = "Pilih survei: SKM, SPAK, atau SPKP."
ELEMENT_UNKNOWN = "Unsur {code} tidak ada dalam kuesioner {survey}."
ACTION_MISSING = "Tuliskan rencana tindak lanjutnya."
STATUS_UNKNOWN = "Pilih status: direncanakan, sedang berjalan, atau selesai."
NOT_THIS_PERIOD = "Tindak lanjut ini bukan milik triwulan survei ini."
ITEM_OTHER_UNIT = "Rencana aksi ini milik rencana kerja satuan kerja lain."
ITEM_OTHER_YEAR = (
    "Rencana aksi ini dari rencana kerja tahun {item_year}; pilih rencana aksi rencana kerja "
    "tahun {year}."
)
ITEM_OTHER_AREA = (
    "Tindak lanjut survei hanya dapat dikaitkan dengan rencana aksi Area VI {area}; "
    "rencana aksi ini dari Area {number} {name}."
)


def _element_known(period: SurveyPeriod, kind: str, code: str) -> bool:
    """An element of one of the survey's questionnaires the unit answers (the shipped
    versions or its own)."""
    return (
        Element.objects.filter(questionnaire__kind=kind, code=code)
        .filter(Q(questionnaire__unit=None) | Q(questionnaire__unit_id=period.unit_id))
        .exists()
    )


def action_item_refusal(period: SurveyPeriod, action_item: ActionItem) -> str:
    """Why ``action_item`` may not be a follow-up's of ``period`` ("" when it may): it must
    be an item of the unit's own plan of the period's year, in area VI."""
    item = ActionItem.objects.select_related("area__plan").get(pk=action_item.pk)
    plan = item.area.plan
    if plan.unit_id != period.unit_id:
        return ITEM_OTHER_UNIT
    if plan.year != period.year:
        return ITEM_OTHER_YEAR.format(item_year=plan.year, year=period.year)
    if item.area.code != FOLLOW_UP_AREA:
        return ITEM_OTHER_AREA.format(
            area=FOLLOW_UP_AREA.label, number=item.area.number, name=item.area.name
        )
    return ""


def _problems(
    *,
    period: SurveyPeriod,
    kind: str,
    element_code: str,
    action: str,
    action_item: ActionItem | None,
    status: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in SurveyKind.values:
        errors["kind"] = KIND_UNKNOWN
    elif not _element_known(period, kind, element_code):
        errors["element_code"] = ELEMENT_UNKNOWN.format(
            code=element_code or "(kosong)", survey=SurveyKind(kind).label
        )
    if not action.strip():
        errors["action"] = ACTION_MISSING
    if status not in FollowUpStatus.values:
        errors["status"] = STATUS_UNKNOWN
    if action_item is not None and (refusal := action_item_refusal(period, action_item)):
        errors["action_item"] = refusal
    return errors


def _save(row: FollowUp, *, user: AbstractBaseUser, reason: str = "") -> FollowUp:
    row.changed_by = user  # type: ignore[assignment]
    row.full_clean()
    row._history_user = user  # type: ignore[attr-defined]
    if reason:
        row._change_reason = reason  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def follow_up_save(
    *,
    user: AbstractBaseUser,
    period: SurveyPeriod,
    kind: str,
    element_code: str,
    action: str,
    action_item: ActionItem | None = None,
    status: str = FollowUpStatus.PLANNED,
    due_date: datetime.date | None = None,
    follow_up: FollowUp | None = None,
) -> FollowUp:
    """Record a follow-up of ``period``'s ``kind`` survey for one element, or change
    ``follow_up`` (a follow-up of that period). Refused (403) unless the user manages the
    unit's surveys; every problem of the input is raised together, nothing is saved half."""
    rules.ensure_can_manage_surveys(user, period.unit)
    if follow_up is None:
        row = FollowUp(period=period)
    else:
        row = FollowUp.objects.select_for_update().filter(pk=follow_up.pk, period=period).first()
        if row is None:
            raise ValidationError(NOT_THIS_PERIOD)
    errors = _problems(
        period=period,
        kind=kind,
        element_code=element_code,
        action=action,
        action_item=action_item,
        status=status,
    )
    if errors:
        raise ValidationError(errors)
    row.kind, row.element_code, row.action = kind, element_code, action.strip()
    row.action_item, row.status, row.due_date = action_item, status, due_date
    return _save(row, user=user)


@transaction.atomic
def follow_up_status_set(*, user: AbstractBaseUser, follow_up: FollowUp, status: str) -> FollowUp:
    """Move a follow-up to ``status`` (rencana, berjalan, selesai); the history keeps each
    step with who made it."""
    period = SurveyPeriod.objects.select_related("unit").get(pk=follow_up.period_id)
    rules.ensure_can_manage_surveys(user, period.unit)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": STATUS_UNKNOWN})
    row = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    row.status = status
    return _save(row, user=user, reason=f"Status: {FollowUpStatus(status).label}")
