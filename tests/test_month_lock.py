"""month_lock / month_reopen and the Kunci Bulan page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.models import Unit
from periods.models import MonthLock
from periods.services import month_lock, month_reopen
from tests.test_progress_update import next_month

pytestmark = pytest.mark.django_db


def test_the_sekretariat_locks_and_reopens_with_a_recorded_reason(
    people: dict, province: Unit
) -> None:
    sekre = people["sekretariat"]
    month_lock(user=sekre, unit=province, year=2025, month=4)
    assert MonthLock.objects.get(unit=province, year=2025, month=4).is_locked
    with pytest.raises(ValidationError):
        month_reopen(user=sekre, unit=province, year=2025, month=4, reason=" ")
    month_reopen(user=sekre, unit=province, year=2025, month=4, reason="Koreksi data SDM")
    lock = MonthLock.objects.get(unit=province, year=2025, month=4)
    assert (lock.is_locked, lock.reason) == (False, "Koreksi data SDM")
    records = list(lock.history.order_by("history_date"))
    assert [r.is_locked for r in records] == [True, False]
    assert records[-1].history_change_reason == "Koreksi data SDM"
    assert records[-1].history_user == sekre
    month_lock(user=sekre, unit=province, year=2025, month=4)
    assert MonthLock.objects.get(unit=province, year=2025, month=4).is_locked


@pytest.mark.parametrize("role", ["koordinator_own", "ketua", "tpi", "koordinator_other_unit"])
def test_only_the_sekretariat_locks(people: dict, province: Unit, role: str) -> None:
    with pytest.raises(PermissionDenied):
        month_lock(user=people[role], unit=province, year=2025, month=4)


def test_a_month_that_has_not_ended_cannot_be_locked(people: dict, province: Unit) -> None:
    year, month = next_month()
    with pytest.raises(ValidationError):
        month_lock(user=people["sekretariat"], unit=province, year=year, month=month)


def test_the_page_locks_and_reopens(client: Client, people: dict, province: Unit) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("month_locks", args=[province.slug, 2025])
    assert client.post(url, {"op": "lock", "month": "6"}).status_code == 302
    body = client.get(url).content.decode()
    assert "Terkunci" in body
    response = client.post(url, {"op": "reopen", "month": "6", "reason": ""})
    assert response.status_code == 422
    assert "Alasan membuka kembali" in response.content.decode()
    assert MonthLock.objects.get(month=6).is_locked
    client.post(url, {"op": "reopen", "month": "6", "reason": "Data terlambat"})
    assert not MonthLock.objects.get(month=6).is_locked
    history = client.get(reverse("lock_history", args=[province.slug, 2025])).content.decode()
    assert "Data terlambat" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "lock", "month": "abc"}, "Bulan tidak dikenal."),
        ({"op": "lock", "month": "13"}, "Bulan tidak dikenal."),
        ({"op": "lock", "month": "0"}, "Bulan tidak dikenal."),
        ({"op": "lock", "month": "99999999999999999999"}, "Bulan tidak dikenal."),
        ({"op": "hapus", "month": "4"}, "Tindakan tidak dikenal"),
        ({"op": "reopen", "month": "13", "reason": "x"}, "Bulan tidak dikenal."),
        ({"op": "reopen", "month": "4", "reason": "Koreksi"}, "tidak sedang terkunci"),
    ],
)
def test_a_refused_request_answers_422_with_the_reason(
    client: Client, people: dict, province: Unit, data: dict, message: str
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("month_locks", args=[province.slug, 2025])
    response = client.post(url, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not MonthLock.objects.filter(is_locked=True).exists()


def test_locking_a_locked_month_again_says_so(client: Client, people: dict, province: Unit) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("month_locks", args=[province.slug, 2025])
    assert client.post(url, {"op": "lock", "month": "4"}).status_code == 302
    response = client.post(url, {"op": "lock", "month": "4"})
    assert response.status_code == 422
    assert "April 2025 sudah terkunci" in response.content.decode()
    assert MonthLock.history.filter(month=4).count() == 1


@pytest.mark.parametrize("year", ["0", "1999", "99999999999999999999"])
def test_a_year_out_of_range_is_not_found(
    client: Client, people: dict, province: Unit, year: str
) -> None:
    client.force_login(people["sekretariat"])
    url = f"/satker/{province.slug}/progres/kunci/{year}/"
    assert client.post(url, {"op": "lock", "month": "4"}).status_code == 404
    assert client.get(url).status_code == 404
