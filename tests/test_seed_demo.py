import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from access.models import RoleAssignment, Unit
from areas.models import WorkPlan

pytestmark = pytest.mark.django_db


def test_it_is_refused_unless_debug(settings: object) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="ketua").exists()


def test_it_copies_the_plan_to_the_14_kabkota_and_creates_demo_accounts(
    settings: object, province: Unit
) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    assert WorkPlan.objects.filter(unit__parent=province, year=2025).count() == 14
    sambas = WorkPlan.objects.get(unit__slug="kpu-sambas", year=2025)
    assert sambas.components.count() == 25
    assert "KOMISI PEMILIHAN UMUM KABUPATEN SAMBAS" in sambas.title
    assert "Kalimantan Barat" not in sambas.areas.get(code="tatalaksana").targets.first().text
    User = get_user_model()
    names = ["admin", "ketua", "sekretariat", "tpi"] + [f"koordinator{i}" for i in range(1, 7)]
    for name in names:
        user = User.objects.get(username=name)
        assert user.check_password("zi-demo-2025")
    assert User.objects.get(username="admin").is_superuser
    k3 = RoleAssignment.objects.get(user__username="koordinator3")
    assert (k3.unit, k3.role, k3.area_codes) == (province, "koordinator", ["sdm"])
    # running it again changes nothing
    call_command("seed_demo")
    assert WorkPlan.objects.filter(unit__parent=province).count() == 14
    assert RoleAssignment.objects.count() == 9


def test_it_fills_a_plausible_demo_year_for_the_dashboard(settings: object, province: Unit) -> None:
    from dashboards.selectors import unit_dashboard
    from targets.models import ProgressEntry

    settings.DEBUG = True
    call_command("seed_demo")
    plan = WorkPlan.objects.get(unit=province, year=2025)
    entries = ProgressEntry.objects.filter(component__plan=plan)
    assert entries.count() > 150
    assert entries.filter(updated_by__username="koordinator1").exists()
    d = unit_dashboard(plan)
    assert 50 < d.achievement < 100  # some behind, some missing, most on target
    assert d.missing and d.behind


def test_each_kabkota_gets_its_own_believable_progress(settings: object, province: Unit) -> None:
    from dashboards.selectors import units_overview

    settings.DEBUG = True
    call_command("seed_demo")
    kabkota = Unit.objects.filter(parent=province).order_by("order")
    rows = units_overview(kabkota, 2025)
    achievements = [r.achievement for r in rows]
    assert len(rows) == 14
    assert all(10 < a < 100 for a in achievements), achievements
    assert len(set(achievements)) == 14  # each unit its own pace
    assert sum(r.missing for r in rows) > 0
    # the same on every run (drawn from the slug), and a second run adds nothing
    call_command("seed_demo")
    assert [r.achievement for r in units_overview(kabkota, 2025)] == achievements


def test_it_runs_a_survey_year_for_every_unit_and_opens_the_current_quarter(
    settings: object, province: Unit
) -> None:
    from common.dates import quarter_of, today
    from surveys.models import Desk, FollowUp, Response, SurveyPeriod
    from surveys.selectors import survey_results

    settings.DEBUG = True
    call_command("seed_demo")
    units = list(Unit.objects.all())
    found = survey_results(units=units, year=2025, by=("unit",))
    assert {unit for (_kind, unit) in found} == {u.pk for u in units}
    skm = found[("skm", province.pk)]
    assert skm.responses > 300 and skm.grade in {"A", "B", "C"}
    assert SurveyPeriod.objects.filter(year=2025, published_at__isnull=False).count() == 3 * 15
    now = today()
    assert SurveyPeriod.objects.get(
        unit=province, year=now.year, quarter=quarter_of(now.month)
    ).is_open
    assert Desk.objects.get(unit=province).open_link
    # each quarter: a follow-up of the SKM's weakest element, three comments, two approved
    assert FollowUp.objects.filter(period__unit=province).count() == 4
    assert Response.objects.filter(period__unit=province, comment_status="disetujui").count() == 8
    assert Response.objects.filter(period__unit=province, comment_status="menunggu").count() == 4
    count = Response.objects.count()
    call_command("seed_demo")  # a second run adds nothing
    assert Response.objects.count() == count
