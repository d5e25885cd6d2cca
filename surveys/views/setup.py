"""The Sekretariat's services (jenis layanan) and service desks (loket) with their links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.loaders import unit_view
from access.models import Unit
from common.forms import apply_errors

from .. import services
from ..forms import DeskForm, ServiceForm
from ..links import desk_path, public_url
from ..loaders import desk_for, managed_unit, service_for
from ..manage.selectors import desk_rows, unit_services
from ..models import Desk, Service


def _service_submit(
    request: HttpRequest, form: ServiceForm, unit: Unit, service: Service | None
) -> bool:
    """Save the posted service; the service's refusals go next to their fields."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        saved = services.service_save(
            user=request.user,
            unit=unit,
            name=data["name"],
            order=data["order"] or 0,
            is_active=data["is_active"],
            service=service,
            seen=data["seen"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, f"Jenis layanan {saved.name} disimpan.")
    return True


@unit_view("GET", "POST")
def survey_services(request: HttpRequest, unit: Unit) -> HttpResponse:
    managed_unit(request.user, unit)
    form = ServiceForm.for_service(None, request.POST or None)
    if request.method == "POST" and _service_submit(request, form, unit, None):
        return redirect("survey_services", slug=unit.slug)
    context = {"unit": unit, "services": unit_services(unit), "form": form}
    return render(request, "surveys/services.html", context, status=422 if form.errors else 200)


@unit_view("GET", "POST")
def survey_service_edit(request: HttpRequest, unit: Unit, service_id: int) -> HttpResponse:
    service = service_for(request.user, unit, service_id)
    form = ServiceForm.for_service(service, request.POST or None)
    if request.method == "POST" and _service_submit(request, form, unit, service):
        return redirect("survey_services", slug=unit.slug)
    context = {"unit": unit, "service": service, "form": form}
    status = 422 if form.errors else 200
    return render(request, "surveys/service_edit.html", context, status=status)


def _desk_submit(request: HttpRequest, form: DeskForm, unit: Unit, desk: Desk | None) -> bool:
    """Save the posted desk; the service's refusals go next to their fields."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        saved = services.desk_save(
            user=request.user,
            unit=unit,
            name=data["name"],
            kinds=data["kinds"],
            open_link=data["open_link"],
            service=data["service"],
            is_active=data["is_active"],
            desk=desk,
            seen=data["seen"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, f"Loket {saved.name} disimpan.")
    return True


@unit_view("GET", "POST")
def survey_desks(request: HttpRequest, unit: Unit) -> HttpResponse:
    managed_unit(request.user, unit)
    form = DeskForm(request.POST or None, unit=unit)
    if request.method == "POST" and _desk_submit(request, form, unit, None):
        return redirect("survey_desks", slug=unit.slug)
    context = {"unit": unit, "desks": desk_rows(unit, request), "form": form}
    return render(request, "surveys/desks.html", context, status=422 if form.errors else 200)


@unit_view("GET", "POST")
def survey_desk_edit(request: HttpRequest, unit: Unit, desk_id: int) -> HttpResponse:
    desk = desk_for(request.user, unit, desk_id)
    form = DeskForm(request.POST or None, unit=unit, desk=desk)
    if request.method == "POST" and _desk_submit(request, form, unit, desk):
        return redirect("survey_desks", slug=unit.slug)
    link = public_url(desk_path(desk.token), request)
    context = {"unit": unit, "desk": desk, "form": form, "link": link}
    return render(request, "surveys/desk_edit.html", context, status=422 if form.errors else 200)
