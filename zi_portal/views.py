from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from areas.models import WorkPlan

from .access import visible_units


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = (
        WorkPlan.objects.filter(unit__in=visible_units(request.user))
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
