"""What the public answering tests share: the current quarter, a desk made through the
service, and a phone's POST of a questionnaire page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.dates import quarter_of, today
from surveys.models import AccessCode, Desk, Service, SurveyPeriod
from surveys.services import codes_issue, desk_save, service_save
from surveys.throttle import link_answer_key
from tests.factories import user_with_role
from tests.survey_support import SKM_CODES, period_make

ALL_FOURS: dict[str, str] = dict.fromkeys(SKM_CODES, "4")
SPAK_CODES = ("A1", "A2", "A3", "A4", "A5")
FORM = "application/x-www-form-urlencoded"


@dataclass
class Office:
    """A unit's open quarter with two services, an open-link desk and a code desk."""

    unit: Unit
    period: SurveyPeriod
    service: Service
    other_service: Service
    open_desk: Desk
    code_desk: Desk
    sekretariat: object

    def codes(self, count: int = 1, kind: str = "skm") -> list[AccessCode]:
        return codes_issue(
            user=self.sekretariat, period=self.period, kind=kind, count=count, desk=self.code_desk
        )


def office_make(unit: Unit, sekretariat: object | None = None) -> Office:
    sekretariat = sekretariat or user_with_role("sekre-survei", unit, "sekretariat")
    now = today()
    period = period_make(unit, now.year, quarter_of(now.month))
    service = service_save(user=sekretariat, unit=unit, name="Informasi publik", order=1)
    other = service_save(user=sekretariat, unit=unit, name="Pengaduan", order=2)
    open_desk = desk_save(
        user=sekretariat,
        unit=unit,
        name="Loket Informasi",
        kinds=["skm"],
        open_link=True,
        service=service,
    )
    code_desk = desk_save(
        user=sekretariat, unit=unit, name="Loket Pengaduan", kinds=["skm", "spak"]
    )
    return Office(unit, period, service, other, open_desk, code_desk, sekretariat)


def desk_url(desk: Desk, kind: str = "skm") -> str:
    return reverse("survey_desk_kind", args=[desk.token, kind])


def answers(values: dict[str, str] | None = None, **profile: str) -> dict[str, str]:
    """A phone's POST: every SKM element 4 unless ``values`` says otherwise, and the profile
    fields given."""
    return {**ALL_FOURS, **(values or {}), **profile}


def forget_counts(*addresses: str) -> None:
    """The open link's hourly counts (in Redis, which outlives a test) start at zero."""
    for address in addresses or ("127.0.0.1",):
        cache.delete(link_answer_key(address))


def phone() -> Client:
    """An anonymous phone that sends its CSRF token as a browser does."""
    return Client(enforce_csrf_checks=True)


def send(client: Client, url: str, data: dict[str, str], **extra: str) -> object:
    """POST as a browser sends the survey's forms: url-encoded (the test client's default,
    multipart, would count as an anonymous upload: zi_portal/middleware.py)."""
    return client.post(url, urlencode(data), content_type=FORM, **extra)


def post_page(client: Client, url: str, data: dict[str, str]) -> object:
    """GET the page (its CSRF cookie and token), then POST ``data`` with the token."""
    page = client.get(url)
    token = page.context["csrf_token"] if page.context else client.cookies["csrftoken"].value
    return send(client, url, {**data, "csrfmiddlewaretoken": str(token)})
