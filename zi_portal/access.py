"""Who may see and change what. Every view and service goes through these helpers.

Rules:
- a role on a unit reads that unit; the province's Ketua also reads its kab/kota units;
- a koordinator changes progress, action-item status and evidence of their areas only;
- the Sekretariat locks and reopens months and manages the plan of its unit;
- the TPI reviews evidence of its unit;
- a superuser (admin) may do everything.

Helpers raise Http404 for what the user may not see (so ids of other units reveal nothing)
and PermissionDenied for what they may see but not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from areas.models import ActionItem, Area, Component, RoleAssignment, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

Role = RoleAssignment.Role
READER_ROLES = (Role.KETUA, Role.SEKRETARIAT, Role.TPI)


def user_roles(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per user object (i.e. per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_zi_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._zi_roles = cached  # type: ignore[union-attr]
    return cached


def visible_units(user: User) -> QuerySet[Unit]:
    """Units whose plan and figures the user may read."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = user_roles(user)
    unit_ids = {r.unit_id for r in roles}
    parent_ids = {
        r.unit_id for r in roles if r.role == Role.KETUA and r.unit.kind == Unit.Kind.PROVINSI
    }
    return Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=parent_ids))


def can_read(user: User, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for r in user_roles(user):
        if r.unit_id == unit.pk:
            return True
        if r.role == Role.KETUA and r.unit_id == unit.parent_id:
            return True
    return False


def has_role(user: User, unit: Unit, *roles: str) -> bool:
    """The user holds one of ``roles`` on ``unit`` itself (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(r.unit_id == unit.pk and r.role in roles for r in user_roles(user))


def coordinated_codes(user: User, unit: Unit) -> set[str]:
    """Area codes the user may enter progress and evidence for on this unit."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Area.Code.values)
    codes: set[str] = set()
    for r in user_roles(user):
        if r.unit_id == unit.pk and r.role == Role.KOORDINATOR:
            codes.update(r.area_codes)
    return codes


def can_enter(user: User, area: Area) -> bool:
    return area.code in coordinated_codes(user, area.plan.unit)


def can_lock(user: User, unit: Unit) -> bool:
    return has_role(user, unit, Role.SEKRETARIAT)


def can_review(user: User, unit: Unit) -> bool:
    return has_role(user, unit, Role.TPI)


def can_manage(user: User, unit: Unit) -> bool:
    return has_role(user, unit, Role.SEKRETARIAT)


# Access helpers for views: load with select_related, 404 when unseen, 403 when read-only.


def unit_for_user(user: User, slug: str) -> Unit:
    unit = Unit.objects.select_related("parent").filter(slug=slug).first()
    if unit is None or not can_read(user, unit):
        raise Http404("Satuan kerja tidak ditemukan.")
    return unit


def component_for_user(
    user: User, unit: Unit, component_id: int, *, write: bool = False
) -> Component:
    component = (
        Component.objects.select_related("area__plan__unit", "plan__unit")
        .filter(pk=component_id, plan__unit=unit)
        .first()
    )
    if component is None:
        raise Http404("Komponen tidak ditemukan.")
    if write and (component.area is None or not can_enter(user, component.area)):
        raise PermissionDenied("Anda bukan koordinator area ini.")
    return component


def action_for_user(user: User, unit: Unit, action_id: int, *, write: bool = False) -> ActionItem:
    action = (
        ActionItem.objects.select_related("area__plan__unit")
        .filter(pk=action_id, area__plan__unit=unit)
        .first()
    )
    if action is None:
        raise Http404("Rencana aksi tidak ditemukan.")
    if write and not can_enter(user, action.area):
        raise PermissionDenied("Anda bukan koordinator area ini.")
    return action


def require(allowed: bool, message: str = "Anda tidak berwenang melakukan ini.") -> None:
    if not allowed:
        raise PermissionDenied(message)
