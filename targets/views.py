"""The Progres Bulanan page, its row endpoint (htmx) and the rows' history pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from access import rules
from access.loaders import unit_for_user
from access.models import Unit
from areas.loaders import action_for_user, component_for_user, plan_of_request
from common.dates import pick_month
from common.db import StaleVersionError
from common.formatting import month_name, month_year
from common.forms import apply_errors
from common.history import history_response, history_rows

from .models import ActionItemStatus, ProgressEntry
from .rows import KINDS, RowKind
from .selectors import month_sheet


def month_url(slug: str, year: int, month: int) -> str:
    return f"{reverse('progress_month', args=[slug])}?tahun={year}&bulan={month}"


@login_required
@require_GET
def progress_month(request: HttpRequest, slug: str) -> HttpResponse:
    """Progres Bulanan: a unit's components and action items for one month."""
    unit = unit_for_user(request.user, slug)
    plan, years = plan_of_request(unit, request.GET.get("tahun"))
    year = plan.year
    month = pick_month(request.GET.get("bulan"), year)
    sheet = month_sheet(user=request.user, plan=plan, month=month)
    context = {"unit": unit, "plan": plan, "year": year, "years": years, "month": month}
    context |= {"month_name": month_name(month), "blocks": sheet.blocks}
    context |= {"locked": sheet.locked, "begun": sheet.begun}
    context |= {"months": [(m, month_name(m)) for m in range(1, 13)]}
    context["units"] = rules.visible_units(request.user).order_by("order")
    return render(request, "targets/progress_month.html", context)


@login_required
@require_POST
def row_save(
    request: HttpRequest, slug: str, year: int, month: int, object_id: int, kind: str
) -> HttpResponse:
    """Save one row (a component's progress or an action item's status) of a month."""
    row_kind = KINDS[kind]
    unit = unit_for_user(request.user, slug)
    obj = row_kind.load(request.user, unit, object_id)
    if row_kind.year_of(obj) != year:
        raise Http404("Baris ini bukan bagian dari rencana tahun tersebut.")
    form = row_kind.form_class(request.POST, prefix=f"{row_kind.prefix}{obj.pk}")
    row, status = _submit(row_kind, form, request, obj, month)
    if status == 200:
        form = row_kind.form_class(initial=row_kind.initial(row), prefix=form.prefix)
    else:
        row = row_kind.current(obj, month)
    if not request.htmx:
        _flash(request, form, status)
        return redirect(month_url(unit.slug, year, month))
    context = {"unit": unit, "year": year, "month": month, "form": form, "saved": status == 200}
    context["row"] = row_kind.context(obj, month, row)
    return render(request, row_kind.template, context, status=status)


def _submit(
    row_kind: RowKind, form: Any, request: HttpRequest, obj: Any, month: int
) -> tuple[Any, int]:
    """(saved row, 200), or (None, 422/409) with the service's messages on the form."""
    if not form.is_valid():
        return None, 422
    try:
        return row_kind.save(request.user, obj, month, form.cleaned_data), 200
    except StaleVersionError as error:
        apply_errors(form, error)
        return None, 409
    except ValidationError as error:
        apply_errors(form, error)
        return None, 422


def _flash(request: HttpRequest, form: Any, status: int) -> None:
    if status == 200:
        messages.success(request, "Tersimpan.")
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))


@login_required
@require_GET
def entry_history(
    request: HttpRequest, slug: str, year: int, month: int, component_id: int
) -> HttpResponse:
    unit = unit_for_user(request.user, slug)
    component = component_for_user(request.user, unit, component_id)
    records = ProgressEntry.history.filter(component_id=component.pk, month=month)
    title = f"Riwayat progres: {component.name}, {month_year(month, year)}"
    return _row_history(request, unit, records, title, year, month)


@login_required
@require_GET
def action_history(
    request: HttpRequest, slug: str, year: int, month: int, action_id: int
) -> HttpResponse:
    unit = unit_for_user(request.user, slug)
    action = action_for_user(request.user, unit, action_id)
    records = ActionItemStatus.history.filter(action_id=action.pk, month=month)
    label = f"{action.area.number}.{action.label} {month_year(month, year)}"
    return _row_history(request, unit, records, f"Riwayat status rencana aksi {label}", year, month)


def _row_history(
    request: HttpRequest, unit: Unit, records: QuerySet, title: str, year: int, month: int
) -> HttpResponse:
    rows, back = history_rows(records), month_url(unit.slug, year, month)
    return history_response(request, unit=unit, title=title, rows=rows, back=back)
