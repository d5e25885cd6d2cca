"""The user's notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .notices import notices_mark_read, notices_of


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
