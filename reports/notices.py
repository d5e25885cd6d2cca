"""Notices: messages for a user inside the portal (the monthly reminder, later others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from .models import Notice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def notices_of(user: AbstractBaseUser, *, limit: int = 50) -> list[Notice]:
    return list(Notice.objects.filter(user=user)[:limit])


def unread_notices(user: AbstractBaseUser) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read_at__isnull=True)


def notices_mark_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notice of the user as read; how many were unread."""
    return unread_notices(user).update(read_at=timezone.now())
