"""The open link's limit: answers per client address and hour, counted in Redis (the
shared cache, so every gunicorn worker sees one count), as the anonymous upload limit is
(zi_portal/middleware.py). A code answers once on its own and is not counted: the desk of
one office hands codes to everyone behind one address.

A Redis that does not answer raises its error: the request ends in the portal's 503 (the
500 handler, ``zi_portal.views.server_error``) and nothing is stored, since the count is
taken before the response."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def link_answer_key(address: str | None) -> str:
    return f"zi:survey-answer:{address or 'unknown'}"


def link_answer_admit(*, address: str | None) -> bool:
    """Count one open-link answer of ``address`` in its hour; False once the hour's count
    is past ``SURVEY_ANSWERS_PER_HOUR`` (the answer is then refused)."""
    key = link_answer_key(address)
    try:
        count = cache.incr(key)
    except ValueError:  # the first answer of its hour: the hour starts now
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS) else cache.incr(key)
    return count <= settings.SURVEY_ANSWERS_PER_HOUR
