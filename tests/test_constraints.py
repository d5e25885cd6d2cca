"""The database refuses what no writer may store, whatever path it comes by."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from areas.models import Component, MonthlyTarget, WorkPlan
from targets.models import ProgressEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(plan: WorkPlan) -> Component:
    return Component.objects.get(plan=plan, name="Tim Kerja")


@pytest.mark.parametrize("model", [MonthlyTarget, ProgressEntry])
def test_it_refuses_a_percent_of_101(model: type, component: Component) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(component=component, month=5, percent=Decimal("101"))


@pytest.mark.parametrize("model", [MonthlyTarget, ProgressEntry])
def test_it_refuses_a_negative_percent(model: type, component: Component) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(component=component, month=5, percent=Decimal("-1"))


@pytest.mark.parametrize("model", [MonthlyTarget, ProgressEntry])
def test_it_refuses_month_13_and_month_0(model: type, component: Component) -> None:
    for month in (13, 0):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(component=component, month=month, percent=Decimal("50"))


@pytest.mark.parametrize("model", [MonthlyTarget, ProgressEntry])
def test_it_refuses_a_second_row_for_the_same_component_month(
    model: type, component: Component
) -> None:
    model.objects.filter(component=component, month=6).delete()
    model.objects.create(component=component, month=6, percent=Decimal("10"))
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(component=component, month=6, percent=Decimal("20"))


def test_validation_names_the_field_in_indonesian(component: Component) -> None:
    target = MonthlyTarget(component=component, month=13, percent=Decimal("101"))
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    errors = caught.value.message_dict
    assert "lebih kecil dari atau sama dengan 100" in errors["percent"][0]
    assert "lebih kecil dari atau sama dengan 12" in errors["month"][0]


def test_a_result_component_cannot_belong_to_an_area(plan: WorkPlan) -> None:
    area = plan.areas.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Component.objects.create(
            plan=plan, kind=Component.Kind.HASIL, area=area, order=99, name="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Component.objects.create(
            plan=plan, kind=Component.Kind.PENGUNGKIT, area=None, order=99, name="y"
        )


def test_one_plan_per_unit_and_year(plan: WorkPlan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.create(
            unit=plan.unit,
            year=plan.year,
            number="1",
            issuer="x",
            title="x",
            official_title="x",
            establishes="x",
            enacted_place="x",
            enacted_date=plan.enacted_date,
            signer_title="x",
            signer_name="x",
            lampiran_heading="x",
            cover_title="x",
        )
