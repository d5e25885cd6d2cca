"""Row endpoints of the Progres Bulanan page (htmx), month locks and history pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from areas.models import Unit, WorkPlan
from zi_portal import access
from zi_portal.history import history_rows
from zi_portal.months import has_ended, month_name

from . import services
from .forms import ActionStatusForm, ProgressForm, ReopenForm, entry_initial, status_initial
from .models import ActionItemStatus, MonthLock, MonthlyTarget, ProgressEntry
from .selectors import locks_of_year


def plan_for(unit: Unit, year: int) -> WorkPlan:
    plan = WorkPlan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        raise Http404("Rencana kerja tahun ini tidak ditemukan.")
    return plan


def month_url(unit: Unit, year: int, month: int) -> str:
    return f"{reverse('progress_month', args=[unit.slug])}?tahun={year}&bulan={month}"


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _submit(form: Any, save: Callable[[dict[str, Any]], Any]) -> tuple[Any | None, int]:
    """Validate the row's form and call its service: (saved row, 200), or (None, 422/409)
    with the service's messages attached to the form's fields."""
    if not form.is_valid():
        return None, 422
    try:
        return save(form.cleaned_data), 200
    except services.StaleVersionError as error:
        _apply_errors(form, error)
        return None, 409
    except ValidationError as error:
        _apply_errors(form, error)
        return None, 422


def _row_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    status: int,
    unit: Unit,
    year: int,
    month: int,
) -> HttpResponse:
    if request.htmx:
        return render(request, template, context, status=status)
    if status == 200:
        messages.success(request, "Tersimpan.")
    else:
        form = context["form"]
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(month_url(unit, year, month))


@login_required
@require_POST
def progress_save(
    request: HttpRequest, slug: str, year: int, month: int, component_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    component = access.component_for_user(request.user, unit, component_id, write=True)
    if component.plan.year != year:
        raise Http404
    prefix = f"c{component.pk}"
    form = ProgressForm(request.POST, prefix=prefix)
    entry, status = _submit(
        form,
        lambda data: services.progress_update(
            user=request.user,
            component=component,
            month=month,
            percent=data["percent"],
            activities=data["activities"],
            obstacles=data["obstacles"],
            follow_up=data["follow_up"],
            is_internal=data["is_internal"],
            version=data["version"],
        ),
    )
    if entry is None:
        entry = (
            ProgressEntry.objects.filter(component=component, month=month)
            .select_related("updated_by")
            .first()
        )
    else:
        form = ProgressForm(initial=entry_initial(entry), prefix=prefix)
    target = (
        MonthlyTarget.objects.filter(component=component, month=month)
        .values_list("percent", flat=True)
        .first()
    )
    context = {
        "unit": unit,
        "year": year,
        "month": month,
        "row": {"component": component, "target": target, "entry": entry, "editable": True},
        "form": form,
        "saved": status == 200,
    }
    return _row_response(
        request, "targets/_component_form.html", context, status, unit, year, month
    )


@login_required
@require_POST
def action_status_save(
    request: HttpRequest, slug: str, year: int, month: int, action_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    action = access.action_for_user(request.user, unit, action_id, write=True)
    if action.area.plan.year != year:
        raise Http404
    prefix = f"a{action.pk}"
    form = ActionStatusForm(request.POST, prefix=prefix)
    row, status = _submit(
        form,
        lambda data: services.action_status_update(
            user=request.user,
            action=action,
            month=month,
            status=data["status"],
            note=data["note"],
            version=data["version"],
        ),
    )
    if row is None:
        row = (
            ActionItemStatus.objects.filter(action=action, month=month)
            .select_related("updated_by")
            .first()
        )
    else:
        form = ActionStatusForm(initial=status_initial(row), prefix=prefix)
    context = {
        "unit": unit,
        "year": year,
        "month": month,
        "row": {"action": action, "status": row, "editable": True},
        "form": form,
        "saved": status == 200,
    }
    return _row_response(request, "targets/_action_form.html", context, status, unit, year, month)


@login_required
@require_http_methods(["GET", "POST"])
def month_locks(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    plan = plan_for(unit, year)
    can_lock = access.can_lock(request.user, unit)
    reopen_form = ReopenForm()
    if request.method == "POST":
        access.require(can_lock, "Hanya Sekretariat yang dapat mengunci atau membuka bulan.")
        try:
            month = int(request.POST.get("month", ""))
        except ValueError:
            month = 0
        try:
            if request.POST.get("op") == "lock":
                services.month_lock(user=request.user, unit=unit, year=year, month=month)
                messages.success(request, f"Bulan {month_name(month)} {year} dikunci.")
                return redirect("month_locks", slug=unit.slug, year=year)
            reopen_form = ReopenForm(request.POST)
            if reopen_form.is_valid():
                services.month_reopen(
                    user=request.user,
                    unit=unit,
                    year=year,
                    month=month,
                    reason=reopen_form.cleaned_data["reason"],
                )
                messages.success(request, f"Bulan {month_name(month)} {year} dibuka kembali.")
                return redirect("month_locks", slug=unit.slug, year=year)
        except ValidationError as error:
            _apply_errors(reopen_form, error)
        except KeyError:
            reopen_form.add_error(None, "Bulan tidak dikenal.")
    locks = locks_of_year(unit.pk, year)
    months = [
        {"number": m, "name": month_name(m), "lock": locks.get(m), "ended": has_ended(year, m)}
        for m in range(1, 13)
    ]
    status = 422 if reopen_form.errors else 200
    return render(
        request,
        "targets/month_locks.html",
        {
            "unit": unit,
            "plan": plan,
            "year": year,
            "months": months,
            "can_lock": can_lock,
            "reopen_form": reopen_form,
        },
        status=status,
    )


@login_required
def entry_history(
    request: HttpRequest, slug: str, year: int, month: int, component_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    component = access.component_for_user(request.user, unit, component_id)
    records = ProgressEntry.history.filter(component_id=component.pk, month=month)
    title = f"Riwayat progres: {component.name}, {month_name(month)} {year}"
    return render(
        request,
        "history.html",
        {
            "unit": unit,
            "title": title,
            "rows": history_rows(records),
            "back": month_url(unit, year, month),
        },
    )


@login_required
def action_history(
    request: HttpRequest, slug: str, year: int, month: int, action_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    action = access.action_for_user(request.user, unit, action_id)
    records = ActionItemStatus.history.filter(action_id=action.pk, month=month)
    title = f"Riwayat status rencana aksi {action.area.number}.{action.label} {month_name(month)} {year}"
    return render(
        request,
        "history.html",
        {
            "unit": unit,
            "title": title,
            "rows": history_rows(records),
            "back": month_url(unit, year, month),
        },
    )


@login_required
def lock_history(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    records = MonthLock.history.filter(unit_id=unit.pk, year=year)
    title = f"Riwayat kunci bulan {unit.short_name} {year}"
    return render(
        request,
        "history.html",
        {
            "unit": unit,
            "title": title,
            "rows": history_rows(records),
            "back": reverse("month_locks", args=[unit.slug, year]),
        },
    )
