"""The Progres Bulanan page and its htmx row endpoints."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from areas.services import plan_copy
from periods.services import month_lock
from targets.models import ProgressEntry
from tests.test_progress_update import next_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def k1(client: Client, people: dict) -> Client:
    client.force_login(people["koordinator_own"])
    return client


@pytest.fixture
def tim_kerja(plan: WorkPlan) -> Component:
    return Component.objects.get(plan=plan, name="Tim Kerja")


def save(
    client: Client,
    component: Component,
    value: str,
    *,
    month: int = 4,
    version: int = 0,
    year: int = 2025,
    **extra: str,
):
    p = f"c{component.pk}"
    data = {
        f"{p}-percent": value,
        f"{p}-version": str(version),
        **{f"{p}-{k}": v for k, v in extra.items()},
    }
    return client.post(
        reverse("progress_save", args=[component.plan.unit.slug, year, month, component.pk]),
        data,
        HTTP_HX_REQUEST="true",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("120", "Persentase harus antara 0 dan 100."),
        ("-1", "Persentase harus antara 0 dan 100."),
        ("abc", "Isi dengan angka 0–100, misalnya 75 atau 62,5."),
        ("", "Isi realisasi (0–100)."),
        ("62,555", "Paling banyak dua angka di belakang koma."),
    ],
)
def test_bad_percent_is_refused_next_to_the_field_and_nothing_is_saved(
    k1: Client, tim_kerja: Component, value: str, message: str
) -> None:
    response = save(k1, tim_kerja, value, activities="Rapat koordinasi")
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    # the message sits with the percent input, which is marked invalid; the typed text stays
    field_id = f"id_c{tim_kerja.pk}-percent"
    assert f'id="{field_id}_error" data-testid="percent-error">{message}' in body
    assert "is-invalid" in body
    assert "Rapat koordinasi" in body
    assert not ProgressEntry.objects.filter(component=tim_kerja).exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("62,5", "62.50"), ("62.5", "62.50"), ("75", "75.00"), ("100%", "100.00"), ("0", "0.00")],
)
def test_a_decimal_comma_is_a_number(
    k1: Client, tim_kerja: Component, typed: str, stored: str
) -> None:
    response = save(k1, tim_kerja, typed)
    assert response.status_code == 200
    assert "Tersimpan." in response.content.decode()
    assert ProgressEntry.objects.get(component=tim_kerja, month=4).percent == Decimal(stored)


def test_a_saved_row_shows_who_saved_it_last(k1: Client, tim_kerja: Component) -> None:
    body = save(k1, tim_kerja, "75", activities="SK Tim").content.decode()
    assert "Terakhir disimpan oleh k1 pada" in body
    assert 'value="75"' in body
    pk = tim_kerja.pk
    assert f'name="c{pk}-version" value="1"' in body.replace(f' id="id_c{pk}-version"', "")


def test_a_locked_month_is_refused(
    k1: Client, tim_kerja: Component, people: dict, province: Unit
) -> None:
    month_lock(user=people["sekretariat"], unit=province, year=2025, month=4)
    response = save(k1, tim_kerja, "50")
    assert response.status_code == 422
    assert "sudah dikunci oleh Sekretariat" in response.content.decode()
    assert not ProgressEntry.objects.exists()
    page = k1.get(
        reverse("progress_month", args=[province.slug]) + "?tahun=2025&bulan=4"
    ).content.decode()
    assert 'data-testid="locked"' in page
    assert 'class="component-form"' not in page


def test_a_future_month_is_refused(k1: Client, plan: WorkPlan, province: Unit) -> None:
    year, month = next_month()
    future = plan_copy(source=plan, unit=province, year=year)
    component = Component.objects.get(plan=future, name="Tim Kerja")
    response = save(k1, component, "50", month=month, year=year)
    assert response.status_code == 422
    assert "belum dimulai" in response.content.decode()
    assert not ProgressEntry.objects.filter(component=component).exists()


def test_two_sessions_editing_one_entry_the_second_gets_the_conflict(
    people: dict, tim_kerja: Component
) -> None:
    first, second = Client(), Client()
    colleague = people["koordinator_other_area"]
    colleague.roles.update(area_codes=["manajemen_perubahan", "tatalaksana"])
    first.force_login(colleague)
    second.force_login(people["koordinator_own"])
    url = reverse("progress_month", args=["kpu-kalbar"]) + "?tahun=2025&bulan=4"
    # both open the page while the row is empty (version 0)
    assert f'name="c{tim_kerja.pk}-version" value="0"' in first.get(url).content.decode()
    assert f'name="c{tim_kerja.pk}-version" value="0"' in second.get(url).content.decode()
    assert save(first, tim_kerja, "40").status_code == 200
    response = save(second, tim_kerja, "90")
    assert response.status_code == 409
    assert "diubah oleh k2 pada" in response.content.decode()
    assert "muat ulang" in response.content.decode()
    assert 'value="90"' in response.content.decode()  # the second person's input is not lost
    assert ProgressEntry.objects.get(component=tim_kerja, month=4).percent == Decimal("40.00")


def test_without_htmx_the_row_save_redirects_back_with_a_message(
    client: Client, people: dict, tim_kerja: Component
) -> None:
    client.force_login(people["koordinator_own"])
    url = reverse("progress_save", args=["kpu-kalbar", 2025, 4, tim_kerja.pk])
    response = client.post(
        url, {f"c{tim_kerja.pk}-percent": "120", f"c{tim_kerja.pk}-version": "0"}, follow=True
    )
    assert "Persentase harus antara 0 dan 100." in response.content.decode()


def test_action_status_saves_in_place(k1: Client, plan: WorkPlan) -> None:
    action = (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )
    url = reverse("action_status_save", args=["kpu-kalbar", 2025, 4, action.pk])
    response = k1.post(
        url,
        {
            f"a{action.pk}-status": "selesai",
            f"a{action.pk}-note": "SK terbit",
            f"a{action.pk}-version": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tersimpan." in body
    assert '<option value="selesai" selected>Selesai</option>' in body
    response = k1.post(
        url, {f"a{action.pk}-status": "bogus", f"a{action.pk}-version": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422


def test_the_page_shows_targets_blank_months_and_indonesian_month_names(k1: Client) -> None:
    body = k1.get(
        reverse("progress_month", args=["kpu-kalbar"]) + "?tahun=2025&bulan=5"
    ).content.decode()
    assert "Mei 2025" in body
    assert "Target Mei: tidak ada target" in body  # Tim Kerja has a target in April only
    assert "Target Mei: 100%" in body


def test_the_page_runs_a_fixed_number_of_queries(
    k1: Client, people: dict, plan: WorkPlan, django_assert_max_num_queries
) -> None:
    from targets.services import action_status_update, progress_update

    k1_user = people["koordinator_own"]
    for c in Component.objects.filter(area__code="manajemen_perubahan", plan=plan):
        progress_update(user=k1_user, component=c, month=4, percent=Decimal(50))
    for a in ActionItem.objects.filter(area__code="manajemen_perubahan", area__plan=plan):
        action_status_update(user=k1_user, action=a, month=4, status="berjalan")
    people["ketua"].is_superuser = False
    k1.force_login(people["ketua"])
    url = reverse("progress_month", args=["kpu-kalbar"]) + "?tahun=2025&bulan=4"
    # 17, and the unit tree (access/tree.py) that puts the unit selector in tree order
    with django_assert_max_num_queries(18):
        assert k1.get(url).status_code == 200
