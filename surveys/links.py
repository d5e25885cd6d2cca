"""The public addresses of the surveys: a desk's link (its QR poster) and a one-time
code's link (its printed slip). The answering pages are routed by ``surveys.urls_public``;
until a name is routed the path is built from the documented pattern, so a page that
shows a link never fails for want of it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from common.links import absolute_url, portal_base_url

DESK_URL = "survey_desk"  # /survei/<token>/
CODE_URL = "survey_code"  # /survei/kode/<code>/


def _path(name: str, arg: str, fallback: str) -> str:
    try:
        return reverse(name, args=[arg])
    except NoReverseMatch:
        return fallback


def desk_path(token: str) -> str:
    """ "/survei/K7P2QM9XRT/": where a desk's QR poster leads."""
    return _path(DESK_URL, token, f"/survei/{token}/")


def code_path(code: str) -> str:
    """ "/survei/kode/K7P2QM9XRT/": where a printed slip's QR code leads."""
    return _path(CODE_URL, code, f"/survei/kode/{code}/")


def public_url(path: str, request: HttpRequest | None = None) -> str:
    """The path as a full address (the request's host, else the portal's base URL)."""
    return absolute_url(path, base=portal_base_url(request))
