"""The monthly reminder: coordinators with missing entries for the month just ended."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef

from access.models import RoleAssignment
from areas.models import MonthlyTarget
from common.dates import month_before, today
from common.formatting import month_name
from common.links import progress_url
from targets.models import ProgressEntry

from .models import Notice
from .notices import notices_send


@transaction.atomic
def reminders_send(*, on: datetime.date | None = None) -> int:
    """Email and notify each coordinator once per month; returns how many were reminded.

    The notices are written in the transaction and the e-mails go out once it commits
    (``reports.notices.notices_send``), so a rolled-back run sends nothing and a slow mail
    server does not hold the transaction open."""
    on = on or today()
    year, month = month_before(on.year, on.month)
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
        link = progress_url(slugs[items[0][0]], year, month)
        if Notice.objects.filter(user=user, link=link).exists():
            continue
        names = ", ".join(sorted({name for _, name in items}))
        reminded += notices_send(
            users=[user],
            text=f"Progres {period} belum diisi untuk: {names}.",
            link=link,
            subject=f"Progres {period} belum lengkap",
            prompt="Isi di",
        )
    return reminded
