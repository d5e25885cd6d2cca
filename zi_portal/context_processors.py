"""What every page's navigation needs: the user's home unit and year, the flags of
access.flags.Can for that unit (``nav``) and for the unit of the page (``can``, set by
access.loaders.unit_view), and the count of unread notices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from access import rules
from access.flags import Can, page_can
from access.models import Unit
from areas.loaders import plan_years
from common.dates import pick_year
from reports.notices import unread_notices


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "can": {}}
    roles = rules.user_roles(user)
    unit: Unit | None = roles[0].unit if roles else None
    if unit is None and user.is_superuser:
        unit = Unit.objects.filter(parent=None).order_by("order").first()
    years = plan_years(unit) if unit is not None else []
    return {
        "nav": Can(user, unit),
        "can": page_can(request),
        "nav_unit": unit,
        "nav_year": pick_year(None, years) if years else None,
        "unread_notices": unread_notices(user).count(),
    }
