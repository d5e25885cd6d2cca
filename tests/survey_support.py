"""Survey data for tests: a quarter, services, desks, codes and responses made through the
services (surveys/responses.py), never by writing rows around the rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from access.models import Unit
from surveys.models import AccessCode, Response, Service, SurveyPeriod
from surveys.responses import Profile, Submission, response_submit, responses_create

# The worked example of docs/surveys.md: five SKM respondents, U1–U9, one blank (U8 of the
# fifth, a paper sheet). NRR U1 3,6 · U2 3,4 · U3 2,8 · U4 4,0 · U5 3,4 · U6 3,6 · U7 3,8 ·
# U8 2,75 · U9 3,2; Σ 30,55; index 30,55 ÷ 9 = 3,39444…; IKM 84,86 (B). Rounding every
# weighted NRR to two decimals first would give 3,40 and 85,00.
WORKED_EXAMPLE: tuple[tuple[int | None, ...], ...] = (
    (4, 4, 3, 4, 3, 4, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 4, 2, 3),
    (4, 3, 2, 4, 4, 4, 4, 3, 4),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),
    (4, 4, 3, 4, 4, 4, 4, None, 3),
)
SKM_CODES = tuple(f"U{i}" for i in range(1, 10))


def period_make(
    unit: Unit, year: int, quarter: int, *, population: int | None = 100, open_: bool = True
) -> SurveyPeriod:
    return SurveyPeriod.objects.create(
        unit=unit,
        year=year,
        quarter=quarter,
        population=population,
        status=SurveyPeriod.Status.OPEN if open_ else SurveyPeriod.Status.CLOSED,
    )


def service_make(unit: Unit, name: str = "Layanan informasi publik") -> Service:
    return Service.objects.get_or_create(unit=unit, name=name)[0]


def values_of(codes: Sequence[str], row: Sequence[int | None]) -> dict[str, object]:
    return {code: ("" if value is None else value) for code, value in zip(codes, row, strict=True)}


def paper_responses(
    unit: Unit,
    kind: str,
    rows: Sequence[Sequence[int | None]],
    codes: Sequence[str],
    *,
    day: datetime.date,
    user: object = None,
    service: Service | None = None,
) -> list[Response]:
    """Rows stored as an import would (blanks allowed); the period of ``day`` must be open."""
    return responses_create(
        unit=unit,
        kind=kind,
        submissions=[
            Submission(values=values_of(codes, row), service=service, service_date=day)
            for row in rows
        ],
        user=user,
    )


def phone_response(
    unit: Unit,
    kind: str,
    values: dict[str, object],
    *,
    code: AccessCode | None = None,
    comment: str = "",
) -> Response:
    return response_submit(
        unit=unit,
        kind=kind,
        submission=Submission(values=values, profile=Profile(comment=comment)),
        channel=Response.Channel.CODE if code else Response.Channel.LINK,
        code=code.code if code else "",
    )
