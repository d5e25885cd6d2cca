"""The user's notices; the public download of an issued decree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from areas.models import WorkPlan
from common.storage import download_response

from .notices import notices_mark_read, notices_of
from .public import public_decree


@login_required
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    """The user's notices, unread ones highlighted; reading marks nothing (a GET is safe)."""
    return render(request, "notices.html", {"items": notices_of(request.user)})


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    count = notices_mark_read(user=request.user)
    if count:
        messages.success(request, f"{count} pemberitahuan ditandai sudah dibaca.")
    return redirect("notices")


@require_GET
def public_decree_download(request: HttpRequest, slug: str, year: int) -> FileResponse:
    """Public: the newest issued decree of a published plan, as signed."""
    plan = get_object_or_404(WorkPlan.objects.select_related("unit"), unit__slug=slug, year=year)
    job = public_decree(plan)
    if job is None:
        raise Http404("Keputusan belum diterbitkan untuk umum.")
    name = f"keputusan-{slug}-{year}-v{job.version}.pdf"
    return download_response(
        job.output, filename=name, content_type="application/pdf", private=False
    )
