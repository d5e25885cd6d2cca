"""Loading a unit for a view: 404 for what the user may not see."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from . import rules
from .flags import Can
from .models import Unit


def unit_for_user(user: rules.User, slug: str) -> Unit:
    unit = Unit.objects.select_related("parent").filter(slug=slug).first()
    if unit is None or not rules.can_read(user, unit):
        raise Http404("Satuan kerja tidak ditemukan.")
    return unit


UnitView = Callable[..., HttpResponse]


def unit_view(*methods: str) -> Callable[[UnitView], UnitView]:
    """A page of one unit: login required, only ``methods`` ("GET", "POST"), and the unit of
    the URL's slug loaded for the user (404 when unknown or not theirs), given to the view in
    place of the slug. The page's templates read that unit's flags as ``can``
    (access.flags.Can, put in the context by zi_portal.context_processors)."""

    def decorate(view: UnitView) -> UnitView:
        @login_required
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
            unit = unit_for_user(request.user, slug)
            request.unit_can = Can(request.user, unit)  # type: ignore[attr-defined]
            return view(request, unit, **kwargs)

        return wrapper

    return decorate
