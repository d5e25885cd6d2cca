"""The database connection drops during a save: a 503 in Indonesian that says the save
may or may not have gone through, never a bare 500. Real PostgreSQL: the connection's
server process is terminated (pg_terminate_backend) from another connection."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import Component
from targets import views as target_views
from targets.models import ProgressEntry
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

MAYBE = "mungkin sudah tersimpan, mungkin juga belum"


def drop_connection() -> None:
    """Kill this connection's server process, as a failover or a restart would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def setup() -> tuple[Client, Component]:
    province = Unit.objects.get(slug="kpu-kalbar")
    user = user_with_role("k-putus", province, "koordinator", ["manajemen_perubahan"])
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client, Component.objects.get(plan__unit=province, plan__year=2025, name="Tim Kerja")


def with_save(monkeypatch: pytest.MonkeyPatch, wrap: Callable[[Callable], Callable]) -> None:
    kind = target_views.KINDS["komponen"]
    monkeypatch.setitem(
        target_views.KINDS, "komponen", dataclasses.replace(kind, save=wrap(kind.save))
    )


def post(client: Client, component: Component, **headers: Any) -> Any:
    url = reverse("progress_save", args=["kpu-kalbar", 2025, 4, component.pk])
    data = {f"c{component.pk}-percent": "40", f"c{component.pk}-version": "0"}
    response = client.post(url, data, **headers)
    # What the end of a request does in a server (the test client leaves it out): a
    # broken connection is closed, the next query opens a new one.
    connection.close_if_unusable_or_obsolete()
    return response


def test_a_row_save_committed_before_the_drop_gets_a_notice_the_page_shows(
    setup: tuple[Client, Component], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, component = setup

    def wrap(save: Callable) -> Callable:
        def saved_then_dropped(*args: Any) -> Any:
            row = save(*args)
            drop_connection()
            return row

        return saved_then_dropped

    with_save(monkeypatch, wrap)
    response = post(client, component, HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["HX-Reswap"] == "beforebegin"
    body = response.content.decode()
    assert "Koneksi ke basis data terputus." in body and MAYBE in body
    assert ProgressEntry.objects.get(component=component, month=4).percent == 40


def test_a_save_refused_by_the_drop_says_the_same_and_nothing_is_half_written(
    setup: tuple[Client, Component], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, component = setup

    def wrap(save: Callable) -> Callable:
        def dropped_then_saved(*args: Any) -> Any:
            drop_connection()
            return save(*args)

        return dropped_then_saved

    with_save(monkeypatch, wrap)
    response = post(client, component)
    assert response.status_code == 503
    body = response.content.decode()
    assert "<h1" in body and MAYBE in body and "Buka kembali halaman" in body
    assert response["Cache-Control"] == "private, no-store"
    assert not ProgressEntry.objects.filter(component=component).exists()
    # the next request has a fresh connection and works
    assert client.get(reverse("progress_month", args=["kpu-kalbar"])).status_code == 200
