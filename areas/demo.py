"""Demo data for `make run`: copies of the plan for the kab/kota and demo accounts."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Area, RoleAssignment, Unit, WorkPlan
from .services import plan_copy

DEMO_PASSWORD = "zi-demo-2025"  # noqa: S105 - documented demo password, DEBUG only
PROVINCE_SLUG = "kpu-kalbar"


@dataclass
class DemoResult:
    plans_copied: int = 0
    users_created: list[str] = field(default_factory=list)


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
    return result
