"""Pages that read across the plan to present it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from areas.models import ActionItem, AreaTarget, Unit, WorkPlan
from evidence.models import Evidence
from evidence.selectors import evidence_of_month
from reports.models import Notice
from targets.forms import ActionStatusForm, ProgressForm, entry_initial, status_initial
from targets.selectors import month_page
from targets.services import month_is_locked
from targets.views import plan_for
from zi_portal import access
from zi_portal.months import default_month, has_begun, month_name, today

from . import charts as charts_svg
from . import selectors


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


@login_required
@require_GET
def progress_month(request: HttpRequest, slug: str) -> HttpResponse:
    """Progres Bulanan: a unit's components and action items for one month."""
    unit = access.unit_for_user(request.user, slug)
    years = list(
        WorkPlan.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True)
    )
    year = _int(request.GET.get("tahun"), today().year)
    if year not in years and years:
        year = years[0]
    plan = plan_for(unit, year)
    month = _int(request.GET.get("bulan"), default_month(year))
    if not 1 <= month <= 12:
        month = default_month(year)

    codes = access.coordinated_codes(request.user, unit)
    # A coordinator sees their own areas; Ketua, Sekretariat, TPI and admin read all areas.
    sees_all = not codes or access.has_role(request.user, unit, *access.READER_ROLES)
    locked = month_is_locked(unit, year, month)
    begun = has_begun(year, month)
    editable = codes if (begun and not locked) else set()
    blocks = month_page(
        plan=plan,
        month=month,
        area_codes=None if sees_all else codes,
        editable_codes=editable,
        evidence_by_action=evidence_of_month(plan, month),
    )
    for block in blocks:
        for row in block.components:
            row.form = (
                ProgressForm(initial=entry_initial(row.entry), prefix=f"c{row.component.pk}")
                if row.editable
                else None
            )
        for row in block.actions:
            row.form = (
                ActionStatusForm(initial=status_initial(row.status), prefix=f"a{row.action.pk}")
                if row.editable
                else None
            )
    return render(
        request,
        "reports/progress_month.html",
        {
            "unit": unit,
            "plan": plan,
            "year": year,
            "years": years,
            "month": month,
            "month_name": month_name(month),
            "months": [(m, month_name(m)) for m in range(1, 13)],
            "units": access.visible_units(request.user).order_by("order"),
            "blocks": blocks,
            "locked": locked,
            "begun": begun,
        },
    )


def _year(request: HttpRequest, unit_years: list[int]) -> int:
    year = _int(request.GET.get("tahun"), today().year)
    if year not in unit_years and unit_years:
        year = unit_years[0] if today().year not in unit_years else today().year
    return year


def _plan_years(unit: Unit) -> list[int]:
    return list(WorkPlan.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True))


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The Ketua's dashboard of a unit and year."""
    unit = access.unit_for_user(request.user, slug)
    years = _plan_years(unit)
    year = _year(request, years)
    plan = plan_for(unit, year)
    figures = selectors.unit_dashboard(plan)
    charts = []
    for area in figures.areas:
        target_line, real_line = area.s_curve()
        charts.append(
            charts_svg.s_curve_svg(
                target_line, real_line, title=f"Area {area.area.number} – {area.area.name}"
            )
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "unit": unit,
            "plan": plan,
            "year": year,
            "years": years,
            "d": figures,
            "area_charts": list(zip(figures.areas, charts, strict=True)),
            "months": [(m, month_name(m)) for m in range(1, 13)],
            "state_labels": selectors.STATE_LABELS,
            "can_export": access.can_manage(request.user, unit),
            "is_province_ketua": unit.kind == Unit.Kind.PROVINSI
            and access.has_role(request.user, unit, access.Role.KETUA),
        },
    )


