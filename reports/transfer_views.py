from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zi_portal import access


@login_required
def transfer_home(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    access.require(access.can_manage(request.user, unit), "Hanya Sekretariat dan admin.")
    return render(request, "reports/transfer/home.html", {"unit": unit})
