"""Log in/out, password change, and the lockout after repeated failures (django-axes)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_indonesian(client: Client) -> None:
    body = client.get(reverse("login")).content.decode()
    assert "Masuk ke ZI Portal" in body
    assert 'lang="id"' in body


def test_a_user_logs_in_and_out(client: Client, people: dict) -> None:
    response = client.post(reverse("login"), {"username": "k1", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"] == "/satker/kpu-kalbar/progres/"
    client.post(reverse("logout"))
    assert client.get(reverse("home"))["Location"].startswith("/akun/masuk/")


def test_a_wrong_password_says_so_in_indonesian(client: Client, people: dict) -> None:
    body = client.post(reverse("login"), {"username": "k1", "password": "salah"}).content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar." in body
    assert "nama pengguna nama pengguna" not in body


def test_repeated_failures_lock_the_account_with_a_message(
    client: Client, people: dict, settings
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "k1", "password": "salah"})
    response = client.post(reverse("login"), {"username": "k1", "password": PASSWORD})
    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_the_password_change_page(client: Client, people: dict) -> None:
    client.force_login(people["koordinator_own"])
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Zona-Integritas-99",
            "new_password2": "Zona-Integritas-99",
        },
    )
    assert response.status_code == 302
    people["koordinator_own"].refresh_from_db()
    assert people["koordinator_own"].check_password("Zona-Integritas-99")