@login_required
@require_GET
def province(request: HttpRequest, slug: str) -> HttpResponse:
    """The province and its kab/kota side by side."""
    unit = access.unit_for_user(request.user, slug)
    if unit.kind != Unit.Kind.PROVINSI:
        raise Http404("Bukan satuan kerja provinsi.")
    access.require(
        access.has_role(request.user, unit, access.Role.KETUA),
        "Hanya Ketua provinsi yang dapat membuka tampilan provinsi.",
    )
    years = _plan_years(unit)
    year = _year(request, years)
    units = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).order_by("order", "name")
    rows = selectors.units_overview(units, year)
    order = request.GET.get("urut", "")
    sorters = {
        "capaian": lambda r: (r.achievement is None, -(r.achievement or 0)),
        "nama": lambda r: r.unit.short_name,
        "kosong": lambda r: -r.missing,
    }
    if order in sorters:
        rows.sort(key=sorters[order])
    chart = charts_svg.bar_chart_svg(
        [(r.unit.short_name, r.achievement) for r in rows], title=f"Capaian per satuan kerja {year}"
    )
    return render(
        request,
        "reports/province.html",
        {"unit": unit, "year": year, "years": years, "rows": rows, "chart": chart, "order": order},
    )


@login_required
@require_GET
def area_detail(request: HttpRequest, slug: str, year: int, code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    plan = plan_for(unit, year)
    figures = selectors.unit_dashboard(plan, activity_limit=0)
    area = next((a for a in figures.areas if a.area.code == code), None)
    if area is None:
        raise Http404("Area tidak ditemukan.")
    target_line, real_line = area.s_curve()
    chart = charts_svg.s_curve_svg(
        target_line, real_line, title=f"Area {area.area.number} – {area.area.name}"
    )
    accepted = set(
        Evidence.objects.filter(
            action__area=area.area, status=Evidence.Status.DITERIMA
        ).values_list("action_id", flat=True)
    )
    actions = list(area.area.actions.order_by("order"))
    return render(
        request,
        "reports/area.html",
        {
            "unit": unit,
            "plan": plan,
            "year": year,
            "a": area,
            "chart": chart,
            "months": [(m, month_name(m)) for m in range(1, 13)],
            "actions": actions,
            "accepted": accepted,
        },
    )


@login_required
@require_GET
def component_detail(request: HttpRequest, slug: str, year: int, component_id: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    component = access.component_for_user(request.user, unit, component_id)
    if component.plan.year != year or component.area is None:
        raise Http404
    targets = dict(component.targets.values_list("month", "percent"))
    entries = {e.month: e for e in component.entries.select_related("updated_by")}
    on = today()
    months = []
    for m in range(1, 13):
        entry = entries.get(m)
        state = selectors.cell_state(year, m, targets.get(m), entry.percent if entry else None, on)
        months.append(
            {
                "month": m,
                "name": month_name(m),
                "target": targets.get(m),
                "entry": entry,
                "state": state,
                "label": selectors.STATE_LABELS[state],
            }
        )
    actions = list(component.area.actions.order_by("order"))
    evidence = (
        Evidence.objects.filter(action__area=component.area)
        .select_related("action")
        .prefetch_related("versions__files", "reviews__reviewer")
        .order_by("action__order", "month")
    )
    return render(
        request,
        "reports/component.html",
        {
            "unit": unit,
            "year": year,
            "component": component,
            "months": months,
            "actions": actions,
            "evidence": evidence,
        },
    )


# Public pages (Keterbukaan Informasi Publik): no login, nothing internal.


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    plans = (
        WorkPlan.objects.filter(unit__is_public=True)
        .select_related("unit")
        .order_by("unit__order", "-year")
    )
    return render(request, "reports/public_index.html", {"plans": plans})


@require_GET
def public_plan(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = (
        WorkPlan.objects.filter(unit__slug=slug, unit__is_public=True, year=year)
        .select_related("unit")
        .first()
    )
    if plan is None:
        raise Http404("Rencana kerja tidak dipublikasikan.")
    areas = list(
        plan.areas.order_by("order").prefetch_related(
            Prefetch("targets", queryset=AreaTarget.objects.order_by("order")),
            Prefetch("actions", queryset=ActionItem.objects.order_by("order")),
        )
    )
    figures = {f.area.pk: f for f in selectors.area_achievements(plan)}
    chart = charts_svg.bar_chart_svg(
        [(f"{a.number}. {a.name}", figures[a.pk].achievement) for a in areas],
        title=f"Capaian per area {plan.year}",
    )
    return render(
        request,
        "reports/public_plan.html",
        {
            "plan": plan,
            "areas": [(a, figures[a.pk]) for a in areas],
            "chart": chart,
            "months": [month_name(m) for m in range(1, 13)],
        },
    )


@login_required
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    """The user's notices; opening the page marks them read."""
    items = list(Notice.objects.filter(user=request.user)[:50])
    Notice.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "notices.html", {"items": items})
