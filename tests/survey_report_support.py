"""A unit's survey quarter for the survey documents' tests: the worked example of
docs/surveys.md (five SKM respondents, IKM 84,86) with a respondent profile, comments in
every state, a follow-up linked to an action item of area VI, and two desks.

Responses, desks and services are made through the surveys' services. Comments are
approved, and follow-ups recorded, by writing their rows: the Sekretariat's pages for them
are another part of the survey work."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from access.models import Unit
from areas.models import ActionItem
from surveys.choices import CommentStatus, FollowUpStatus
from surveys.models import Desk, FollowUp, Response, SurveyPeriod
from surveys.responses import Profile, Submission, responses_create
from surveys.services import desk_save
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, period_make, service_make, values_of

DAY = datetime.date(2025, 5, 14)  # triwulan II
APPROVED = 'Antrean cepat <script>alert("x")</script> & ramah'
PENDING = "Petugas loket dua lambat sekali (menunggu persetujuan)"
REJECTED = "Komentar kasar yang ditolak Sekretariat"
FOLLOW_UP = "Menyusun SOP penanganan pengaduan dan kanal WhatsApp"
# The respondents' profile, in the order of WORKED_EXAMPLE: usia, jenis kelamin,
# pendidikan, pekerjaan, the first or second service, comment.
PROFILES: tuple[tuple[int | None, str, str, str, int, str], ...] = (
    (19, "L", "sma", "pelajar", 0, APPROVED),
    (25, "P", "s1", "swasta", 0, PENDING),
    (34, "P", "s1", "pns", 1, REJECTED),
    (47, "L", "diploma", "wirausaha", 1, ""),
    (None, "", "", "", 0, ""),
)


@dataclass
class SurveyData:
    period: SurveyPeriod
    responses: list[Response]
    follow_up: FollowUp
    action_item: ActionItem


def worked_quarter(unit: Unit, *, user: Any) -> SurveyData:
    """Triwulan II 2025 of ``unit`` (population 100: 80 required) with the worked example."""
    period = period_make(unit, 2025, 2, population=100)
    services = [service_make(unit, "Layanan informasi publik"), service_make(unit, "Legalisir")]
    submissions = [
        Submission(
            values=values_of(SKM_CODES, row),
            profile=Profile(age=age, sex=sex, education=edu, occupation=job, comment=comment),
            service=services[service],
            service_date=DAY,
        )
        for row, (age, sex, edu, job, service, comment) in zip(
            WORKED_EXAMPLE, PROFILES, strict=True
        )
    ]
    responses = responses_create(unit=unit, kind="skm", submissions=submissions, user=user)
    Response.objects.filter(comment=APPROVED).update(comment_status=CommentStatus.APPROVED)
    Response.objects.filter(comment=REJECTED).update(comment_status=CommentStatus.REJECTED)
    item = ActionItem.objects.filter(
        area__plan__unit=unit, area__plan__year=2025, area__number="VI"
    ).first()
    assert item is not None
    follow_up = FollowUp.objects.create(
        period=period,
        kind="skm",
        element_code="U8",
        action=FOLLOW_UP,
        action_item=item,
        status=FollowUpStatus.IN_PROGRESS,
        due_date=datetime.date(2025, 9, 30),
    )
    return SurveyData(period, responses, follow_up, item)


def desks_make(unit: Unit, *, user: Any) -> list[Desk]:
    """Two active desks (one with an open link, one that hands out codes) and an inactive
    one, which gets no poster."""
    return [
        desk_save(
            user=user, unit=unit, name="Loket 1 Informasi", kinds=["skm", "spkp"], open_link=True
        ),
        desk_save(user=user, unit=unit, name="Loket 2 Legalisir", kinds=["skm"]),
        desk_save(user=user, unit=unit, name="Loket lama", kinds=["skm"], is_active=False),
    ]
