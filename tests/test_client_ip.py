"""The client's address behind a proxy: one trusted-proxy setting, one helper, read by the
anonymous upload limit and the login lockout alike; the limit counts only posts that pass
the CSRF check."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from common.client_ip import client_ip
from tests.factories import PASSWORD, PDF_BYTES, upload
from zi_portal.middleware import anon_upload_key

PROXY = "10.0.0.2"  # nginx, as gunicorn sees it
ALICE, BOB, MALLORY = "203.0.113.10", "203.0.113.20", "198.51.100.66"


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    for address in (PROXY, ALICE, BOB, MALLORY, "127.0.0.1"):
        cache.delete(anon_upload_key(address))


def _request(forwarded: str | None = None, remote: str = PROXY) -> object:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_never_read(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(f"{ALICE}")) == PROXY
    assert client_ip(_request(f"{MALLORY}, {ALICE}")) == PROXY


def test_with_one_trusted_proxy_the_entry_it_appended_is_the_client(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(ALICE)) == ALICE
    # What the client wrote before nginx's entry is its own claim.
    assert client_ip(_request(f"{MALLORY}, {ALICE}")) == ALICE
    assert client_ip(_request(f"{ALICE}, {BOB}")) == BOB


def test_a_missing_short_or_garbled_header_falls_back_to_the_peer(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(f"{MALLORY}, {ALICE}, 10.0.0.9")) == ALICE
    assert client_ip(_request(ALICE)) == PROXY  # fewer entries than proxies
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(None)) == PROXY
    assert client_ip(_request("not-an-address")) == PROXY
    assert client_ip(_request(f"{ALICE}, ")) == PROXY
    assert client_ip(_request(" 2001:DB8::1 ")) == "2001:db8::1"


def test_axes_asks_the_same_helper(settings) -> None:
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(_request(f"{MALLORY}, {ALICE}")) == ALICE


def _pdf() -> object:
    return upload("x.pdf", PDF_BYTES + b"0" * 1024, "application/pdf")


@pytest.mark.django_db
def test_a_spoofed_header_without_a_trusted_proxy_does_not_change_the_counted_address(
    people: dict, issue_rendered_decree, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ANON_UPLOADS_PER_HOUR = 2
    url = reverse("verify", args=[issue_rendered_decree(people["sekretariat"]).code])
    for n in range(2):
        spoofer = Client(REMOTE_ADDR=MALLORY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert spoofer.post(url, {"file": _pdf()}).status_code == 422
    spoofer = Client(REMOTE_ADDR=MALLORY, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert spoofer.post(url, {"file": _pdf()}).status_code == 429
    assert cache.get(anon_upload_key(MALLORY)) == 2


@pytest.mark.django_db
def test_behind_the_proxy_each_client_is_counted_on_its_own(
    people: dict, issue_rendered_decree, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ANON_UPLOADS_PER_HOUR = 2
    url = reverse("verify", args=[issue_rendered_decree(people["sekretariat"]).code])
    alice = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE)
    for _ in range(2):
        assert alice.post(url, {"file": _pdf()}).status_code == 422
    assert alice.post(url, {"file": _pdf()}).status_code == 429
    # Alice writing Bob's address before nginx's entry is still Alice.
    disguised = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{BOB}, {ALICE}")
    assert disguised.post(url, {"file": _pdf()}).status_code == 429
    bob = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=BOB)
    assert bob.post(url, {"file": _pdf()}).status_code == 422
    assert cache.get(anon_upload_key(PROXY)) is None


@pytest.mark.django_db
def test_posts_that_fail_the_csrf_check_are_not_counted(
    people: dict, issue_rendered_decree, settings
) -> None:
    settings.ANON_UPLOADS_PER_HOUR = 2
    url = reverse("verify", args=[issue_rendered_decree(people["sekretariat"]).code])
    browser = Client(enforce_csrf_checks=True)
    for _ in range(5):
        assert browser.post(url, {"file": _pdf()}).status_code == 403
    assert cache.get(anon_upload_key("127.0.0.1")) is None
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, {"file": _pdf(), "csrfmiddlewaretoken": token})
    assert response.status_code == 422  # checked, not refused as the eleventh
    assert cache.get(anon_upload_key("127.0.0.1")) == 1


@pytest.mark.django_db
def test_a_lockout_from_one_address_does_not_lock_the_account_for_another(
    people: dict, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    username = people["ketua"].username
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=MALLORY)
    for _ in range(3):
        attacker.post(reverse("login"), {"username": username, "password": "salah"})
    locked = attacker.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert locked.status_code == 429
    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ALICE)
    response = owner.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
