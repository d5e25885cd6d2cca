"""The follow-up (tindak lanjut) pages of a unit's survey results: the list of a year's
quarters and surveys with their weakest elements and follow-ups (whoever reads the unit),
and the Sekretariat's new, edit and status forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from common.forms import apply_errors, flash_outcome

from . import follow_ups, selectors
from .follow_forms import (
    FollowUpFilterForm,
    FollowUpForm,
    FollowUpStatusForm,
    follow_up_initial,
    with_status_forms,
)
from .loaders import follow_up_for_user, survey_kind_of, survey_period_of
from .models import FollowUp, SurveyPeriod


@unit_view("GET")
def follow_up_list(request: HttpRequest, unit: Unit) -> HttpResponse:
    choice = FollowUpFilterForm(request.GET, years=selectors.survey_period_years(unit))
    blocks = selectors.follow_up_board(
        unit, choice.year, quarter=choice.quarter, kinds=choice.kinds
    )
    with_status_forms(f for block in blocks for f in block.follow_ups)
    context = {"unit": unit, "year": choice.year, "choice": choice, "blocks": blocks}
    return render(request, "surveys/follow/list.html", context)


@unit_view("GET", "POST")
def follow_up_new(
    request: HttpRequest, unit: Unit, year: int, quarter: int, kind: str
) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    period, kind = survey_period_of(unit, year, quarter), survey_kind_of(kind)
    block = selectors.follow_up_board(unit, year, quarter=quarter, kinds=[kind])[0]
    weakest = [w.tally.code for w in block.weakest]
    initial = {"element_code": request.GET.get("unsur") or (weakest[:1] or [""])[0]}
    form = _form(request, block, initial)
    if request.method == "POST" and _save(request, form, period, kind, None):
        return redirect(_list_url(period, kind))
    return _form_page(request, unit, block, form, None)


@unit_view("GET", "POST")
def follow_up_edit(request: HttpRequest, unit: Unit, follow_up_id: int) -> HttpResponse:
    row = follow_up_for_user(request.user, unit, follow_up_id, write=True)
    period = row.period
    block = selectors.follow_up_board(unit, period.year, quarter=period.quarter, kinds=[row.kind])
    form = _form(request, block[0], follow_up_initial(row))
    if request.method == "POST" and _save(request, form, period, row.kind, row):
        return redirect(_list_url(period, row.kind))
    return _form_page(request, unit, block[0], form, row)


@unit_view("POST")
def follow_up_status(request: HttpRequest, unit: Unit, follow_up_id: int) -> HttpResponse:
    row = follow_up_for_user(request.user, unit, follow_up_id, write=True)
    form = FollowUpStatusForm(request.POST)
    saved = form.is_valid()
    if saved:
        status = form.cleaned_data["status"]
        follow_ups.follow_up_status_set(user=request.user, follow_up=row, status=status)
    done = f"Status tindak lanjut {row.element_code} disimpan."
    flash_outcome(request, form, saved=saved, done=done)
    return redirect(_list_url(row.period, row.kind) + f"#tl-{row.pk}")


def _form(
    request: HttpRequest, block: selectors.FollowUpBlock, initial: dict[str, object]
) -> FollowUpForm:
    return FollowUpForm(
        request.POST if request.method == "POST" else None,
        tallies=block.result.tallies,
        weakest=[w.tally.code for w in block.weakest],
        action_items=selectors.follow_up_action_items(block.period),
        initial=initial,
    )


def _save(
    request: HttpRequest,
    form: FollowUpForm,
    period: SurveyPeriod,
    kind: str,
    row: FollowUp | None,
) -> bool:
    """Save through the service; its messages stay next to their fields."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        follow_ups.follow_up_save(
            user=request.user,
            period=period,
            kind=kind,
            element_code=data["element_code"],
            action=data["action"],
            action_item=data["action_item"],
            status=data["status"],
            due_date=data["due_date"],
            follow_up=row,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    flash_outcome(request, form, saved=True, done="Tindak lanjut disimpan.")
    return True


def _form_page(
    request: HttpRequest,
    unit: Unit,
    block: selectors.FollowUpBlock,
    form: FollowUpForm,
    row: FollowUp | None,
) -> HttpResponse:
    context = {"unit": unit, "survey": block, "form": form, "row": row}
    context |= {"back": _list_url(block.period, block.kind)}
    return render(request, "surveys/follow/form.html", context, status=422 if form.errors else 200)


def _list_url(period: SurveyPeriod, kind: str) -> str:
    query = f"?tahun={period.year}&triwulan={period.quarter}&survei={kind}"
    return reverse("survey_follow_ups", args=[period.unit.slug]) + query
