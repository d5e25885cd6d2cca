"""One-time codes: the Sekretariat issues N codes for a quarter's survey (optionally a
desk and a service) and prints them as A4 slips, each with the QR code of its link; the
page counts used and unused codes; bad input is refused next to its field."""

from __future__ import annotations

import base64
import re

import pytest
import qrcode
from django.test import Client
from django.urls import reverse

from access.models import Unit
from common.qr import qr_svg
from surveys.models import AccessCode, SurveyPeriod
from surveys.services import codes_issue, desk_save
from tests.survey_support import period_make, phone_response, service_make

pytestmark = pytest.mark.django_db

ALL_FOURS = {f"U{i}": 4 for i in range(1, 10)}


@pytest.fixture
def current(province: Unit) -> SurveyPeriod:
    from common.dates import quarter_of, today

    day = today()
    return period_make(province, day.year, quarter_of(day.month))


def codes_url(unit: Unit, year: int) -> str:
    return reverse("survey_codes", args=[unit.slug, year])


def field_error(body: str, name: str) -> str:
    start = body.index(f'data-testid="{name}-error"')
    return body[body.index(">", start) + 1 : body.index("</div>", start)]


def test_issuing_codes_leads_to_their_slips(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    desk = desk_save(user=people["sekretariat"], unit=province, name="Loket PPID", kinds=["skm"])
    service = service_make(province)
    client.force_login(people["sekretariat"])
    data = {
        "quarter": current.quarter,
        "kind": "skm",
        "desk": desk.pk,
        "service": service.pk,
        "count": "30",
    }
    response = client.post(codes_url(province, current.year), data)
    assert response.status_code == 302
    codes = list(AccessCode.objects.filter(period=current).order_by("pk"))
    assert len(codes) == 30 and {(c.desk, c.service, c.kind) for c in codes} == {
        (desk, service, "skm")
    }
    assert response["Location"].endswith(f"&dari={codes[0].pk}&sampai={codes[-1].pk}")
    slips = client.get(response["Location"])
    body = slips.content.decode()
    assert body.count('data-testid="slip-code"') == 30
    assert all(f">{c.code}<" in body for c in codes)
    assert f"http://testserver/survei/kode/{codes[0].code}/" in body
    assert body.count('src="data:image/svg+xml;base64,') == 30
    assert "30 kode dibuat untuk triwulan" in body
    assert ' style="' not in body and "Loket PPID" in body


def test_a_slips_qr_code_is_the_symbol_of_its_link(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    (code,) = codes_issue(user=people["sekretariat"], period=current, kind="spak", count=1)
    client.force_login(people["sekretariat"])
    url = reverse("survey_slips", args=[province.slug, current.year])
    body = client.get(url, {"triwulan": current.quarter, "survei": "spak"}).content.decode()
    link = f"http://testserver/survei/kode/{code.code}/"
    uri = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', body)[1]
    svg = base64.b64decode(uri).decode()
    assert svg == qr_svg(link)
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    expected.add_data(link)
    expected.make(fit=True)
    assert dark_modules(svg) == {
        (x, y) for y, row in enumerate(expected.get_matrix()) for x, dark in enumerate(row) if dark
    }


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The modules the SVG's path paints (each run: M x y h w v1 h-w z)."""
    path = re.search(r'<path fill="#000" d="([^"]*)"', svg)[1]
    return {
        (x + i, int(y))
        for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path)
        for x in [int(x)]
        for i in range(int(width))
    }


def test_the_page_counts_used_and_unused_codes(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    codes = codes_issue(user=people["sekretariat"], period=current, kind="skm", count=3)
    phone_response(province, "skm", ALL_FOURS, code=codes[0])
    client.force_login(people["sekretariat"])
    body = client.get(codes_url(province, current.year)).content.decode()
    row = body[body.index(f'data-quarter="{current.quarter}" data-kind="skm"') :]
    assert re.search(r'data-testid="used">1<', row) and re.search(r'data-testid="unused">2<', row)
    slips = client.get(
        reverse("survey_slips", args=[province.slug, current.year]),
        {"triwulan": current.quarter, "survei": "skm"},
    ).content.decode()
    assert codes[0].code not in slips and codes[1].code in slips  # a used code is not printed


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"count": "0"}, "count", "Jumlah kode 1 sampai 500 sekali cetak."),
        ({"count": "501"}, "count", "Jumlah kode 1 sampai 500 sekali cetak."),
        ({"count": "sepuluh"}, "count", "Isi jumlah kode dengan bilangan bulat, 1 sampai 500."),
        ({"kind": "ipk"}, "kind", "Pilih survei: SKM, SPAK, atau SPKP."),
        ({"quarter": "7"}, "quarter", "Pilih triwulan 1 sampai 4."),
        ({"desk": "999999"}, "desk", "Pilih loket dari daftar."),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    client: Client,
    people: dict,
    province: Unit,
    current: SurveyPeriod,
    data: dict,
    field: str,
    message: str,
) -> None:
    client.force_login(people["sekretariat"])
    posted = {"quarter": current.quarter, "kind": "skm", "count": "5"} | data
    response = client.post(codes_url(province, current.year), posted)
    assert response.status_code == 422
    assert field_error(response.content.decode(), field) == message
    assert not AccessCode.objects.exists()


