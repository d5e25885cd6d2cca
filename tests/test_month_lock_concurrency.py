"""Six simultaneous "Kunci" clicks on real PostgreSQL transactions: one lock, no 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from access.models import Unit
from periods.models import MonthLock
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_six_simultaneous_lock_clicks_lock_once_and_tell_the_others() -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    sekre = user_with_role("sekre-serentak", province, "sekretariat")
    url = reverse("month_locks", args=[province.slug, 2025])
    barrier = threading.Barrier(6)
    results: list[tuple[int, str]] = []

    def click() -> None:
        client = Client(raise_request_exception=False)
        client.force_login(sekre)
        barrier.wait()
        try:
            response = client.post(url, {"op": "lock", "month": "3"})
            results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _ in results)
    assert statuses == [302, 422, 422, 422, 422, 422], statuses
    assert all("Maret 2025 sudah terkunci" in body for status, body in results if status == 422)
    assert MonthLock.objects.filter(unit=province, year=2025, month=3, is_locked=True).count() == 1
    assert MonthLock.history.filter(unit_id=province.pk, month=3).count() == 1
