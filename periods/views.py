"""The Sekretariat's month locks and their history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from areas.loaders import plan_for
from common.formatting import month_year
from common.forms import apply_errors
from common.history import history_response, history_rows

from . import services
from .forms import LockForm, with_row_forms
from .models import MonthLock
from .selectors import lock_rows


@unit_view("GET", "POST")
def month_locks(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    plan = plan_for(unit, year)
    form = LockForm(request.POST or None)
    if request.method == "POST":
        rules.ensure_can_lock(request.user, unit)
        if _lock_submit(request, form, unit, year):
            return redirect("month_locks", slug=unit.slug, year=year)
    context = {"unit": unit, "plan": plan, "year": year}
    context |= {"months": with_row_forms(lock_rows(unit.pk, year)), "reopen_form": form}
    return render(request, "periods/month_locks.html", context, status=422 if form.errors else 200)


def _lock_submit(request: HttpRequest, form: LockForm, unit: Unit, year: int) -> bool:
    """Lock or reopen the month the form names; errors stay on the form."""
    if not form.is_valid():
        return False
    op, month, user = form.cleaned_data["op"], form.cleaned_data["month"], request.user
    try:
        if op == "lock":
            services.month_lock(user=user, unit=unit, year=year, month=month)
        else:
            reason = form.cleaned_data["reason"]
            services.month_reopen(user=user, unit=unit, year=year, month=month, reason=reason)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    done = "dikunci" if op == "lock" else "dibuka kembali"
    messages.success(request, f"Bulan {month_year(month, year)} {done}.")
    return True


@unit_view("GET")
def lock_history(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    rows = history_rows(MonthLock.history.filter(unit_id=unit.pk, year=year))
    title = f"Riwayat kunci bulan {unit.short_name} {year}"
    back = reverse("month_locks", args=[unit.slug, year])
    return history_response(request, unit=unit, title=title, rows=rows, back=back)
