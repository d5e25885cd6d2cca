"""Templates read two sets of flags (access.flags.Can): ``nav`` for the user's home unit
(the navigation's links) and ``can`` for the unit of the page (access.loaders.unit_view)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit

pytestmark = pytest.mark.django_db


def test_a_province_ketua_on_a_kab_kota_page_reads_the_flags_of_that_unit(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    client.force_login(people["ketua"])
    response = client.get(reverse("dashboard", args=[sambas.slug]) + "?tahun=2025")
    assert response.status_code == 200
    can, nav = response.context["can"], response.context["nav"]
    assert (can.unit, nav.unit) == (sambas, province)
    assert can.read and can.read_lke and can.see_documents  # the province's Ketua reads it
    # … but is not the kab/kota's Ketua: what the province's Ketua does at home differs.
    assert (nav.see_province, nav.submit_lke, nav.download_package) == (True, True, True)
    assert (can.see_province, can.submit_lke, can.download_package) == (False, False, False)
    body = response.content.decode()
    assert "Tampilan provinsi" not in body  # the page's button: the kab/kota's flag
    assert f'href="{reverse("province", args=[province.slug])}"' in body  # the nav: home's


def test_the_province_ketua_at_home_reads_the_provinces_flags(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["ketua"])
    response = client.get(reverse("dashboard", args=[province.slug]) + "?tahun=2025")
    assert response.context["can"].unit == province
    assert response.context["can"].see_province
    assert "Tampilan provinsi" in response.content.decode()


def test_a_page_of_no_unit_has_no_flags_of_a_unit(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    response = client.get(reverse("notices"))
    assert response.status_code == 200
    can = response.context["can"]
    assert not can and not can.read_lke and can.unit is None
    assert response.context["nav"].read_lke  # the navigation still has the home unit


def test_the_data_pages_are_unit_pages(client: Client, people: dict, province: Unit) -> None:
    home = reverse("transfer_home", args=[province.slug])
    assert client.get(home).status_code == 302  # to the login page
    client.force_login(people["sekretariat"])
    response = client.get(home)
    assert response.status_code == 200
    assert response.context["can"].unit == province and response.context["can"].manage
    assert client.get(reverse("transfer_copy_year", args=[province.slug])).status_code == 405
    client.force_login(people["ketua_other_unit"])
    assert client.get(home).status_code == 404


@pytest.mark.parametrize(("slug", "offered"), [("kpu-kalbar", True), ("kpu-sambas", False)])
def test_the_export_form_offers_the_province_report_where_it_may_be_exported(
    client: Client, people: dict, sambas: Unit, slug: str, offered: bool
) -> None:
    client.force_login(people["admin"])
    response = client.get(reverse("job_list", args=[slug]))
    assert response.context["can"].export_province is offered
    assert ('<option value="laporan_provinsi">' in response.content.decode()) is offered
