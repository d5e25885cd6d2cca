"""Pages that read across the plan to present it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from areas.models import WorkPlan
from evidence.selectors import evidence_of_month
from targets.forms import ActionStatusForm, ProgressForm
from targets.selectors import month_page
from targets.services import month_is_locked
from targets.views import _entry_initial, _status_initial, plan_for
from zi_portal import access
from zi_portal.months import default_month, has_begun, month_name, today


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
                ProgressForm(initial=_entry_initial(row.entry), prefix=f"c{row.component.pk}")
                if row.editable
                else None
            )
        for row in block.actions:
            row.form = (
                ActionStatusForm(initial=_status_initial(row.status), prefix=f"a{row.action.pk}")
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
