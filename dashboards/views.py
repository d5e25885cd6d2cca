"""The read pages: a unit's dashboard, the overview of a unit and the units below it, drill-downs, public pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access import rules
from access.loaders import unit_view
from access.models import Unit
from access.tree import unit_tree
from areas.loaders import component_for_user, plan_for, plan_of_request
from areas.models import WorkPlan
from common.dates import pick_year
from common.formatting import month_name
from dashboards.selectors import details
from dashboards.selectors import surveys as survey_figures
from dashboards.selectors.lke import with_lke
from dashboards.selectors.page import dashboard_body
from dashboards.selectors.tree import subtree_overview, subtree_years

from . import charts, selectors


@unit_view("GET")
def dashboard(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The Ketua's dashboard of a unit and year."""
    plan, years = plan_of_request(unit, request.GET.get("tahun"))
    year = plan.year
    month = selectors.chosen_month(year, request.GET.get("bulan"))
    view, on = selectors.view_and_day(year, as_of=month)
    body = dashboard_body(plan, month=month, can=request.unit_can)  # type: ignore[attr-defined]
    context = {"unit": unit, "plan": plan, "year": year, "years": years, "body": body}
    context |= {"months": _months(), "month": month, "view": view, "on": on}
    return render(request, "dashboards/dashboard.html", context)


@unit_view("GET")
def province(request: HttpRequest, unit: Unit) -> HttpResponse:
    """A unit beside the units directly below it (KPU RI: its provinces; a province: its
    kab/kota), each with its own figures and its subtree's, with links one level down."""
    if not unit.has_units_below:
        raise Http404("Satuan kerja ini tidak memiliki satuan kerja di bawahnya.")
    rules.ensure_can_see_province(request.user, unit)
    year = pick_year(request.GET.get("tahun"), years := subtree_years(unit))
    order = request.GET.get("urut", "")
    overview = subtree_overview(unit, year, order=order)
    chart = charts.bar_chart_svg(
        [(r.unit.short_name, r.rollup.achievement) for r in overview],
        title=f"Capaian per satuan kerja {year}",
    )
    cells = survey_figures.with_surveys(with_lke([r.own for r in overview], year), year, unit)
    rows = [(r, lke, survey) for r, (_, lke, survey) in zip(overview, cells, strict=True)]
    up = unit.parent if unit.parent and rules.can_see_province(request.user, unit.parent) else None
    context = {"unit": unit, "year": year, "years": years, "rows": rows, "up": up}
    context |= {"chart": chart, "order": order}
    return render(request, "dashboards/province.html", context)


@unit_view("GET")
def area_detail(request: HttpRequest, unit: Unit, year: int, code: str) -> HttpResponse:
    plan = plan_for(unit, year)
    month = selectors.chosen_month(year, request.GET.get("bulan"))
    figures = selectors.unit_dashboard(plan, activity_limit=0, as_of=month)
    area = next((a for a in figures.areas if a.area.code == code), None)
    if area is None:
        raise Http404("Area tidak ditemukan.")
    context = {"unit": unit, "plan": plan, "year": year, "a": area, "months": _months()}
    context |= {"chart": charts.area_curve_svg(area), "month": month, "view": figures.view}
    context |= {"actions": list(area.area.actions.order_by("order"))}
    context |= {"accepted": details.accepted_actions(area.area, figures.view)}
    return render(request, "dashboards/area.html", context)


@unit_view("GET")
def component_detail(
    request: HttpRequest, unit: Unit, year: int, component_id: int
) -> HttpResponse:
    component = component_for_user(request.user, unit, component_id)
    if component.plan.year != year or component.area is None:
        raise Http404("Komponen tidak ditemukan pada rencana tahun ini.")
    month = selectors.chosen_month(year, request.GET.get("bulan"))
    view = selectors.view_of(year, on=None, as_of=month)
    context = {"unit": unit, "year": year, "component": component, "month": month, "view": view}
    context |= {"months": details.component_months(component, view)}
    context |= {"actions": list(component.area.actions.order_by("order"))}
    context |= {"evidence": details.area_evidence(component.area, view)}
    return render(request, "dashboards/component.html", context)


# Public pages (Keterbukaan Informasi Publik): no login, nothing internal.


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    plans = WorkPlan.objects.filter(unit__is_public=True).select_related("unit")
    positions = unit_tree().positions()  # KPU RI, each province, its kab/kota
    plans = sorted(plans, key=lambda p: (positions.get(p.unit_id, len(positions)), -p.year))
    surveys = survey_figures.public_survey_units()
    return render(request, "dashboards/public_index.html", {"plans": plans, "surveys": surveys})


@require_GET
def public_plan(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = details.public_plan_of(slug, year)
    if plan is None:
        raise Http404("Rencana kerja tidak dipublikasikan.")
    areas, chart = details.public_areas(plan)
    context = {"plan": plan, "areas": areas, "chart": chart}
    context["months"] = [month_name(m) for m in range(1, 13)]
    context["survey_periods"] = survey_figures.published_periods(plan.unit, year=plan.year)
    return render(request, "dashboards/public_plan.html", context)


@require_GET
def public_surveys(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's published survey quarters."""
    unit = survey_figures.public_unit_of(slug)
    if unit is None:
        raise Http404("Satuan kerja tidak dipublikasikan.")
    periods = survey_figures.published_periods(unit)
    return render(request, "dashboards/public_surveys.html", {"unit": unit, "periods": periods})


@require_GET
def public_survey_quarter(request: HttpRequest, slug: str, year: int, quarter: int) -> HttpResponse:
    """A published quarter's survey results: aggregates, approved comments, follow-ups."""
    page = survey_figures.public_quarter(slug, year, quarter)
    if page is None:
        raise Http404("Hasil survei triwulan ini tidak dipublikasikan.")
    return render(request, "dashboards/public_survey_quarter.html", {"page": page})


def _months() -> list[tuple[int, str]]:
    return [(m, month_name(m)) for m in range(1, 13)]
