"""The open link's limits (surveys/throttle.py): answers per client address and hour,
counted in Redis; past the limit a 429 in Indonesian and nothing stored; codes are not
counted; Redis down is the portal's 503 and nothing is stored; the honeypot stores nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Response
from surveys.throttle import WINDOW_SECONDS, link_answer_key
from tests.survey_public_support import Office, answers, desk_url, forget_counts, office_make, send

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def office(province: Unit, people: dict, settings: object) -> Office:
    settings.SURVEY_ANSWERS_PER_HOUR = 3
    forget_counts("127.0.0.1", "203.0.113.7", "203.0.113.8")
    return office_make(province, people["sekretariat"])


def test_past_the_hourly_limit_an_address_is_refused_with_a_429_and_nothing_stored(
    client: Client, office: Office
) -> None:
    url = desk_url(office.open_desk)
    for _ in range(3):
        assert send(client, url, answers()).status_code == 303
    response = send(client, url, answers({"U1": "1"}))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    body = response.content.decode()
    assert "Terlalu banyak jawaban dari alamat ini" in body
    assert "sudah ada 3 jawaban survei dalam satu jam terakhir" in body
    assert "Jawaban ini tidak disimpan." in body
    assert Response.objects.count() == 3
    assert not Response.objects.filter(answers__value=1).exists()
    redis = cache._cache.get_client(write=False)  # the hour runs from the first answer
    assert 0 < redis.ttl(cache.make_key(link_answer_key("127.0.0.1"))) <= WINDOW_SECONDS


def test_the_limit_is_per_client_address_behind_the_proxy(
    client: Client, office: Office, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    url = desk_url(office.open_desk)
    for _ in range(3):
        send(client, url, answers(), HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert send(client, url, answers(), HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert send(client, url, answers(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 303
    # what a client claims before the proxy's entry is not its address
    forged = "198.51.100.1, 203.0.113.7"
    assert send(client, url, answers(), HTTP_X_FORWARDED_FOR=forged).status_code == 429
    assert Response.objects.count() == 4


def test_refused_answers_do_not_use_the_allowance(client: Client, office: Office) -> None:
    url = desk_url(office.open_desk)
    incomplete = answers()
    incomplete.pop("U4")
    for _ in range(5):
        assert send(client, url, incomplete).status_code == 422
    for _ in range(3):
        assert send(client, url, answers()).status_code == 303


def test_codes_are_not_counted_an_office_behind_one_address_answers_on(
    client: Client, office: Office
) -> None:
    url = desk_url(office.open_desk)
    for _ in range(4):
        send(client, url, answers())
    assert send(client, url, answers()).status_code == 429
    for code in office.codes(5):
        response = send(client, reverse("survey_code", args=[code.code]), answers())
        assert response.status_code == 303
    assert Response.objects.filter(channel="kode").count() == 5


def test_the_honeypot_is_answered_as_a_success_counted_and_stores_nothing(
    client: Client, office: Office
) -> None:
    url = desk_url(office.open_desk)
    for _ in range(3):
        response = send(client, url, answers(website="https://promo.example"))
        assert response.status_code == 303
        assert response["Location"] == reverse("survey_thanks")
    assert send(client, url, answers(website="https://promo.example")).status_code == 429
    assert not Response.objects.exists()


@pytest.fixture
def redis_down(settings: object) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_with_redis_down_an_open_link_answer_is_the_portals_503_and_nothing_is_stored(
    office: Office, redis_down: None
) -> None:
    client = Client(raise_request_exception=False)
    url = desk_url(office.open_desk)
    assert client.get(url).status_code == 200  # the page needs no Redis
    response = send(client, url, answers())
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Layanan pendukung portal sedang tidak tersedia" in response.content.decode()
    assert not Response.objects.exists()
    # a code answers without the limit, so without Redis
    (code,) = office.codes()
    assert send(client, reverse("survey_code", args=[code.code]), answers()).status_code == 303
    assert Response.objects.count() == 1
