"""The follow-up pages (surveys/follow_views.py): the list of a year's quarters and surveys
with their weakest elements and follow-ups (whoever reads the unit), the Sekretariat's
forms (messages next to their fields, nothing saved half), every role's answer, and the
list's queries pinned."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import AreaCode, Unit
from areas.models import ActionItem, WorkPlan
from common.limits import NOTE_CHARS
from surveys.follow_ups import follow_up_save
from surveys.models import FollowUp, SurveyPeriod
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2
LIST = reverse("survey_follow_ups", args=["kpu-kalbar"])
NEW = reverse("survey_follow_up_new", args=["kpu-kalbar", 2025, 2, "skm"])
ROLES = [
    "anonymous",
    "koordinator_own",
    "koordinator_other_area",
    "ketua",
    "sekretariat",
    "tpi",
    "koordinator_other_unit",
    "ketua_other_unit",
    "admin",
]
READ = [302, 200, 200, 200, 200, 200, 404, 404, 200]
MANAGE_PAGE = [302, 403, 403, 403, 200, 403, 404, 404, 200]
MANAGE_POST = [302, 403, 403, 403, 302, 403, 404, 404, 302]


def area_vi_item(plan: WorkPlan) -> ActionItem:
    return (
        ActionItem.objects.filter(area__plan=plan, area__code=AreaCode.PELAYANAN_PUBLIK)
        .order_by("order")
        .first()
    )


@pytest.fixture
def period(province: Unit) -> SurveyPeriod:
    period = period_make(province, 2025, 2)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    return period


@pytest.fixture
def follow_up(period: SurveyPeriod, people: dict, plan: WorkPlan) -> FollowUp:
    return follow_up_save(
        user=people["sekretariat"],
        period=period,
        kind="skm",
        element_code="U8",
        action="Membuka kanal pengaduan melalui WhatsApp resmi.",
        action_item=area_vi_item(plan),
        due_date=datetime.date(2025, 8, 31),
    )


def form_data(**changes: str) -> dict[str, str]:
    return {
        "element_code": "U3",
        "action": "Menambah petugas loket pada jam sibuk.",
        "action_item": "",
        "status": "rencana",
        "due_date": "2025-09-30",
        **changes,
    }


CASES = [
    ("list", "GET", lambda f: LIST + "?tahun=2025", None, READ),
    ("new", "GET", lambda f: NEW, None, MANAGE_PAGE),
    ("new_save", "POST", lambda f: NEW, form_data, MANAGE_POST),
    (
        "edit",
        "GET",
        lambda f: reverse("survey_follow_up_edit", args=["kpu-kalbar", f.pk]),
        None,
        MANAGE_PAGE,
    ),
    (
        "edit_save",
        "POST",
        lambda f: reverse("survey_follow_up_edit", args=["kpu-kalbar", f.pk]),
        form_data,
        MANAGE_POST,
    ),
    (
        "status",
        "POST",
        lambda f: reverse("survey_follow_up_status", args=["kpu-kalbar", f.pk]),
        lambda: {"status": "selesai"},
        MANAGE_POST,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_every_role_gets_its_answer(
    client: Client,
    people: dict,
    follow_up: FollowUp,
    role: str,
    name: str,
    method: str,
    url,
    data,
    expected: list[int],
) -> None:
    if role != "anonymous":
        client.force_login(people[role])
    target = url(follow_up)
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post(target, data() if data else {})
    want = expected[ROLES.index(role)]
    assert response.status_code == want, f"{name} as {role}: {response.status_code}"
    if want == 302 and role == "anonymous":
        assert response["Location"].startswith("/akun/masuk/")
    changed = FollowUp.objects.filter(status="selesai").exists() or FollowUp.objects.count() > 1
    changed = changed or FollowUp.objects.get(pk=follow_up.pk).element_code != "U8"
    assert changed == (method == "POST" and want == 302 and role != "anonymous")


def test_the_province_ketua_reads_a_kabkota_list_its_own_people_do_not(
    client: Client, people: dict, sambas: Unit
) -> None:
    url = reverse("survey_follow_ups", args=[sambas.slug])
    client.force_login(people["ketua"])
    assert client.get(url).status_code == 200
    client.force_login(people["sekretariat"])
    assert client.get(url).status_code == 404


def test_a_follow_up_of_another_unit_is_not_reachable_through_ones_own(
    client: Client, people: dict, follow_up: FollowUp, sambas: Unit
) -> None:
    client.force_login(people["admin"])
    for name in ("survey_follow_up_edit", "survey_follow_up_status"):
        url = reverse(name, args=[sambas.slug, follow_up.pk])
        assert client.post(url, form_data()).status_code == 404
    assert FollowUp.objects.get().element_code == "U8"


def test_the_list_shows_the_weakest_elements_and_their_follow_ups(
    client: Client, people: dict, follow_up: FollowUp
) -> None:
    client.force_login(people["ketua"])
    body = client.get(LIST + "?tahun=2025&triwulan=2&survei=skm").content.decode()
    block = body.split('data-testid="follow-up-block"', 1)[1]
    assert 'data-quarter="2" data-kind="skm"' in block
    assert "5 responden dari sampel minimal 80" in block
    assert "IKM <strong>84,86</strong> (mutu B, Baik)" in block
    weakest = block.split('data-testid="weakest"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-element="(U\d)"', weakest) == ["U8", "U3", "U9"]
    u8 = weakest.split('data-element="U8"', 1)[1].split("</tr>", 1)[0]
    assert "Membuka kanal pengaduan melalui WhatsApp resmi." in u8
    assert "Direncanakan" in u8 and "target 31 Agustus 2025" in u8
    assert "rencana aksi VI.1." in u8
    assert weakest.count('data-testid="no-follow-up"') == 2
    assert "Tambah tindak lanjut" not in body and "Simpan status" not in body  # the Ketua reads
    client.force_login(people["sekretariat"])
    body = client.get(LIST + "?tahun=2025&triwulan=2&survei=skm").content.decode()
    assert f'href="{NEW}"' in body and f'href="{NEW}?unsur=U3"' in body
    assert f'id="id_f{follow_up.pk}_status"' in body


def test_the_list_says_when_a_year_has_no_quarters(client: Client, people: dict) -> None:
    client.force_login(people["tpi"])
    body = client.get(LIST + "?tahun=2025").content.decode()
    assert "Belum ada periode survei pada tahun 2025." in body


def test_odd_choices_fall_back_to_the_defaults(
    client: Client, people: dict, follow_up: FollowUp
) -> None:
    client.force_login(people["ketua"])
    response = client.get(LIST + "?tahun=2025&triwulan=9&survei=ikm")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="follow-up-block"') == 3  # T2 × 3


def test_the_sekretariat_adds_a_follow_up_and_lands_on_its_quarter(
    client: Client, people: dict, period: SurveyPeriod, plan: WorkPlan
) -> None:
    client.force_login(people["sekretariat"])
    page = client.get(NEW + "?unsur=U3").content.decode()
    heading = 'Tambah tindak lanjut <small class="text-muted">Survei Kepuasan Masyarakat (SKM)'
    assert heading + " · Triwulan 2 2025</small>" in page
    assert "5 responden · IKM 84,86 (mutu B) · unsur terlemah: U8 (NRR 2,75), U3 (NRR 2,80)" in page
    assert '<optgroup label="Unsur terlemah">' in page
    assert '<option value="U3" selected>U3 Waktu penyelesaian (NRR 2,80)</option>' in page
    item = area_vi_item(plan)
    response = client.post(NEW, form_data(action_item=str(item.pk)))
    assert response.status_code == 302
    assert response["Location"] == LIST + "?tahun=2025&triwulan=2&survei=skm"
    row = FollowUp.objects.get()
    assert (row.element_code, row.action_item, row.due_date) == (
        "U3",
        item,
        datetime.date(2025, 9, 30),
    )
    assert "Tindak lanjut disimpan." in client.get(response["Location"]).content.decode()


def test_an_item_outside_area_vi_is_refused_next_to_its_field(
    client: Client, people: dict, period: SurveyPeriod, plan: WorkPlan
) -> None:
    other = ActionItem.objects.filter(area__plan=plan, area__code="sdm").first()
    client.force_login(people["sekretariat"])
    response = client.post(NEW, form_data(action_item=str(other.pk), action=""))
    assert response.status_code == 422
    body = response.content.decode()
    item_error = body.split('data-testid="action_item-error">', 1)[1].split("</div>", 1)[0]
    assert item_error == (
        "Pilih rencana aksi Area VI dari rencana kerja satuan kerja ini pada tahun survei."
    )
    assert 'data-testid="action-error">Tuliskan rencana tindak lanjutnya.<' in body
    assert not FollowUp.objects.exists()


def test_the_longest_action_is_kept_whole_one_more_character_is_refused(
    client: Client, people: dict, period: SurveyPeriod
) -> None:
    client.force_login(people["sekretariat"])
    response = client.post(NEW, form_data(action="x" * (NOTE_CHARS + 1)))
    assert response.status_code == 422
    assert f"paling banyak {NOTE_CHARS} karakter" in response.content.decode()
    assert client.post(NEW, form_data(action="y" * NOTE_CHARS)).status_code == 302
    assert FollowUp.objects.get().action == "y" * NOTE_CHARS


def test_a_quarter_not_opened_or_an_unknown_survey_is_not_found(
    client: Client, people: dict, period: SurveyPeriod
) -> None:
    client.force_login(people["sekretariat"])
    assert (
        client.get(reverse("survey_follow_up_new", args=["kpu-kalbar", 2025, 3, "skm"])).status_code
        == 404
    )
    assert (
        client.get(reverse("survey_follow_up_new", args=["kpu-kalbar", 2025, 2, "ikm"])).status_code
        == 404
    )


def test_the_edit_form_shows_the_follow_up_and_saves_its_changes(
    client: Client, people: dict, follow_up: FollowUp
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("survey_follow_up_edit", args=["kpu-kalbar", follow_up.pk])
    page = client.get(url).content.decode()
    assert "Membuka kanal pengaduan melalui WhatsApp resmi." in page
    assert 'value="2025-08-31"' in page
    response = client.post(
        url, form_data(element_code="U8", status="berjalan", due_date="15/10/2025")
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.due_date, follow_up.action_item) == (
        "berjalan",
        datetime.date(2025, 10, 15),
        None,
    )


def test_a_status_change_from_the_list_is_saved_and_said(
    client: Client, people: dict, follow_up: FollowUp
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("survey_follow_up_status", args=["kpu-kalbar", follow_up.pk])
    response = client.post(url, {"status": "selesai"})
    assert response["Location"].endswith(f"survei=skm#tl-{follow_up.pk}")
    assert "Status tindak lanjut U8 disimpan." in client.get(response["Location"]).content.decode()
    assert FollowUp.objects.get().is_done
    response = client.post(url, {"status": "batal"}, follow=True)
    assert "Pilih status: direncanakan, sedang berjalan, atau selesai." in response.content.decode()
    assert FollowUp.objects.get().is_done


@pytest.mark.parametrize("size", ["one", "many"])
def test_the_list_runs_the_same_queries_however_many_follow_ups(
    client: Client,
    people: dict,
    province: Unit,
    plan: WorkPlan,
    size: str,
    django_assert_num_queries: object,
) -> None:
    quarters = (2,) if size == "one" else (1, 2, 3, 4)
    for quarter in quarters:
        period = period_make(province, 2025, quarter)
        codes = ("U1",) if size == "one" else SKM_CODES
        for code in codes:
            follow_up_save(
                user=people["sekretariat"],
                period=period,
                kind="skm",
                element_code=code,
                action=f"Tindak lanjut {code}",
                action_item=area_vi_item(plan),
            )
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    client.force_login(people["sekretariat"])
    # session, user, unit, the user's roles; the unit's survey years; the board's 7; the
    # navigation's plan years and unread notices
    with django_assert_num_queries(14):
        assert client.get(LIST + "?tahun=2025").status_code == 200
