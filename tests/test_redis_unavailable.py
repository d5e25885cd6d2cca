"""With Redis unreachable (cache and broker) every door answers with a clear Indonesian
message, never a bare 500: the anonymous upload limit refuses with a 503 and stores nothing,
pages and logged-in work that need no Redis go on, an export waits in the outbox, and a
Redis error anywhere else in a request is the same 503."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence
from reports.models import ReportJob
from tests.factories import PASSWORD, PDF_BYTES, upload

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def redis_down(settings) -> Iterator[None]:
    """The cache and the broker both point where nothing listens; restored afterwards."""
    from zi_portal.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    url = app.conf.broker_url
    app.conf.broker_url = NOWHERE
    app._pool = app.amqp._producer_pool = None
    yield
    app.conf.broker_url = url
    app._pool = app.amqp._producer_pool = None


def _pdf() -> object:
    return upload("x.pdf", PDF_BYTES + b"0" * 1024, "application/pdf")


def test_an_anonymous_upload_is_refused_with_a_503_that_says_why(
    people: dict, issue_rendered_decree, redis_down: None, private_root
) -> None:
    url = reverse("verify", args=[issue_rendered_decree(people["sekretariat"]).code])
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    response = client.post(url, {"file": _pdf()})
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.content.decode()
    assert "Unggahan belum dapat diterima" in body
    assert "Berkas Anda tidak disimpan." in body
    assert response["Retry-After"] == "60"
    # Reading the page needs no Redis.
    assert client.get(url).status_code == 200


def test_logged_in_work_and_the_login_lockout_need_no_redis(
    client: Client, people: dict, plan: WorkPlan, redis_down: None, settings
) -> None:
    settings.AXES_FAILURE_LIMIT = 2

    def log_in(password: str) -> HttpResponse:  # encoded as the login form is, no upload
        data = urlencode({"username": "k1", "password": password})
        return client.post(reverse("login"), data, content_type=FORM)

    assert log_in("salah").status_code == 200
    log_in("salah")
    assert log_in(PASSWORD).status_code == 429
    client.force_login(people["koordinator_own"])
    action = ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").first()
    url = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    assert client.post(url, {"files": [_pdf()]}).status_code == 302
    assert Evidence.objects.count() == 1


def test_an_export_waits_in_the_outbox(
    client: Client, people: dict, redis_down: None, django_capture_on_commit_callbacks
) -> None:
    client.force_login(people["sekretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("job_create", args=["kpu-kalbar"]),
            {"kind": "laporan", "year": "2025", "month": "3"},
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.waits_for_broker
    page = client.get(response["Location"]).content.decode()
    assert "Antrean pekerjaan sedang tidak tersedia" in page


FAILURE: list[Exception] = []


class RedisFailingMiddleware:
    """Stands for any later Redis use outside a view: raises what a test put in FAILURE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if FAILURE:
            raise FAILURE[0]
        return self.get_response(request)


def test_a_redis_error_anywhere_else_is_the_same_503_not_a_500(settings) -> None:
    chain = list(settings.MIDDLEWARE)
    chain.insert(chain.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                 f"{__name__}.RedisFailingMiddleware")  # fmt: skip
    settings.MIDDLEWARE = chain
    FAILURE[:] = [RedisConnectionError("Error 111 connecting to 127.0.0.1:1.")]
    try:
        response = Client(raise_request_exception=False).get(reverse("login"))
    finally:
        FAILURE.clear()
    assert response.status_code == 503
    assert "Layanan pendukung portal sedang tidak tersedia" in response.content.decode()
