"""The unit dashboard's cached body (dashboards/selectors/page.py, issue 21): a hit is the
page computed afresh byte for byte (but the CSRF token and the CSP nonce), every kind of
write through the services shows on the next request (the unit's data stamp,
rollups/stamps.py), two viewers' flags never share a body, and a hit's queries are pinned."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from access.flags import Can
from access.models import RoleAssignment, Unit
from areas.models import ActionItem, Component, WorkPlan
from dashboards.selectors.page import dashboard_body
from evidence.models import Evidence
from evidence.services import evidence_review, evidence_submit
from lke.services import answer_save
from periods.services import month_lock
from rollups.models import UnitStamp
from rollups.stamps import unit_version
from surveys.models import SurveyPeriod
from surveys.services import period_save
from targets.services import action_status_update, progress_update
from tests.factories import PDF_BYTES, UserFactory, lke_assessment, lke_question, upload
from tests.survey_support import paper_responses
from tests.test_survey_dashboard import Q2, SPAK_CODES, SPAK_ROWS, fill

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
AS_OF_MAY = DASHBOARD + "&bulan=5"


def _page(client: Client, url: str = DASHBOARD) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value=|nonce=|"X-CSRFToken": )"[^"]*"', r'\1""', html)


def _uncached(client: Client, settings: object, url: str = DASHBOARD) -> str:
    """The page computed afresh: with no lifetime the body is not kept."""
    kept = settings.DASHBOARD_CACHE_SECONDS  # type: ignore[attr-defined]
    settings.DASHBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    try:
        return _page(client, url)
    finally:
        settings.DASHBOARD_CACHE_SECONDS = kept  # type: ignore[attr-defined]


@pytest.fixture
def ketua(client: Client, people: dict) -> Client:
    client.force_login(people["ketua"])
    return client


def _fresh_after(client: Client, settings: object, write: object, url: str = DASHBOARD) -> None:
    """The page cached, ``write()`` through a service, the next request shows it: it
    differs from before and equals the page computed afresh."""
    before = _page(client, url)
    assert _page(client, url) == before  # from the cache now
    write()  # type: ignore[operator]
    after = _page(client, url)
    assert after != before
    assert after == _uncached(client, settings, url)


@pytest.mark.parametrize("url", [DASHBOARD, AS_OF_MAY])
def test_a_cached_page_is_the_page_computed_afresh(
    ketua: Client, settings: object, province: Unit, people: dict, url: str
) -> None:
    fill(province)
    assessment = lke_assessment(province)
    question = lke_question("PPA1A")
    answer_save(
        assessment=assessment,
        question=question,
        side="unit",
        user=people["ketua"],
        text=question.scheme[0]["key"],
        version=None,
    )
    fresh = _uncached(ketua, settings, url)
    assert _page(ketua, url) == fresh  # the miss that stores it
    assert _page(ketua, url) == fresh  # the hit
    assert 'data-testid="heatmap"' in fresh and 'data-testid="survey-panel"' in fresh


def test_a_hit_runs_a_fixed_small_number_of_queries(
    ketua: Client, province: Unit, django_assert_num_queries: object
) -> None:
    fill(province)
    lke_assessment(province)
    _page(ketua)
    # the session, the user, the unit and its flags, the plan and the unit's years, the
    # navigation and the notices (the page's own), and the unit's data stamp: no figure
    with django_assert_num_queries(9):  # type: ignore[operator]
        _page(ketua)


def test_a_progress_entry_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, plan: WorkPlan
) -> None:
    component = Component.objects.filter(plan=plan, area__code="manajemen_perubahan").first()

    def write() -> None:
        progress_update(
            user=people["koordinator_own"], component=component, month=4, percent=Decimal("37")
        )

    _fresh_after(ketua, settings, write)


def test_an_evidence_upload_and_its_review_show_on_the_next_request(
    ketua: Client, settings: object, people: dict, plan: WorkPlan
) -> None:
    action = ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").first()

    def submit() -> None:
        evidence_submit(
            user=people["koordinator_own"],
            action=action,
            month=3,
            files=[upload("a.pdf", PDF_BYTES)],
        )

    def review() -> None:
        evidence = Evidence.objects.get(action=action, month=3)
        evidence_review(
            user=people["tpi"], evidence=evidence, decision="diterima", version_number=1
        )

    _fresh_after(ketua, settings, submit)
    _fresh_after(ketua, settings, review)


def test_an_lke_answer_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit
) -> None:
    assessment = lke_assessment(province)
    question = lke_question("PPA1A")

    def write() -> None:
        answer_save(
            assessment=assessment,
            question=question,
            side="unit",
            user=people["ketua"],
            text=question.scheme[0]["key"],
            version=None,
        )

    _fresh_after(ketua, settings, write)


def test_a_survey_response_shows_on_the_next_request(
    ketua: Client, settings: object, province: Unit
) -> None:
    fill(province)
    _fresh_after(
        ketua, settings, lambda: paper_responses(province, "spak", SPAK_ROWS, SPAK_CODES, day=Q2)
    )


def test_a_quarters_population_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit
) -> None:
    fill(province)

    def write() -> None:
        period_save(user=people["sekretariat"], unit=province, year=2025, quarter=2, population=400)

    _fresh_after(ketua, settings, write)
    assert SurveyPeriod.objects.get(unit=province, year=2025, quarter=2).population == 400


def test_an_action_item_status_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, plan: WorkPlan
) -> None:
    action = ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").first()

    def write() -> None:
        action_status_update(
            user=people["koordinator_own"], action=action, month=4, status="selesai"
        )

    _fresh_after(ketua, settings, write)


def test_a_month_lock_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit, plan: WorkPlan
) -> None:
    _fresh_after(
        ketua,
        settings,
        lambda: month_lock(user=people["sekretariat"], unit=province, year=2025, month=4),
    )


def test_a_coordinator_named_in_the_admin_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit, plan: WorkPlan
) -> None:
    model_admin = admin.site._registry[RoleAssignment]
    request = RequestFactory().post("/admin/")
    request.user = people["admin"]
    role = RoleAssignment(
        user=UserFactory(username="koord-baru", first_name="Koordinator", last_name="Baru"),
        unit=province,
        role=RoleAssignment.Role.KOORDINATOR,
        area_codes=["tatalaksana"],
    )

    def add() -> None:
        with transaction.atomic():
            model_admin.save_model(request, role, None, False)

    def remove() -> None:
        with transaction.atomic():
            model_admin.delete_model(request, role)

    _fresh_after(ketua, settings, add)
    assert "Koordinator Baru" in _page(ketua)
    _fresh_after(ketua, settings, remove)
    assert "Koordinator Baru" not in _page(ketua)


def test_viewers_with_different_flags_never_share_a_body(
    people: dict, province: Unit, plan: WorkPlan
) -> None:
    reader = Can(people["ketua"], province)
    outsider = Can(people["ketua_other_unit"], province)  # reads nothing of the province
    assert reader.read_lke and not outsider.read_lke
    lke_assessment(province)
    with_links = dashboard_body(plan, month=None, can=reader)
    without = dashboard_body(plan, month=None, can=outsider)
    assert "Buka LKE" in with_links and "Buka LKE" not in without
    # both from the cache now, each its own
    assert dashboard_body(plan, month=None, can=outsider) == without
    assert dashboard_body(plan, month=None, can=reader) == with_links


def test_two_roles_share_the_body_but_each_sees_its_own_header(
    client: Client, settings: object, people: dict, province: Unit, plan: WorkPlan
) -> None:
    client.force_login(people["sekretariat"])
    sekretariat = _page(client)
    client.force_login(people["koordinator_own"])
    koordinator = _page(client)  # a hit: the body the Sekretariat's request stored
    assert "Ekspor PDF" in sekretariat and "Ekspor PDF" not in koordinator
    assert koordinator == _uncached(client, settings)


def test_every_touch_bumps_the_units_stamp_in_the_writers_transaction(
    people: dict, province: Unit, sambas: Unit, plan: WorkPlan
) -> None:
    start, other = unit_version(province.pk), unit_version(sambas.pk)
    component = Component.objects.filter(plan=plan, area__code="manajemen_perubahan").first()
    progress_update(
        user=people["koordinator_own"], component=component, month=4, percent=Decimal(10)
    )
    assert unit_version(province.pk) == start + 1
    assert unit_version(sambas.pk) == other  # another unit's page stays cached
    with pytest.raises(RuntimeError), transaction.atomic():
        progress_update(
            user=people["koordinator_own"], component=component, month=5, percent=Decimal(10)
        )
        raise RuntimeError  # the write and its stamp roll back together
    assert UnitStamp.objects.get(unit=province).version == start + 1


def test_a_rebuild_of_the_summaries_shows_writes_made_around_the_services(
    ketua: Client, settings: object, people: dict, province: Unit, plan: WorkPlan
) -> None:
    from rollups.services import rollups_rebuild
    from targets.models import ProgressEntry

    component = Component.objects.filter(plan=plan, area__code="manajemen_perubahan").first()

    def write_around_then_rebuild() -> None:
        ProgressEntry.objects.create(component=component, month=6, percent=Decimal("12"))
        rollups_rebuild(unit=province)

    _fresh_after(ketua, settings, write_around_then_rebuild)


def test_an_lke_submission_and_a_question_sent_back_show_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit
) -> None:
    from lke.evaluation import assessment_submit, question_send_back

    assessment = lke_assessment(province)
    _fresh_after(
        ketua, settings, lambda: assessment_submit(assessment=assessment, user=people["ketua"])
    )

    def send_back() -> None:
        question_send_back(
            assessment=assessment, question=lke_question("PPA1A"), user=people["tpi"], note="x"
        )

    _fresh_after(ketua, settings, send_back)


def test_an_lke_attachment_shows_on_the_next_request(
    ketua: Client, settings: object, people: dict, province: Unit
) -> None:
    from lke.attachments import question_evidence_submit

    assessment = lke_assessment(province)

    def attach() -> None:
        question_evidence_submit(
            assessment=assessment,
            question=lke_question("PPA1A"),
            user=people["ketua"],
            files=[upload("a.pdf", PDF_BYTES)],
        )

    _fresh_after(ketua, settings, attach)
