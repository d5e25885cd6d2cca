"""Loading a unit for a view: 404 for what the user may not see."""

from __future__ import annotations

from django.http import Http404

from . import rules
from .models import Unit


def unit_for_user(user: rules.User, slug: str) -> Unit:
    unit = Unit.objects.select_related("parent").filter(slug=slug).first()
    if unit is None or not rules.can_read(user, unit):
        raise Http404("Satuan kerja tidak ditemukan.")
    return unit
