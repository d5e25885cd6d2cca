"""Who may see and change what. Every view goes through one of these helpers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from areas.models import RoleAssignment, Unit

User = AbstractBaseUser | AnonymousUser


def user_roles(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_zi_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._zi_roles = cached  # type: ignore[union-attr]
    return cached


def visible_units(user: User) -> QuerySet[Unit]:
    """Units whose plan the user may read.

    A role on a unit reads that unit; the province's Ketua, Sekretariat and TPI also read
    its kab/kota units. Superusers read everything.
    """
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = user_roles(user)
    unit_ids = {r.unit_id for r in roles}
    parent_ids = {
        r.unit_id
        for r in roles
        if r.role != RoleAssignment.Role.KOORDINATOR and r.unit.kind == Unit.Kind.PROVINSI
    }
    return Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=parent_ids))
