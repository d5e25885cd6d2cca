"""The 500 handler (zi_portal.views.server_error): a database connection that drops outside
a view — in a middleware, while the session loads — still answers the reload-safe 503 in
Indonesian; any other error the standalone Indonesian 500 page."""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client

pytestmark = pytest.mark.django_db
FAILURE: list[Exception] = []


class FailingMiddleware:
    """Raises the exception a test put in FAILURE, before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if FAILURE:
            raise FAILURE[0]
        return self.get_response(request)


@pytest.fixture
def failing(settings: settings) -> Iterator[Callable[[Exception], Client]]:
    chain = list(settings.MIDDLEWARE)
    chain.insert(chain.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                 f"{__name__}.FailingMiddleware")  # fmt: skip
    settings.MIDDLEWARE = chain

    def fail_with(error: Exception) -> Client:
        FAILURE[:] = [error]
        return Client(raise_request_exception=False)

    yield fail_with
    FAILURE.clear()


def test_a_dropped_connection_in_a_middleware_answers_the_reload_safe_503(failing) -> None:
    client = failing(OperationalError("server closed the connection unexpectedly"))
    response = client.post("/satker/kpu-kalbar/progres/", {"x": "1"})
    body = response.content.decode()
    assert response.status_code == 503
    assert "mungkin sudah tersimpan, mungkin juga belum" in body
    assert "no-store" in response["Cache-Control"]


def test_any_other_error_in_a_middleware_answers_the_indonesian_500(failing) -> None:
    response = failing(RuntimeError("boom")).get("/publik/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in body and "Server Error (500)" not in body
