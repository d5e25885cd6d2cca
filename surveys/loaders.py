"""Loading survey objects for a view: 404 for what does not exist.

The public pages (``surveys/public_views.py``) need no login: a desk is found by the token
of its QR link, and whether it takes answers is the service's to say
(``surveys.responses.desk_check``), so that an inactive desk is told in words, not a 404."""

from __future__ import annotations

from django.http import Http404

from .models import Desk


def desk_for_link(token: str, kind: str | None = None) -> Desk:
    """The desk of a QR link with its unit; 404 when no desk has the
    token or (``kind`` given) the desk does not offer that survey."""
    found = Desk.objects.select_related("unit").filter(token=token).order_by()[:1]
    desk = next(iter(found), None)
    if desk is None or (kind is not None and kind not in desk.kinds):
        raise Http404("Tautan survei tidak dikenal.")
    return desk
