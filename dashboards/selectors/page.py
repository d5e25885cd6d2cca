"""The unit dashboard's body (everything below the page header: figures, LKE and survey
panels, areas, S-curves, heat map, lists, activity) as HTML, cached.

The body does not depend on who reads it except through ``can.read_lke`` (the LKE links),
so it is rendered once per key and kept in the Django cache (Redis; locmem for
``make run``). The key holds everything the body depends on: the unit (id and slug), the
plan, the view (live or the month chosen), today's date (a live view changes at midnight),
the language, the viewer's ``read_lke`` flag, and the unit's **data stamp**
(``rollups.stamps``: bumped in the transaction of every write that changes the dashboard).
The stamp is read first: under READ COMMITTED the figures read after it are at least as
new as it, so a body stored under a stamp never predates that stamp's write.

What no stamp follows (a user's or unit's name edited in the admin, writes around the
services) is at most ``DASHBOARD_CACHE_SECONDS`` (60 s) late: docs/performance.md,
"Dashboard at 553 units (issue 21)", its last part "The body cached".
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from access.flags import Can
from areas.models import WorkPlan
from common.dates import today
from common.formatting import month_name
from dashboards import charts
from dashboards.figures import STATE_LABELS
from dashboards.selectors import unit_dashboard
from dashboards.selectors.lke import dashboard_panels
from rollups.stamps import unit_version

TEMPLATE = "dashboards/_dashboard_body.html"
KEY_VERSION = 1  # raise when the body's template or figures change shape


def body_key(plan: WorkPlan, *, month: int | None, can: Can, version: int) -> str:
    """The cache key of one body: every input it depends on."""
    view = f"m{month}" if month else "live"
    flags = f"lke{int(bool(can.read_lke))}"
    lang = translation.get_language() or settings.LANGUAGE_CODE
    unit = plan.unit
    return (
        f"dasbor:{KEY_VERSION}:{unit.pk}:{unit.slug}:{plan.pk}:{plan.year}:{view}:"
        f"{today().isoformat()}:{lang}:{flags}:s{version}"
    )


def dashboard_body(plan: WorkPlan, *, month: int | None, can: Can) -> SafeString:
    """The body's HTML: from the cache on a hit (the stamp's one query), else computed,
    rendered and stored. ``DASHBOARD_CACHE_SECONDS = 0`` turns the cache off."""
    lifetime = settings.DASHBOARD_CACHE_SECONDS
    if lifetime <= 0:
        return mark_safe(render_to_string(TEMPLATE, body_context(plan, month=month, can=can)))  # noqa: S308
    version = unit_version(plan.unit_id)  # first: see the module's docstring
    key = body_key(plan, month=month, can=can, version=version)
    found = cache.get(key)
    if found is not None:
        return mark_safe(found)  # noqa: S308 (rendered by our template)
    html = render_to_string(TEMPLATE, body_context(plan, month=month, can=can))
    cache.set(key, str(html), lifetime)
    return mark_safe(html)  # noqa: S308 (rendered by our template)


def body_context(plan: WorkPlan, *, month: int | None, can: Can) -> dict[str, object]:
    """What the body's template reads (and nothing of the request)."""
    unit, year = plan.unit, plan.year
    figures = unit_dashboard(plan, as_of=month)
    area_charts = [(area, charts.area_curve_svg(area)) for area in figures.areas]
    lke, evaluation, surveys = dashboard_panels(unit, year, plan_actions=figures.actions)
    months = [(m, month_name(m)) for m in range(1, 13)]
    context: dict[str, object] = {"unit": unit, "plan": plan, "year": year, "d": figures}
    context |= {"area_charts": area_charts, "months": months, "month": month, "can": can}
    context |= {"state_labels": STATE_LABELS}
    context |= {"lke": lke, "evaluation": evaluation, "surveys": surveys}
    return context
