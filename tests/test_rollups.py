"""The summaries (rollups/) kept by the writing services equal the live computation figure
for figure: seeded random writes through the services, then the national and province
figures read from the summaries against the ones computed from the rows."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Q

from access.models import Unit
from areas.models import ActionItem, Component, MonthlyTarget, WorkPlan
from dashboards.selectors import units_overview, units_overview_live
from dashboards.selectors.lke import units_lke, units_lke_live
from dashboards.selectors.surveys import units_survey_results
from evidence.models import Evidence
from evidence.services import evidence_review, evidence_submit
from lke.models import Question, Side
from lke.services import answer_save
from rollups.models import AssessmentRollup, PlanMonth, SurveyCount, SurveyTally
from rollups.services import rollups_rebuild
from surveys.choices import SurveyKind
from surveys.selectors import current_questionnaire, questionnaire_elements, survey_results
from targets.services import progress_update
from tests.factories import PDF_BYTES, lke_assessment, upload
from tests.survey_support import period_make, phone_response

DAYS = [datetime.date(2025, m, d) for m, d in [(1, 10), (3, 15), (6, 1), (12, 31)]]
DAYS += [datetime.date(2026, 1, 15), datetime.date(2024, 6, 1)]
SURVEY_YEAR = 2026  # the quarter open today (responses take today's quarter)


def _units(province: Unit) -> list[Unit]:
    return list(Unit.objects.filter(Q(pk=province.pk) | Q(parent=province)).order_by("pk"))


def _overview_equal(units: list[Unit]) -> None:
    qs = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("pk")
    for day in DAYS:
        summary = [vars(r) for r in units_overview(qs, 2025, on=day)]
        assert summary == [vars(r) for r in units_overview_live(qs, 2025, on=day)], day


def _lke_equal(units: list[Unit]) -> None:
    assert units_lke(units, SURVEY_YEAR) == units_lke_live(units, SURVEY_YEAR)


def _surveys_equal(units: list[Unit]) -> None:
    summary = units_survey_results(units, SURVEY_YEAR)
    live = survey_results(units=units, year=SURVEY_YEAR, by=("unit",))
    assert {k: v.as_json() for k, v in summary.items()} == {k: v.as_json() for k, v in live.items()}


class Writer:
    """Random writes through the services, seeded."""

    def __init__(self, seed: int, units: list[Unit], people: dict) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (a seeded sequence, not a secret)
        self.admin = people["admin"]
        self.plans = list(WorkPlan.objects.filter(unit__in=units, year=2025))
        self.components = list(Component.objects.filter(plan__in=self.plans, area__isnull=False))
        self.actions = list(ActionItem.objects.filter(area__plan__in=self.plans))
        self.assessments = [lke_assessment(u, SURVEY_YEAR) for u in units]
        self.questions = list(
            Question.objects.filter(worksheet=self.assessments[0].worksheet).exclude(
                answer_type=Question.AnswerType.COUNT
            )
        )
        self.units = units
        self.elements = {
            kind: [e.code for e in questionnaire_elements(current_questionnaire(units[0], kind))]
            for kind in SurveyKind.values
        }

    def entry(self) -> None:
        component = self.rng.choice(self.components)
        percent = Decimal(self.rng.choice([0, 25, 50, 80, 100, 100]))
        progress_update(
            user=self.admin, component=component, month=self.rng.randint(1, 12), percent=percent
        )

    def upload(self) -> None:
        action = self.rng.choice(self.actions)
        evidence_submit(
            user=self.admin,
            action=action,
            month=self.rng.randint(1, 12),
            files=[upload("bukti.pdf", PDF_BYTES)],
        )

    def review(self) -> None:
        waiting = list(Evidence.objects.filter(action__in=self.actions).order_by("pk"))
        if not waiting:
            return self.upload()
        evidence = self.rng.choice(waiting)
        decision = self.rng.choice([Evidence.Status.DITERIMA, Evidence.Status.DITOLAK])
        evidence_review(
            user=self.admin,
            evidence=evidence,
            decision=decision,
            comment="perbaiki" if decision == Evidence.Status.DITOLAK else "",
            version_number=evidence.current_version,
        )

    def answer(self) -> None:
        question = self.rng.choice(self.questions)
        if question.answer_type == Question.AnswerType.SURVEY:
            text = self.rng.choice(["", "3.2", "3.8"])
        else:
            text = str(self.rng.choice(question.scheme)["key"])
        side = self.rng.choice([Side.UNIT, Side.UNIT, Side.TPI])
        answer_save(
            assessment=self.rng.choice(self.assessments),
            question=question,
            side=side,
            version=None,
            user=self.admin,
            text=text,
        )

    def response(self) -> None:
        kind = self.rng.choice(SurveyKind.values)
        values = {code: self.rng.randint(1, 4) for code in self.elements[kind]}
        phone_response(self.rng.choice(self.units), kind, values)

    def run(self, steps: int) -> None:
        doors = [self.entry] * 4 + [self.upload, self.review, self.answer, self.response]
        for _ in range(steps):
            self.rng.choice(doors)()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_leave_the_summaries_equal_to_the_live_figures(
    seed: int, province: Unit, sambas: Unit, people: dict
) -> None:
    units = _units(province)
    for unit in units:
        period_make(unit, SURVEY_YEAR, 4)
    writer = Writer(seed, [province, sambas], people)
    writer.run(40)
    _overview_equal(units)
    _lke_equal(units)
    _surveys_equal(units)
    assert SurveyCount.objects.exists() and AssessmentRollup.objects.exists()


def test_a_rebuild_changes_nothing_and_can_run_twice(
    province: Unit, sambas: Unit, people: dict
) -> None:
    for unit in (province, sambas):
        period_make(unit, SURVEY_YEAR, 4)
    Writer(3, [province, sambas], people).run(25)

    def rows() -> list[list[tuple]]:
        return [
            sorted(PlanMonth.objects.values_list()),
            sorted(AssessmentRollup.objects.values_list()),
            sorted(SurveyCount.objects.values_list("period_id", "kind", "responses")),
            sorted(
                SurveyTally.objects.values_list(
                    "period_id", "kind", "element_code", "answers", "total"
                )
            ),
        ]

    before = rows()
    call_command("rollups_rebuild")
    assert rows() == before
    call_command("rollups_rebuild", unit=province.slug, year=2025)
    assert rows() == before


def test_a_write_past_the_services_shows_until_a_rebuild(province: Unit, plan: WorkPlan) -> None:
    """The summaries follow the services only: a row written around them (here a target
    cell) leaves them behind until the rebuild, which brings them back to the rows."""
    cell = MonthlyTarget.objects.filter(component__plan=plan, component__area__isnull=False)
    cell.filter(month=1).update(percent=Decimal(1))
    units = Unit.objects.filter(pk=province.pk)
    day = datetime.date(2026, 1, 15)
    assert vars(units_overview(units, 2025, on=day)[0]) != vars(
        units_overview_live(units, 2025, on=day)[0]
    )
    rollups_rebuild(unit=province, year=2025)
    assert vars(units_overview(units, 2025, on=day)[0]) == vars(
        units_overview_live(units, 2025, on=day)[0]
    )


def test_a_target_changed_in_the_admin_is_summarised(
    client: object, people: dict, province: Unit, plan: WorkPlan
) -> None:
    cell = MonthlyTarget.objects.filter(component__plan=plan, component__area__isnull=False).first()
    client.force_login(people["admin"])
    url = f"/admin/areas/monthlytarget/{cell.pk}/change/"
    data = {"component": cell.component_id, "month": cell.month, "percent": "7.00"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    units = Unit.objects.filter(pk=province.pk)
    day = datetime.date(2026, 1, 15)
    live = units_overview_live(units, 2025, on=day)[0]
    assert vars(units_overview(units, 2025, on=day)[0]) == vars(live)
    client.post(f"/admin/areas/monthlytarget/{cell.pk}/delete/", {"post": "yes"})
    live = units_overview_live(units, 2025, on=day)[0]
    assert vars(units_overview(units, 2025, on=day)[0]) == vars(live)


@pytest.mark.parametrize("count", [1, 2])
def test_the_summaries_are_read_in_a_fixed_number_of_queries(
    count: int, province: Unit, sambas: Unit, django_assert_num_queries: object
) -> None:
    lke_assessment(province, SURVEY_YEAR)
    lke_assessment(sambas, SURVEY_YEAR)
    units = Unit.objects.filter(slug__in=["kpu-kalbar", "kpu-sambas"][:count]).order_by("pk")
    with django_assert_num_queries(3):  # the units, their plans' months, their action items
        assert len(units_overview(units, 2025, on=DAYS[1])) == count
    with django_assert_num_queries(1):
        assert len(units_lke(list(units), SURVEY_YEAR)) == count
    with django_assert_num_queries(4):  # responses, answers, elements, periods
        units_survey_results(list(units), SURVEY_YEAR)
