"""One-time codes: the Sekretariat issues them for a quarter's survey and prints slips
(each code with the QR code of its link)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access.loaders import unit_view
from access.models import Unit

from .. import services
from ..forms import CodesForm, SlipFilterForm
from ..loaders import managed_unit
from ..manage.selectors import SlipFilter, code_counts, slips_page


@unit_view("GET", "POST")
def survey_codes(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    managed_unit(request.user, unit)
    form = CodesForm(request.POST or None, unit=unit, year=year)
    if request.method == "POST":
        issued = _issue(request, form)
        if issued:
            return redirect(issued)
    context = {"unit": unit, "year": year, "form": form, "counts": code_counts(unit, year)}
    return render(request, "surveys/codes.html", context, status=422 if form.errors else 200)


def _issue(request: HttpRequest, form: CodesForm) -> str:
    """Issue the posted codes; the address of their slips, or "" (errors on the form)."""
    if not form.is_valid():
        return ""
    data = form.cleaned_data
    try:
        codes = services.codes_issue(
            user=request.user,
            period=data["period"],
            kind=data["kind"],
            count=data["count"],
            desk=data["desk"],
            service=data["service"],
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return ""
    period = data["period"]
    messages.success(request, f"{len(codes)} kode dibuat untuk triwulan {period.quarter}.")
    url = reverse("survey_slips", args=[period.unit.slug, period.year])
    query = f"triwulan={period.quarter}&survei={data['kind']}"
    return f"{url}?{query}&dari={codes[0].pk}&sampai={codes[-1].pk}"


@unit_view("GET")
def survey_slips(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """Printable A4 sheets of slips: the unused codes chosen, each with its QR code."""
    managed_unit(request.user, unit)
    chosen = SlipFilterForm(request.GET)
    if not chosen.is_valid():
        raise Http404("Pilihan kode tidak dikenal.")
    data = chosen.cleaned_data
    picked = SlipFilter(
        data["triwulan"], data["survei"], data["loket"], data["dari"], data["sampai"]
    )
    page, slips = slips_page(unit, year, picked, request.GET.get("halaman"), request)
    context = {"unit": unit, "year": year, "chosen": picked, "page": page, "slips": slips}
    context["query"] = request.GET.copy()
    context["query"].pop("halaman", None)
    return render(request, "surveys/slips.html", context)
