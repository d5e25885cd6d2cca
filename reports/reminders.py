"""The monthly reminder: coordinators with missing entries for the month just ended."""

from __future__ import annotations

import datetime
import functools
import logging
from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from access.models import RoleAssignment
from areas.models import MonthlyTarget
from common.dates import today
from common.formatting import month_name
from common.links import absolute_url
from targets.models import ProgressEntry

from .models import Notice

log = logging.getLogger(__name__)


def previous_month(on: datetime.date) -> tuple[int, int]:
    return (on.year, on.month - 1) if on.month > 1 else (on.year - 1, 12)


def _mail_send(*, subject: str, message: str, recipient: str) -> None:
    """One reminder e-mail, sent after the notices were committed. A failure is logged, not
    raised: the notices are stored, and the other coordinators still get their e-mails."""
    try:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
    except Exception:
        log.exception("Reminder e-mail to %s could not be sent", recipient)


@transaction.atomic
def reminders_send(*, on: datetime.date | None = None) -> int:
    """Email and notify each coordinator once per month; returns how many were reminded.

    The notices are written in the transaction; the e-mails go out only once it commits
    (transaction.on_commit), so a rolled-back run sends nothing and a slow mail server does
    not hold the transaction open."""
    year, month = previous_month(on or today())
    missing = (
        MonthlyTarget.objects.filter(
            component__plan__year=year, month=month, component__area__isnull=False
        )
        .annotate(
            entered=Exists(
                ProgressEntry.objects.filter(component_id=OuterRef("component_id"), month=month)
            )
        )
        .filter(entered=False)
        .values_list(
            "component__plan__unit_id",
            "component__plan__unit__slug",
            "component__area__code",
            "component__name",
        )
    )
    by_unit_area: dict[tuple[int, str], list[str]] = defaultdict(list)
    slugs: dict[int, str] = {}
    for unit_id, slug, code, name in missing:
        by_unit_area[(unit_id, code)].append(name)
        slugs[unit_id] = slug
    if not by_unit_area:
        return 0
    per_user: dict[object, list[tuple[int, str]]] = defaultdict(list)
    roles = RoleAssignment.objects.filter(
        unit_id__in={u for u, _ in by_unit_area}, role=RoleAssignment.Role.KOORDINATOR
    ).select_related("user", "unit")
    for role in roles:
        for code in role.area_codes:
            for name in by_unit_area.get((role.unit_id, code), []):
                per_user[role.user].append((role.unit_id, name))
    period = f"{month_name(month)} {year}"
    reminded = 0
    for user, items in per_user.items():
        unit_id = items[0][0]
        link = f"{reverse('progress_month', args=[slugs[unit_id]])}?tahun={year}&bulan={month}"
        text = (
            f"Progres {period} belum diisi untuk: "
            + ", ".join(sorted({name for _, name in items}))
            + "."
        )
        if Notice.objects.filter(user=user, link=link).exists():
            continue
        Notice.objects.create(user=user, text=text, link=link)
        if user.email:
            transaction.on_commit(
                functools.partial(
                    _mail_send,
                    subject=f"[ZI Portal] Progres {period} belum lengkap",
                    message=f"Yth. {user.get_full_name() or user.get_username()},\n\n{text}\n\nIsi di: {absolute_url(link)}\n",
                    recipient=user.email,
                )
            )
        reminded += 1
    return reminded
