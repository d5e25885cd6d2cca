"""The Progres Bulanan page, its row endpoint (htmx) and the rows' history pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import rules
from access.loaders import unit_view
from access.models import Unit
from access.tree import in_tree_order
from areas.loaders import plan_of_request
from common.dates import pick_month
from common.db import StaleVersionError
from common.formatting import month_name, month_year
from common.forms import apply_errors, flash_outcome
from common.history import history_response, history_rows
from common.links import progress_url

from .rows import KINDS, RowKind
from .selectors import month_sheet


@unit_view("GET")
def progress_month(request: HttpRequest, unit: Unit) -> HttpResponse:
    """Progres Bulanan: a unit's components and action items for one month."""
    plan, years = plan_of_request(unit, request.GET.get("tahun"))
    year = plan.year
    month = pick_month(request.GET.get("bulan"), year)
    sheet = month_sheet(user=request.user, plan=plan, month=month)
    context = {"unit": unit, "plan": plan, "year": year, "years": years, "month": month}
    context |= {"month_name": month_name(month), "blocks": sheet.blocks}
    context |= {"locked": sheet.locked, "begun": sheet.begun}
    context |= {"months": [(m, month_name(m)) for m in range(1, 13)]}
    context["units"] = in_tree_order(rules.visible_units(request.user))
    return render(request, "targets/progress_month.html", context)


@unit_view("POST")
def row_save(
    request: HttpRequest, unit: Unit, year: int, month: int, object_id: int, kind: str
) -> HttpResponse:
    """Save one row (a component's progress or an action item's status) of a month."""
    row_kind, obj = _row_object(request, unit, year, object_id, kind, write=True)
    form = row_kind.form_class(request.POST, prefix=f"{row_kind.prefix}{obj.pk}")
    row, status = _submit(row_kind, form, request, obj, month)
    if status == 200:
        form = row_kind.form_class(initial=row_kind.initial(row), prefix=form.prefix)
    else:
        row = row_kind.current(obj, month)
    if not request.htmx:
        flash_outcome(request, form, saved=status == 200, done="Tersimpan.")
        return redirect(progress_url(unit.slug, year, month))
    context = {"unit": unit, "year": year, "month": month, "form": form, "saved": status == 200}
    context["row"] = row_kind.context(obj, month, row)
    return render(request, row_kind.template, context, status=status)


def _row_object(
    request: HttpRequest, unit: Unit, year: int, object_id: int, kind: str, *, write: bool
) -> tuple[RowKind, Any]:
    """The row kind and the row's object, for writing or reading; 404 outside ``year``."""
    row_kind = KINDS[kind]
    obj = (row_kind.load if write else row_kind.read)(request.user, unit, object_id)
    if row_kind.year_of(obj) != year:
        raise Http404("Baris ini bukan bagian dari rencana tahun tersebut.")
    return row_kind, obj


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


@unit_view("GET")
def row_history(
    request: HttpRequest, unit: Unit, year: int, month: int, object_id: int, kind: str
) -> HttpResponse:
    """The audit history of one row (a component's progress or an action item's status)."""
    row_kind, obj = _row_object(request, unit, year, object_id, kind, write=False)
    title = row_kind.title(obj, month_year(month, year))
    rows, back = history_rows(row_kind.history(obj, month)), progress_url(unit.slug, year, month)
    return history_response(request, unit=unit, title=title, rows=rows, back=back)
