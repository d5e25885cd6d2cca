"""Absolute links to the portal (QR codes, e-mails, notices): where the portal is served.

With a request, the request's own scheme and host (validated by ALLOWED_HOSTS); without
one (a worker rendering a PDF, a reminder sent by beat), ``settings.PORTAL_BASE_URL``, which
``make run`` sets from its HOST and PORT and which otherwise defaults to the PORT variable."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def portal_base_url(request: HttpRequest | None = None) -> str:
    """ "http://127.0.0.1:8010" — no trailing slash."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return str(settings.PORTAL_BASE_URL).rstrip("/")


def absolute_url(path: str, *, base: str | None = None) -> str:
    """The path (from reverse) under ``base`` or the portal's base URL."""
    return f"{(base or portal_base_url()).rstrip('/')}{path}"


def progress_url(slug: str, year: int, month: int) -> str:
    """The Progres Bulanan page of a unit at one month (the page, reminders, back links)."""
    return f"{reverse('progress_month', args=[slug])}?tahun={year}&bulan={month}"
