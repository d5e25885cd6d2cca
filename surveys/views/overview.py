"""The survey overview of a year and the Sekretariat's quarters (open, population, close,
publish)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.loaders import unit_view
from access.models import Unit
from common.dates import pick_year
from common.forms import apply_errors

from .. import services
from ..forms import PeriodForm, PublishForm, YearForm, period_forms
from ..loaders import managed_unit, survey_period_of
from ..manage.selectors import quarter_rows, survey_years


@unit_view("GET")
def survey_overview(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The four quarters × three surveys of a year: responses against the sample, results."""
    years = survey_years(unit)
    year = pick_year(request.GET.get("tahun"), years)
    context = {"unit": unit, "year": year, "rows": quarter_rows(unit, year)}
    context["year_form"] = YearForm(initial={"tahun": year}, years=years)
    return render(request, "surveys/overview.html", context)


@unit_view("GET", "POST")
def survey_periods(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    managed_unit(request.user, unit)
    bound = PeriodForm.bound(request.POST) if request.method == "POST" else None
    if bound is not None and _period_submit(request, bound, unit, year):
        return redirect("survey_periods", slug=unit.slug, year=year)
    rows = period_forms(quarter_rows(unit, year), bound)
    stray = bound if bound is not None and bound.quarter_posted is None else None
    context = {"unit": unit, "year": year, "rows": rows, "stray": stray}
    return render(request, "surveys/periods.html", context, status=422 if bound else 200)


def _period_submit(request: HttpRequest, form: PeriodForm, unit: Unit, year: int) -> bool:
    if not form.is_valid():
        return False
    data, user = form.cleaned_data, request.user
    try:
        services.period_save(
            user=user,
            unit=unit,
            year=year,
            quarter=data["quarter"],
            population=data["population"],
            status=data["status"],
            seen=data["seen"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, f"Triwulan {data['quarter']} {year} disimpan.")
    return True


@unit_view("POST")
def survey_publish(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """Publish a quarter's results on /publik/ (aggregates only), or withdraw them."""
    managed_unit(request.user, unit)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tindakan publikasi tidak dikenal.")
        return redirect("survey_periods", slug=unit.slug, year=year)
    quarter, publish = form.cleaned_data["quarter"], bool(form.cleaned_data["publish"])
    period = survey_period_of(unit, year, quarter)
    services.period_publish(user=request.user, period=period, published=publish)
    done = "dipublikasikan" if publish else "ditarik dari halaman publik"
    messages.success(request, f"Hasil triwulan {quarter} {year} {done}.")
    return redirect("survey_periods", slug=unit.slug, year=year)