def test_a_quarter_not_opened_or_closed_gets_no_codes(
    client: Client, people: dict, province: Unit
) -> None:
    period_make(province, 2025, 1, open_=False)
    client.force_login(people["sekretariat"])
    url = codes_url(province, 2025)
    response = client.post(url, {"quarter": "2", "kind": "skm", "count": "5"})
    assert field_error(response.content.decode(), "quarter").startswith("Triwulan ini belum dibuka")
    response = client.post(url, {"quarter": "1", "kind": "skm", "count": "5"})
    assert response.status_code == 422
    assert field_error(response.content.decode(), "quarter") == "Periode survei ini sudah ditutup."
    assert not AccessCode.objects.exists()


def test_a_desk_that_does_not_run_the_survey_gets_no_codes(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    desk = desk_save(user=people["sekretariat"], unit=province, name="Loket SPAK", kinds=["spak"])
    client.force_login(people["sekretariat"])
    data = {"quarter": current.quarter, "kind": "skm", "desk": desk.pk, "count": "5"}
    response = client.post(codes_url(province, current.year), data)
    assert response.status_code == 422
    assert field_error(response.content.decode(), "desk").startswith("Pilih loket satuan kerja ini")
    assert not AccessCode.objects.exists()


def test_an_odd_slip_choice_is_not_found(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("survey_slips", args=[province.slug, current.year])
    for query in (
        {},
        {"triwulan": "5", "survei": "skm"},
        {"triwulan": "1", "survei": "x"},
        {"triwulan": "1", "survei": "skm", "dari": "-3"},
    ):
        assert client.get(url, query).status_code == 404, query


def test_slips_come_a_hundred_to_a_page_in_a_fixed_number_of_queries(
    client: Client, people: dict, province: Unit, current: SurveyPeriod, django_assert_num_queries
) -> None:
    desk = desk_save(user=people["sekretariat"], unit=province, name="Loket", kinds=["skm"])
    codes_issue(user=people["sekretariat"], period=current, kind="skm", count=130, desk=desk)
    client.force_login(people["sekretariat"])
    url = reverse("survey_slips", args=[province.slug, current.year])
    query = {"triwulan": current.quarter, "survei": "skm"}
    client.get(url, query)
    with django_assert_num_queries(QUERIES):
        first = client.get(url, query).content.decode()
    with django_assert_num_queries(QUERIES):
        second = client.get(url, query | {"halaman": "2"}).content.decode()
    assert first.count('data-testid="slip-code"') == 100
    assert second.count('data-testid="slip-code"') == 30
    assert "halaman 2 dari 2" in second


# session, user, roles, unit; the navigation's plan years and notices; the count of codes
# and one page of them with their desks and services.
QUERIES = 8


def test_another_unit_cannot_print_the_units_codes(
    client: Client, people: dict, province: Unit, current: SurveyPeriod
) -> None:
    codes_issue(user=people["sekretariat"], period=current, kind="skm", count=2)
    client.force_login(people["ketua_other_unit"])
    url = reverse("survey_slips", args=[province.slug, current.year])
    assert client.get(url, {"triwulan": current.quarter, "survei": "skm"}).status_code == 404
    client.force_login(people["ketua"])
    assert client.get(url, {"triwulan": current.quarter, "survei": "skm"}).status_code == 403
