"""The Sekretariat's services (jenis layanan): add, rename, reorder, deactivate; a name
twice or too long is refused next to its field; a stale edit never overwrites."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.models import Service
from surveys.services import service_save
from tests.survey_support import service_make

pytestmark = pytest.mark.django_db


def field_error(body: str, name: str) -> str:
    start = body.index(f'data-testid="{name}-error"')
    return body[body.index(">", start) + 1 : body.index("</div>", start)]


def test_adding_a_service(client: Client, people: dict, province: Unit) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("survey_services", args=[province.slug])
    response = client.post(
        url, {"name": "  Pelayanan data pemilih ", "order": "2", "is_active": "on"}
    )
    assert response.status_code == 302
    service = Service.objects.get(unit=province)
    assert (service.name, service.order, service.is_active) == ("Pelayanan data pemilih", 2, True)
    assert service.history.first().history_user == people["sekretariat"]
    assert "Pelayanan data pemilih" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Isi nama jenis layanan."),
        ({"name": "x" * 151}, "name", "Nama jenis layanan paling banyak 150 karakter."),
        ({"name": "Layanan informasi publik"}, "name", "Jenis layanan dengan nama ini sudah ada."),
        ({"name": "LAYANAN INFORMASI PUBLIK"}, "name", "Jenis layanan dengan nama ini sudah ada."),
        ({"name": "Baru", "order": "-1"}, "order", "Urutan berupa bilangan bulat 0–999."),
        ({"name": "Baru", "order": "dua"}, "order", "Urutan berupa bilangan bulat 0–999."),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    client: Client, people: dict, province: Unit, data: dict, field: str, message: str
) -> None:
    service_make(province)
    client.force_login(people["sekretariat"])
    response = client.post(reverse("survey_services", args=[province.slug]), data)
    assert response.status_code == 422
    assert field_error(response.content.decode(), field) == message
    assert Service.objects.filter(unit=province).count() == 1


def test_renaming_and_deactivating_a_service(client: Client, people: dict, province: Unit) -> None:
    service = service_make(province)
    client.force_login(people["sekretariat"])
    url = reverse("survey_service_edit", args=[province.slug, service.pk])
    seen = client.get(url).context["form"]["seen"].value()
    response = client.post(url, {"name": "Informasi publik", "order": "1", "seen": seen})
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.is_active) == ("Informasi publik", False)
    assert (
        "Nonaktif" in client.get(reverse("survey_services", args=[province.slug])).content.decode()
    )


def test_a_stale_edit_is_refused(client: Client, people: dict, province: Unit) -> None:
    service = service_make(province)
    client.force_login(people["sekretariat"])
    url = reverse("survey_service_edit", args=[province.slug, service.pk])
    seen = client.get(url).context["form"]["seen"].value()
    service_save(user=people["admin"], unit=province, name="Nama lain", service=service)
    response = client.post(url, {"name": "Nama saya", "is_active": "on", "seen": seen})
    assert response.status_code == 422
    assert "telah diubah oleh admin-uji" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Nama lain"


def test_another_units_service_is_not_found(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    theirs = service_make(sambas)
    client.force_login(people["sekretariat"])
    url = reverse("survey_service_edit", args=[province.slug, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Punya saya"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Layanan informasi publik"
