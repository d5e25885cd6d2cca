import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from access import rules
from access.models import RoleAssignment, Unit
from areas.models import WorkPlan

from .middleware import database_unavailable, redis_unavailable


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: the national view for KPU RI's Ketua and TPI, the dashboard
    for Ketua, Sekretariat, TPI and admin, the monthly entry page for coordinators."""
    roles = rules.user_roles(request.user)
    if request.user.is_superuser and not roles:
        top = Unit.objects.filter(parent=None).order_by("order").first()
        if top is not None:
            return redirect("dashboard", slug=top.slug)
    for role in roles:
        if role.unit.is_pusat and rules.can_see_province(request.user, role.unit):
            return redirect("province", slug=role.unit.slug)  # KPU RI: the national view
        if role.role != RoleAssignment.Role.KOORDINATOR:
            return redirect("dashboard", slug=role.unit.slug)
    if roles:
        return redirect("progress_month", slug=roles[0].unit.slug)
    plans = (
        WorkPlan.objects.filter(unit__in=rules.visible_units(request.user))
        .select_related("unit")
        .order_by("unit__order", "-year")
    )
    return render(request, "home.html", {"plans": plans})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. A dropped database connection outside a view (a middleware, the
    session) still answers the reload-safe 503, and so does a Redis (cache, broker) that
    does not answer; anything else the standalone 500 page, which needs neither context
    nor database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request, error)
    if isinstance(error, RedisError | KombuOperationalError):
        return redis_unavailable(request, error)
    return HttpResponseServerError(loader.get_template("500.html").render())
