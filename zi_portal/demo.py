"""Demo data for `make run`: copies of the plan for the kab/kota and demo accounts."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from access.models import RoleAssignment, Unit
from areas.models import Area, Component, MonthlyTarget, WorkPlan
from areas.services import plan_copy
from common.dates import today
from common.formatting import month_name
from targets.models import ProgressEntry

DEMO_PASSWORD = "zi-demo-2025"  # noqa: S105 - documented demo password, DEBUG only
PROVINCE_SLUG = "kpu-kalbar"


@dataclass
class DemoResult:
    plans_copied: int = 0
    users_created: list[str] = field(default_factory=list)
    entries_created: int = 0


@transaction.atomic
def demo_seed() -> DemoResult:
    result = DemoResult()
    province = Unit.objects.get(slug=PROVINCE_SLUG)
    for plan in WorkPlan.objects.filter(unit=province):
        for child in province.children.all():
            if not WorkPlan.objects.filter(unit=child, year=plan.year).exists():
                plan_copy(source=plan, unit=child)
                result.plans_copied += 1

    accounts: list[tuple[str, str | None, list[str]]] = [
        ("ketua", RoleAssignment.Role.KETUA, []),
        ("sekretariat", RoleAssignment.Role.SEKRETARIAT, []),
        ("tpi", RoleAssignment.Role.TPI, []),
    ]
    accounts += [
        (f"koordinator{i}", RoleAssignment.Role.KOORDINATOR, [code])
        for i, code in enumerate(Area.Code.values, start=1)
    ]
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", DEMO_PASSWORD)
        result.users_created.append("admin")
    for username, role, codes in accounts:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            result.users_created.append(username)
        RoleAssignment.objects.get_or_create(
            user=user, unit=province, role=role, defaults={"area_codes": codes}
        )
    result.entries_created = demo_progress(province)
    return result


def demo_progress(unit: Unit) -> int:
    """A plausible year of monthly entries for the demo dashboard (only where none exist):
    most months on target, some behind, a few left empty."""
    created = 0
    coordinators = {
        code: user
        for user, codes in RoleAssignment.objects.filter(unit=unit, role="koordinator")
        .select_related("user")
        .values_list("user", "area_codes")
        for code in codes
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=coordinators.values())}
    for plan in WorkPlan.objects.filter(unit=unit):
        if ProgressEntry.objects.filter(component__plan=plan).exists():
            continue
        last = 12 if plan.year < today().year else today().month - 1
        targets = {
            (t.component_id, t.month): t.percent
            for t in MonthlyTarget.objects.filter(component__plan=plan)
        }
        entries = []
        for c in Component.objects.filter(plan=plan, area__isnull=False).select_related("area"):
            user = users.get(coordinators.get(c.area.code))
            for month in range(1, last + 1):
                target = targets.get((c.pk, month))
                if target is None or (c.pk * 7 + month * 3) % 11 == 0:
                    continue  # a month without target, or one the coordinator missed
                shortfall = (c.pk * 13 + month * 5) % 9
                percent = max(target - shortfall * 5, 0) if shortfall > 5 else target
                entry = ProgressEntry(
                    component=c,
                    month=month,
                    percent=percent,
                    updated_by=user,
                    activities=f"Pelaksanaan {c.name.lower()} bulan {month_name(month)}.",
                )
                entry._history_user = user
                entries.append(entry)
        # With their history rows: the first edit's "Sebelumnya" shows the seeded value.
        bulk_create_with_history(entries, ProgressEntry)
        created += len(entries)
    return created
