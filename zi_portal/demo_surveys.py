"""Survey demo data for `make run`: services and a desk per unit, the 2025 quarters with
their populations and paper responses (through surveys.responses, as an import stores
them), some quarters published, and the current quarter open for the phone form."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

from django.contrib.auth import get_user_model

from access.models import AreaCode, RoleAssignment, Unit
from areas.models import ActionItem
from common.dates import quarter_months, quarter_of, today
from surveys.choices import CommentStatus, Education, FollowUpStatus, Occupation, Sex, SurveyKind
from surveys.comments import comment_moderate
from surveys.follow_ups import follow_up_save
from surveys.models import Response, SurveyPeriod
from surveys.responses import Profile, Submission, responses_create
from surveys.results import sample_required
from surveys.selectors import current_questionnaire, questionnaire_elements, survey_result
from surveys.services import desk_save, period_publish, period_save, service_save

SERVICES = ("Layanan informasi publik", "Layanan data pemilih", "Layanan pengaduan")
DEMO_YEAR = 2025


def demo_surveys(unit: Unit, *, good: float) -> int:
    """The unit's survey year (only when it has no responses yet); ``good`` (0…1) tilts
    its answers toward 3 and 4. Returns the number of responses made."""
    if Response.objects.filter(period__unit=unit).exists():
        return 0
    user = _sekretariat(unit)
    services = [
        service_save(user=user, unit=unit, name=name, order=i)
        for i, name in enumerate(SERVICES, start=1)
    ]
    desk_save(
        user=user,
        unit=unit,
        name="Loket PPID",
        kinds=list(SurveyKind.values),
        open_link=unit.parent_id is None,
        service=services[0],
    )
    rng = random.Random(f"zi-demo-survei:{unit.slug}")  # noqa: S311 - demo data
    made = 0
    low, high = (100, 160) if unit.parent_id is None else (20, 40)
    for quarter in range(1, 5):
        population = rng.randint(low, high)
        required = sample_required(population) or 0
        period = period_save(
            user=user, unit=unit, year=DEMO_YEAR, quarter=quarter, population=population
        )
        for kind in SurveyKind.values:
            elements = questionnaire_elements(current_questionnaire(unit, kind))
            count = round(required * rng.uniform(0.8, 1.15))  # most quarters reach it
            submissions = [
                _submission(rng, elements, services, quarter, good) for _ in range(count)
            ]
            if kind == SurveyKind.SKM:
                for submission, (text, _decision) in zip(submissions, COMMENTS, strict=False):
                    submission.profile = replace(submission.profile, comment=text)
            stored = responses_create(unit=unit, kind=kind, submissions=submissions, user=user)
            made += len(stored)
            if kind == SurveyKind.SKM:
                _moderate(stored, user)
        period_save(
            user=user,
            unit=unit,
            year=DEMO_YEAR,
            quarter=quarter,
            population=population,
            status=SurveyPeriod.Status.CLOSED,
        )
        if quarter <= 3:
            period_publish(user=user, period=period, published=True)
        _follow_up(unit, period, user, rng)
    now = today()
    period_save(user=user, unit=unit, year=now.year, quarter=quarter_of(now.month), population=None)
    return made


FOLLOW_UP_STATUS = {1: FollowUpStatus.DONE, 2: FollowUpStatus.DONE, 3: FollowUpStatus.IN_PROGRESS}
COMMENTS = (
    ("Petugas ramah dan cepat membantu.", CommentStatus.APPROVED),
    ("Ruang tunggu perlu kursi tambahan.", CommentStatus.APPROVED),
    ("Informasi persyaratan di laman web belum lengkap.", CommentStatus.PENDING),
)


def _follow_up(unit: Unit, period: SurveyPeriod, user: object, rng: random.Random) -> None:
    """A follow-up of the SKM's weakest element of the quarter, tied to an area VI action
    item of the unit's plan where it has one."""
    result = survey_result(
        units=[unit], kind=SurveyKind.SKM, year=period.year, quarter=period.quarter
    )
    weakest = result.weakest(1)
    if weakest:
        item = (
            ActionItem.objects.filter(
                area__plan__unit=unit,
                area__plan__year=period.year,
                area__code=AreaCode.PELAYANAN_PUBLIK,
            )
            .order_by("order")
            .first()
        )
        follow_up_save(
            user=user,
            period=period,
            kind=SurveyKind.SKM,
            element_code=weakest[0].code,
            action=f"Perbaikan unsur {weakest[0].label.lower()} berdasarkan hasil survei.",
            action_item=item,
            status=FOLLOW_UP_STATUS.get(period.quarter, FollowUpStatus.PLANNED),
        )


def _moderate(stored: list[Response], user: object) -> None:
    """The Sekretariat approves the demo comments meant for the public."""
    for response, (_text, decision) in zip(stored, COMMENTS, strict=False):
        if decision == CommentStatus.APPROVED:
            comment_moderate(user=user, response=response, decision=decision)


def _submission(
    rng: random.Random, elements: list, services: list, quarter: int, good: float
) -> Submission:
    month = rng.choice(quarter_months(quarter))
    values = {}
    for element in elements:
        weights = (1, 2, 9, 12) if rng.random() < good else (1, 4, 10, 5)
        values[element.code] = rng.choices((1, 2, 3, 4), weights=weights)[0]
    return Submission(
        values=values,
        service=rng.choice(services),
        service_date=datetime.date(DEMO_YEAR, month, rng.randint(1, 28)),
        profile=Profile(
            age=rng.randint(18, 70),
            sex=rng.choice(Sex.values),
            education=rng.choice(Education.values),
            occupation=rng.choice(Occupation.values),
        ),
    )


def _sekretariat(unit: Unit) -> object:
    """The unit's demo Sekretariat (the province's account), or the demo admin."""
    found = RoleAssignment.objects.filter(unit=unit, role=RoleAssignment.Role.SEKRETARIAT).first()
    if found is not None:
        return found.user
    return get_user_model().objects.get(username="admin")
