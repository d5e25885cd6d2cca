"""C5: 403, 404 and 500 answer in Indonesian in the portal's layout; a favicon is linked."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse

from areas.models import WorkPlan


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Hanya Sekretariat yang dapat mengunci bulan.")


def _missing(request: HttpRequest) -> HttpResponse:
    raise Http404("No WorkPlan matches the given query.")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("uji/403/", _forbidden),
    path("uji/404/", _missing),
    path("uji/500/", _broken),
    path("", include("zi_portal.urls")),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

NAVBAR = 'class="navbar-brand fw-semibold"'


def test_an_unknown_address_answers_404_in_indonesian_in_the_layout(client: Client) -> None:
    response = client.get("/tidak-ada/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in body and NAVBAR in body and 'lang="id"' in body
    assert "Not Found" not in body


def test_a_404_never_shows_djangos_english_message(client: Client) -> None:
    body = client.get("/uji/404/").content.decode()
    assert "Halaman tidak ditemukan" in body and "No WorkPlan matches" not in body


def test_a_refusal_answers_403_in_the_layout_with_its_reason(client: Client, people: dict) -> None:
    client.force_login(people["koordinator_own"])
    response = client.get("/uji/403/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in body and "Hanya Sekretariat" in body and NAVBAR in body
    assert "403 Forbidden" not in body


def test_a_real_refused_page_uses_it(client: Client, people: dict, plan: WorkPlan) -> None:
    client.force_login(people["koordinator_other_unit"])
    response = client.get(reverse("month_locks", args=["kpu-kalbar", 2025]))
    assert response.status_code in (403, 404)
    assert 'data-testid="error-page"' in response.content.decode()


def test_a_server_error_answers_500_in_indonesian_without_the_database(
    client: Client, django_assert_num_queries
) -> None:
    client.raise_request_exception = False
    response = client.get("/uji/500/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in body and 'lang="id"' in body
    assert "Server Error (500)" not in body
    # Django renders 500.html without a context: it must need neither context nor database.
    with django_assert_num_queries(0):
        standalone = loader.get_template("500.html").render()
    assert "ZI Portal" in standalone and "/static/css/error.css" in standalone
    assert "<style" not in standalone  # the CSP allows no inline style


def test_every_page_links_a_favicon_that_exists(client: Client) -> None:
    body = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in body
    assert finders.find("favicon.svg")
    assert 'rel="icon"' in loader.get_template("500.html").render()


def test_a_stale_form_answers_403_in_indonesian() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat diterima" in body and "CSRF verification failed" not in body
