"""Demo data for `make run`: copies of the plan for the kab/kota, demo accounts, a year of
entries, an LKE self-assessment and a survey year (zi_portal/demo_surveys.py) for every
unit, each at its own pace."""

import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from access.models import AreaCode, RoleAssignment, Unit
from areas.models import Area, Component, MonthlyTarget, WorkPlan
from areas.services import plan_copy
from common.dates import months_ended
from common.formatting import month_name
from lke.models import Answer, Question
from lke.services import assessment_start, question_area_codes, worksheet_current
from rollups.services import rollups_rebuild
from targets.models import ProgressEntry

from .demo_surveys import demo_surveys

DEMO_PASSWORD = "zi-demo-2025"  # noqa: S105 - documented demo password, DEBUG only
PROVINCE_SLUG = "kpu-kalbar"


@dataclass
class DemoResult:
    plans_copied: int = 0
    users_created: list[str] = field(default_factory=list)
    entries_created: int = 0
    answers_created: int = 0
    survey_responses: int = 0


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
    # KPU RI's Ketua reads every unit below it (the national view), once load_units has
    # loaded the national tree
    national = Unit.objects.filter(kind=Unit.Kind.PUSAT).first()
    if national is not None:
        user, created = User.objects.get_or_create(
            username="ketua-ri", defaults={"email": "ketua-ri@example.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            result.users_created.append("ketua-ri")
        RoleAssignment.objects.get_or_create(
            user=user, unit=national, role=RoleAssignment.Role.KETUA
        )
    for unit in [province, *province.children.order_by("order", "name")]:
        result.entries_created += demo_progress(unit)
        for year in WorkPlan.objects.filter(unit=unit).values_list("year", flat=True):
            result.answers_created += demo_lke(unit, year)
        result.survey_responses += demo_surveys(unit, good=pace_of(unit).on_target)
        # the demo writes its rows in bulk, past the services: its units' summaries anew
        rollups_rebuild(unit=unit)
    return result


@dataclass(frozen=True)
class Pace:
    """How a demo unit keeps up with its plan."""

    filled: float  # share of the months with a target that were entered
    on_target: float  # share of the entered months that met their target
    lag: int  # the latest months not entered yet


PROVINCE_PACE = Pace(filled=0.92, on_target=0.8, lag=0)


def pace_of(unit: Unit) -> Pace:
    """The province's fixed pace; the kab/kota spread from slow to quick in an order drawn
    from their slugs, so each has its own progress, the same on every run."""
    if unit.parent_id is None:
        return PROVINCE_PACE
    slugs = Unit.objects.filter(parent_id=unit.parent_id).values_list("slug", flat=True)
    ranked = sorted(slugs, key=lambda slug: hashlib.sha256(slug.encode()).hexdigest())
    step = ranked.index(unit.slug) / max(len(ranked) - 1, 1)  # 0 (slowest) … 1 (quickest)
    return Pace(
        filled=round(0.55 + 0.43 * step, 2),
        on_target=round(0.4 + 0.5 * step, 2),
        lag=round(2 * (1 - step)),
    )


def demo_progress(unit: Unit) -> int:
    """A plausible year of monthly entries for the demo (only where none exist): most months
    on target, some behind, a few left empty, at the unit's own pace."""
    created = 0
    coordinators = {
        code: user
        for user, codes in RoleAssignment.objects.filter(unit=unit, role="koordinator")
        .select_related("user")
        .values_list("user", "area_codes")
        for code in codes
    }
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=coordinators.values())}
    pace = pace_of(unit)
    for plan in WorkPlan.objects.filter(unit=unit):
        if ProgressEntry.objects.filter(component__plan=plan).exists():
            continue
        rng = random.Random(f"zi-demo:{unit.slug}:{plan.year}")  # noqa: S311 - demo data
        last = months_ended(plan.year) - pace.lag
        targets = {
            (t.component_id, t.month): t.percent
            for t in MonthlyTarget.objects.filter(component__plan=plan)
        }
        entries = []
        components = Component.objects.filter(plan=plan, area__isnull=False).select_related("area")
        for c in components.order_by("area__order", "order"):
            user = users.get(coordinators.get(c.area.code))
            for month in range(1, last + 1):
                target = targets.get((c.pk, month))
                if target is None or rng.random() > pace.filled:
                    continue  # a month without target, or one the coordinator missed
                percent = target
                if rng.random() > pace.on_target:
                    percent = max(target - Decimal(rng.choice([10, 20, 30, 40, 50])), Decimal(0))
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


def demo_lke(unit: Unit, year: int) -> int:
    """The unit's LKE self-assessment for a plan year, answered at its own pace (only when it
    has no answers yet). The province leaves area I (Manajemen Perubahan) to koordinator1."""
    if worksheet_current() is None:
        return 0
    assessment = assessment_start(unit=unit, year=year, user=None)
    if assessment.answers.exists():
        return 0
    rng = random.Random(f"zi-demo-lke:{unit.slug}:{year}")  # noqa: S311 - demo data
    good = pace_of(unit).on_target
    skipped = AreaCode.MANAJEMEN_PERUBAHAN if unit.parent_id is None else None
    codes = question_area_codes(assessment.worksheet)
    answers = []
    reference, previous_row = 0, 0
    for question in Question.objects.filter(worksheet=assessment.worksheet).order_by("excel_row"):
        if codes[question.pk] == skipped:
            continue
        answer = Answer(assessment=assessment, question=question, side="unit")
        if question.scheme:
            keys = [option["key"] for option in question.scheme]
            answer.choice = keys[0] if rng.random() < good else rng.choice(keys[1:])
        elif question.answer_type == Question.AnswerType.SURVEY:
            low, high = (3.2, 3.95) if rng.random() < good else (2.6, 3.4)
            answer.number = Decimal(str(round(rng.uniform(low, high), 2)))
        else:  # a count: the first of a run is its reference, the others part of it
            if question.excel_row != previous_row + 1:
                reference = rng.randint(4, 20)
                answer.number = Decimal(reference)
            else:
                answer.number = Decimal(rng.randint(round(reference * good), reference))
            previous_row = question.excel_row
        answers.append(answer)
    bulk_create_with_history(answers, Answer)
    return len(answers)
