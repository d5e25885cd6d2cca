"""Survey demo data for `make run`: services and a desk per unit, the 2025 quarters with
their populations and paper responses (through surveys.responses, as an import stores
them), some quarters published, and the current quarter open for the phone form."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model

from access.models import RoleAssignment, Unit
from common.dates import quarter_months, quarter_of, today
from surveys.choices import Education, Occupation, Sex, SurveyKind
from surveys.models import Response, SurveyPeriod
from surveys.responses import Profile, Submission, responses_create
from surveys.results import sample_required
from surveys.selectors import current_questionnaire, questionnaire_elements
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
            made += len(responses_create(unit=unit, kind=kind, submissions=submissions, user=user))
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
    now = today()
    period_save(user=user, unit=unit, year=now.year, quarter=quarter_of(now.month), population=None)
    return made


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
