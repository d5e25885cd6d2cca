"""The Sekretariat's quarters page: open a quarter with its population, change it, close
and reopen it, publish and withdraw its results; a bad number is refused next to its
field, and a save based on a stale page never overwrites someone else's change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import SurveyPeriod
from surveys.services import period_save
from tests.survey_support import period_make

pytestmark = pytest.mark.django_db


def url(unit: Unit, year: int = 2025) -> str:
    return reverse("survey_periods", args=[unit.slug, year])


def form_of(client: Client, unit: Unit, quarter: int) -> dict[str, object]:
    """The quarter's form as the page gives it (its hidden fields included)."""
    response = client.get(url(unit))
    form = next(r["form"] for r in response.context["rows"] if r["row"].quarter == quarter)
    return {name: form[name].value() or "" for name in form.fields}


def test_the_sekretariat_opens_a_quarter_with_its_population(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    data = form_of(client, province, 3) | {"population": "1200"}
    response = client.post(url(province), data)
    assert response.status_code == 302
    period = SurveyPeriod.objects.get(unit=province, year=2025, quarter=3)
    assert (period.population, period.is_open, period.changed_by) == (
        1200,
        True,
        people["sekretariat"],
    )
    assert period.history.first().history_user == people["sekretariat"]
    body = client.get(url(province)).content.decode()
    assert "Triwulan 3 2025 disimpan." in body
    assert ">292<" in body  # Krejcie–Morgan of 1 200: 291,8 rounded up


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.200", "Isi populasi dengan bilangan bulat tanpa titik, misalnya 1200."),
        ("-5", "Populasi tidak boleh negatif."),
        ("banyak", "Isi populasi dengan bilangan bulat tanpa titik, misalnya 1200."),
        ("999999999999", "Populasi paling banyak 100000000."),
    ],
)
def test_a_bad_population_is_refused_next_to_its_field_and_nothing_is_saved(
    client: Client, people: dict, province: Unit, typed: str, message: str
) -> None:
    client.force_login(people["sekretariat"])
    data = form_of(client, province, 2) | {"population": typed}
    response = client.post(url(province), data)
    assert response.status_code == 422
    body = response.content.decode()
    error = body[body.index('id="id_q2_population_error"') :]
    assert error[error.index(">") + 1 :].startswith(message)
    assert not SurveyPeriod.objects.filter(unit=province).exists()


def test_an_unknown_quarter_or_status_is_refused(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    data = form_of(client, province, 1)
    response = client.post(url(province), data | {"quarter": "5"})
    assert response.status_code == 422
    assert "Pilih triwulan 1 sampai 4." in response.content.decode()
    response = client.post(url(province), data | {"status": "lain"})
    assert response.status_code == 422
    assert "Pilih Dibuka atau Ditutup." in response.content.decode()
    assert not SurveyPeriod.objects.filter(unit=province).exists()


def test_closing_and_reopening_a_quarter(client: Client, people: dict, province: Unit) -> None:
    period_make(province, 2025, 1, population=80)
    client.force_login(people["sekretariat"])
    data = form_of(client, province, 1)
    assert client.post(url(province), data | {"status": "ditutup"}).status_code == 302
    assert not SurveyPeriod.objects.get(unit=province, quarter=1).is_open
    data = form_of(client, province, 1)
    assert client.post(url(province), data | {"status": "dibuka"}).status_code == 302
    period = SurveyPeriod.objects.get(unit=province, quarter=1)
    assert period.is_open and period.population == 80


def test_a_change_made_since_the_page_loaded_is_not_overwritten(
    client: Client, people: dict, province: Unit
) -> None:
    period_make(province, 2025, 2, population=100)
    client.force_login(people["sekretariat"])
    stale = form_of(client, province, 2)
    period_save(
        user=people["admin"], unit=province, year=2025, quarter=2, population=300, seen=None
    )
    response = client.post(url(province), stale | {"population": "150"})
    assert response.status_code == 422
    assert "Data ini telah diubah oleh admin-uji" in response.content.decode()
    assert SurveyPeriod.objects.get(unit=province, quarter=2).population == 300


def test_opening_a_quarter_someone_opened_meanwhile_is_refused(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    stale = form_of(client, province, 4)  # not open yet: seen is ""
    period_save(user=people["admin"], unit=province, year=2025, quarter=4, population=40)
    response = client.post(url(province), stale | {"population": "999"})
    assert response.status_code == 422
    assert "telah diubah oleh admin-uji" in response.content.decode()
    assert SurveyPeriod.objects.get(unit=province, quarter=4).population == 40


def test_publishing_and_withdrawing_a_quarters_results(
    client: Client, people: dict, province: Unit
) -> None:
    period_make(province, 2025, 2)
    client.force_login(people["sekretariat"])
    publish = reverse("survey_publish", args=[province.slug, 2025])
    assert client.post(publish, {"quarter": "2", "publish": "1"}).status_code == 302
    period = SurveyPeriod.objects.get(unit=province, quarter=2)
    assert period.is_published
    assert period.history.first().history_change_reason == "Dipublikasikan"
    assert "Hasil triwulan 2 2025 dipublikasikan." in client.get(url(province)).content.decode()
    assert client.post(publish, {"quarter": "2", "publish": "0"}).status_code == 302
    assert not SurveyPeriod.objects.get(unit=province, quarter=2).is_published


def test_publishing_a_quarter_not_opened_or_an_odd_request_changes_nothing(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    publish = reverse("survey_publish", args=[province.slug, 2025])
    assert client.post(publish, {"quarter": "3", "publish": "1"}).status_code == 404
    response = client.post(publish, {"quarter": "9", "publish": "x"}, follow=True)
    assert "Tindakan publikasi tidak dikenal." in response.content.decode()


def test_only_the_sekretariat_opens_the_page(client: Client, people: dict, province: Unit) -> None:
    for role in ("ketua", "tpi", "koordinator_own"):
        client.force_login(people[role])
        assert client.get(url(province)).status_code == 403
