"""The Sekretariat's service desks (loket): add and change them; each shows its public
link (/survei/<token>/) and the way to its QR poster; bad input is refused next to its
field; a stale edit never overwrites."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.links import desk_path
from surveys.models import Desk
from surveys.services import desk_save, service_save
from tests.survey_support import service_make

pytestmark = pytest.mark.django_db


def field_error(body: str, name: str) -> str:
    start = body.index(f'data-testid="{name}-error"')
    return body[body.index(">", start) + 1 : body.index("</div>", start)]


def test_adding_a_desk_shows_its_public_link_and_the_posters(
    client: Client, people: dict, province: Unit
) -> None:
    service = service_make(province)
    client.force_login(people["sekretariat"])
    url = reverse("survey_desks", args=[province.slug])
    data = {
        "name": "Loket PPID",
        "kinds": ["skm", "spkp"],
        "service": service.pk,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    desk = Desk.objects.get(unit=province)
    assert (desk.kinds, desk.service, desk.open_link) == (["skm", "spkp"], service, False)
    assert desk.history.first().history_user == people["sekretariat"]
    body = client.get(url).content.decode()
    assert f"http://testserver/survei/{desk.token}/" in body
    posters = reverse("job_list", args=[province.slug])
    assert f'href="{posters}?jenis=poster_survei"' in body


def test_the_link_is_the_public_desk_page() -> None:
    assert desk_path("ABC") == reverse("survey_desk", args=["ABC"]) == "/survei/ABC/"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "kinds": ["skm"]}, "name", "Isi nama loket."),
        ({"name": "Loket 2"}, "kinds", "Pilih sedikitnya satu survei."),
        ({"name": "Loket 2", "kinds": ["ipk"]}, "kinds", "Pilih survei: SKM, SPAK, atau SPKP."),
        ({"name": "Loket 1", "kinds": ["skm"]}, "name", "Loket dengan nama ini sudah ada."),
        (
            {"name": "Loket 2", "kinds": ["skm"], "service": "999999"},
            "service",
            "Pilih jenis layanan dari daftar.",
        ),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    client: Client, people: dict, province: Unit, data: dict, field: str, message: str
) -> None:
    desk_save(user=people["sekretariat"], unit=province, name="Loket 1", kinds=["skm"])
    client.force_login(people["sekretariat"])
    response = client.post(reverse("survey_desks", args=[province.slug]), data)
    assert response.status_code == 422
    assert field_error(response.content.decode(), field) == message
    assert Desk.objects.filter(unit=province).count() == 1


def test_another_units_service_cannot_be_a_desks_default(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    theirs = service_make(sambas)
    client.force_login(people["sekretariat"])
    data = {"name": "Loket", "kinds": ["skm"], "service": theirs.pk}
    response = client.post(reverse("survey_desks", args=[province.slug]), data)
    assert response.status_code == 422
    assert field_error(response.content.decode(), "service") == "Pilih jenis layanan dari daftar."


def test_changing_a_desk_keeps_its_inactive_default_service_choosable(
    client: Client, people: dict, province: Unit
) -> None:
    service = service_make(province)
    desk = desk_save(
        user=people["sekretariat"], unit=province, name="Loket", kinds=["skm"], service=service
    )
    service_save(
        user=people["sekretariat"],
        unit=province,
        name=service.name,
        is_active=False,
        service=service,
    )
    client.force_login(people["sekretariat"])
    url = reverse("survey_desk_edit", args=[province.slug, desk.pk])
    seen = client.get(url).context["form"]["seen"].value()
    data = {
        "name": "Loket utama",
        "kinds": ["skm", "spak"],
        "service": service.pk,
        "open_link": "on",
        "seen": seen,
    }
    assert client.post(url, data).status_code == 302
    desk.refresh_from_db()
    assert (desk.name, desk.kinds, desk.open_link, desk.is_active) == (
        "Loket utama",
        ["skm", "spak"],
        True,
        False,
    )


def test_a_stale_edit_is_refused(client: Client, people: dict, province: Unit) -> None:
    desk = desk_save(user=people["sekretariat"], unit=province, name="Loket", kinds=["skm"])
    client.force_login(people["sekretariat"])
    url = reverse("survey_desk_edit", args=[province.slug, desk.pk])
    seen = client.get(url).context["form"]["seen"].value()
    desk_save(user=people["admin"], unit=province, name="Loket", kinds=["spak"], desk=desk)
    response = client.post(
        url, {"name": "Loket", "kinds": ["skm", "spkp"], "is_active": "on", "seen": seen}
    )
    assert response.status_code == 422
    assert "telah diubah oleh admin-uji" in response.content.decode()
    desk.refresh_from_db()
    assert desk.kinds == ["spak"]


def test_another_units_desk_is_not_found(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    theirs = desk_save(user=people["admin"], unit=sambas, name="Loket Sambas", kinds=["skm"])
    client.force_login(people["sekretariat"])
    assert (
        client.get(reverse("survey_desk_edit", args=[province.slug, theirs.pk])).status_code == 404
    )


def test_the_desk_list_reads_in_a_fixed_number_of_queries(
    client: Client, people: dict, province: Unit, django_assert_num_queries
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("survey_desks", args=[province.slug])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for i in range(5):
        service = service_make(province, f"Layanan {i}")
        desk_save(
            user=people["sekretariat"],
            unit=province,
            name=f"Loket {i}",
            kinds=["skm"],
            service=service,
        )
    with django_assert_num_queries(QUERIES):
        client.get(url)


# session, user, roles, unit; the navigation's plan years and notices; the desks with
# their services; the form's services.
QUERIES = 8
