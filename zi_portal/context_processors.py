from typing import Any

from django.http import HttpRequest

from areas.models import Unit, WorkPlan

from .access import user_roles
from .months import today


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The user's roles and home unit, for a navigation that shows what each role may do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": set()}
    roles = user_roles(user)
    unit: Unit | None = roles[0].unit if roles else None
    if unit is None and user.is_superuser:
        unit = Unit.objects.filter(parent=None).order_by("order").first()
    year = None
    if unit is not None:
        years = list(WorkPlan.objects.filter(unit=unit).values_list("year", flat=True))
        year = today().year if today().year in years else max(years, default=None)
    return {"nav_roles": {r.role for r in roles}, "nav_unit": unit, "nav_year": year}
