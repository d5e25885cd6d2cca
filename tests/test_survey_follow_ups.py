"""Follow-ups (tindak lanjut) of a quarter's survey results (surveys/follow_ups.py): any
element of the survey, an optional action item of the unit's own plan of that year in
area VI only, the three statuses, the Sekretariat only, history in the same transaction."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from access.models import AreaCode, Unit
from areas.copying import plan_copy
from areas.models import ActionItem, WorkPlan
from surveys.follow_ups import follow_up_save, follow_up_status_set
from surveys.models import FollowUp, SurveyPeriod
from surveys.selectors import follow_up_board
from tests.survey_support import SKM_CODES, WORKED_EXAMPLE, paper_responses, period_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)  # triwulan 2


def area_item(plan: WorkPlan, code: str = AreaCode.PELAYANAN_PUBLIK) -> ActionItem:
    return ActionItem.objects.filter(area__plan=plan, area__code=code).order_by("order").first()


@pytest.fixture
def period(province: Unit) -> SurveyPeriod:
    return period_make(province, 2025, 2)


def save(user: object, period: SurveyPeriod, **changes: object) -> FollowUp:
    values: dict[str, object] = {
        "kind": "skm",
        "element_code": "U3",
        "action": "Menyederhanakan alur antrean layanan informasi.",
    }
    return follow_up_save(user=user, period=period, **{**values, **changes})


def test_the_sekretariat_records_a_follow_up_of_an_element_with_an_area_vi_item(
    people: dict, period: SurveyPeriod, plan: WorkPlan
) -> None:
    item = area_item(plan)
    row = save(
        people["sekretariat"],
        period,
        action_item=item,
        status=FollowUp.Status.IN_PROGRESS,
        due_date=datetime.date(2025, 9, 30),
    )
    row.refresh_from_db()
    assert (row.kind, row.element_code, row.action_item_id) == ("skm", "U3", item.pk)
    assert (row.status, row.due_date) == ("berjalan", datetime.date(2025, 9, 30))
    assert row.changed_by == people["sekretariat"]
    record = row.history.get()
    assert (record.history_type, record.history_user) == ("+", people["sekretariat"])


def test_any_element_of_the_survey_may_be_followed_up_not_one_it_lacks(
    people: dict, period: SurveyPeriod
) -> None:
    for code in SKM_CODES:
        save(people["sekretariat"], period, element_code=code)
    save(people["sekretariat"], period, kind="spak", element_code="A1")
    with pytest.raises(ValidationError) as refused:
        save(people["sekretariat"], period, element_code="A1")  # an SPAK code, asked of the SKM
    assert refused.value.message_dict == {
        "element_code": ["Unsur A1 tidak ada dalam kuesioner Survei Kepuasan Masyarakat (SKM)."]
    }
    with pytest.raises(ValidationError) as unknown:
        save(people["sekretariat"], period, kind="ikm")
    assert unknown.value.message_dict == {"kind": ["Pilih survei: SKM, SPAK, atau SPKP."]}
    assert FollowUp.objects.count() == 10


def test_an_action_item_of_another_area_is_refused_with_its_area(
    people: dict, period: SurveyPeriod, plan: WorkPlan
) -> None:
    other = area_item(plan, AreaCode.MANAJEMEN_PERUBAHAN)
    with pytest.raises(ValidationError) as refused:
        save(people["sekretariat"], period, action_item=other)
    assert refused.value.message_dict == {
        "action_item": [
            "Tindak lanjut survei hanya dapat dikaitkan dengan rencana aksi Area VI Peningkatan "
            f"Kualitas Pelayanan Publik; rencana aksi ini dari Area I {other.area.name}."
        ]
    }
    assert not FollowUp.objects.exists()


def test_an_action_item_of_another_unit_is_refused(
    people: dict, period: SurveyPeriod, sambas: Unit
) -> None:
    theirs = area_item(WorkPlan.objects.get(unit=sambas, year=2025))
    with pytest.raises(ValidationError) as refused:
        save(people["sekretariat"], period, action_item=theirs)
    assert refused.value.message_dict == {
        "action_item": ["Rencana aksi ini milik rencana kerja satuan kerja lain."]
    }
    assert not FollowUp.objects.exists()


def test_an_action_item_of_another_year_is_refused(
    people: dict, period: SurveyPeriod, plan: WorkPlan, province: Unit
) -> None:
    next_year = plan_copy(source=plan, unit=province, year=2026)
    with pytest.raises(ValidationError) as refused:
        save(people["sekretariat"], period, action_item=area_item(next_year))
    assert refused.value.message_dict == {
        "action_item": [
            "Rencana aksi ini dari rencana kerja tahun 2026; pilih rencana aksi rencana kerja "
            "tahun 2025."
        ]
    }
    assert not FollowUp.objects.exists()


def test_every_problem_is_raised_together_and_nothing_is_saved(
    people: dict, period: SurveyPeriod, plan: WorkPlan
) -> None:
    with pytest.raises(ValidationError) as refused:
        save(
            people["sekretariat"],
            period,
            element_code="U10",
            action="   ",
            status="batal",
            action_item=area_item(plan, AreaCode.SDM),
        )
    assert set(refused.value.message_dict) == {"element_code", "action", "status", "action_item"}
    assert refused.value.message_dict["action"] == ["Tuliskan rencana tindak lanjutnya."]
    assert not FollowUp.objects.exists()


def test_the_status_moves_through_its_three_values_and_the_history_keeps_each(
    people: dict, period: SurveyPeriod
) -> None:
    row = save(people["sekretariat"], period)
    assert row.status == FollowUp.Status.PLANNED and not row.is_done
    for status in (FollowUp.Status.IN_PROGRESS, FollowUp.Status.DONE):
        row = follow_up_status_set(user=people["sekretariat"], follow_up=row, status=status)
    row.refresh_from_db()
    assert row.status == "selesai" and row.is_done
    reasons = list(row.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons == [(None,), ("Status: Sedang berjalan",), ("Status: Selesai",)]
    with pytest.raises(ValidationError) as refused:
        follow_up_status_set(user=people["sekretariat"], follow_up=row, status="dibatalkan")
    assert refused.value.message_dict == {
        "status": ["Pilih status: direncanakan, sedang berjalan, atau selesai."]
    }
    assert FollowUp.objects.get().status == "selesai"


def test_an_edit_changes_the_follow_up_of_its_own_period_only(
    people: dict, period: SurveyPeriod, province: Unit, plan: WorkPlan
) -> None:
    row = save(people["sekretariat"], period)
    changed = save(
        people["sekretariat"],
        period,
        element_code="U8",
        action="Menyediakan kotak saran daring.",
        action_item=area_item(plan),
        follow_up=row,
    )
    assert changed.pk == row.pk and FollowUp.objects.count() == 1
    assert (changed.element_code, changed.action) == ("U8", "Menyediakan kotak saran daring.")
    assert changed.history.count() == 2
    other_quarter = period_make(province, 2025, 3)
    with pytest.raises(ValidationError) as refused:
        save(people["sekretariat"], other_quarter, follow_up=row)
    assert refused.value.messages == ["Tindak lanjut ini bukan milik triwulan survei ini."]
    assert FollowUp.objects.get().period == period


@pytest.mark.parametrize(
    "role",
    ["ketua", "tpi", "koordinator_own", "koordinator_other_unit", "ketua_other_unit"],
)
def test_only_the_sekretariat_and_admins_record_follow_ups(
    people: dict, period: SurveyPeriod, role: str
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        save(people[role], period)
    assert str(refused.value) == (
        "Hanya Sekretariat satuan kerja ini yang dapat mengelola survei pelayanan."
    )
    row = save(people["admin"], period)
    with pytest.raises(PermissionDenied):
        follow_up_status_set(user=people[role], follow_up=row, status=FollowUp.Status.DONE)
    assert FollowUp.objects.get().status == FollowUp.Status.PLANNED


def test_the_board_pairs_the_weakest_elements_with_their_follow_ups(
    people: dict, period: SurveyPeriod, province: Unit
) -> None:
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    weak = save(people["sekretariat"], period, element_code="U8")  # NRR 2,75: the weakest
    other = save(people["sekretariat"], period, element_code="U4")  # NRR 4,0: not weak
    skm = next(b for b in follow_up_board(province, 2025) if b.kind == "skm")
    assert [w.tally.code for w in skm.weakest] == ["U8", "U3", "U9"]  # 2,75 · 2,8 · 3,2
    assert skm.weakest[0].follow_ups == [weak] and not skm.weakest[1].has_follow_up
    assert skm.others == [other] and skm.weak_followed == 1
    assert skm.result.responses == 5


def test_the_board_reads_a_fixed_number_of_queries(
    people: dict, province: Unit, django_assert_num_queries: object
) -> None:
    for quarter in (1, 2, 3, 4):
        period = period_make(province, 2025, quarter)
        for code in ("U1", "U2", "U3"):
            save(people["sekretariat"], period, element_code=code)
    paper_responses(province, "skm", WORKED_EXAMPLE, SKM_CODES, day=DAY)
    # periods; the results' responses, answers, elements and periods; the follow-ups;
    # the elements of the surveys without responses
    with django_assert_num_queries(7):
        blocks = follow_up_board(province, 2025)
    assert len(blocks) == 12 and sum(len(b.follow_ups) for b in blocks) == 12
