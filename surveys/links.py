"""The public addresses of the surveys: a desk's link (its QR poster) and a one-time
code's link (its printed slip), routed by ``surveys.urls_public``. Pages show them under
the request's host; documents (the posters) under the portal's base URL."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from common.links import absolute_url, portal_base_url


def desk_path(token: str) -> str:
    """ "/survei/K7P2QM9XRT/": where a desk's QR poster leads."""
    return reverse("survey_desk", args=[token])


def code_path(code: str) -> str:
    """ "/survei/kode/K7P2QM9XRT/": where a printed slip's QR code leads."""
    return reverse("survey_code", args=[code])


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """The path as a full address (the request's host, else the portal's base URL)."""
    return absolute_url(path, base=portal_base_url(request))


def desk_url(token: str) -> str:
    """A desk's link as a poster prints it: the portal's base URL (no request)."""
    return absolute_url(desk_path(token))
