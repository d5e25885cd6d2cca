"""Indonesian by default, English available."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_indonesian_is_the_default_and_english_can_be_chosen(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    url = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
    body = client.get(url).content.decode()
    assert 'lang="id"' in body
    assert ">Dasbor<" in body and ">Progres Bulanan<" in body
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert 'lang="en"' in body
    assert ">Dashboard<" in body and ">Monthly progress<" in body and "Log out" in body


def test_model_labels_are_translated_in_the_admin(client: Client, people: dict) -> None:
    client.force_login(people["admin"])
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    body = client.get(reverse("admin:index")).content.decode()
    assert "Work plan" in body and "Month lock" in body and "Evidence" in body


def test_a_browser_asking_for_english_still_gets_indonesian_until_the_user_chooses(
    client: Client, people: dict
) -> None:
    client.force_login(people["ketua"])
    url = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in body and ">Dasbor<" in body
