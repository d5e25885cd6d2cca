"""Copying a plan: to another year of its unit, or to the unit's kab/kota units.

A copy holds the plan's text, areas, action items, components and targets; no progress and
no evidence. Names of the source unit (and its year) in the text become the new ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from access import rules
from common.rollups import PLAN, rollup_touch

from .models import ActionItem, AreaTarget, MonthlyTarget, Paragraph, Unit, WorkPlan

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass
class CopyOutcome:
    copied: list[Unit] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def plan_of(unit: Unit, year: int) -> WorkPlan:
    """The unit's plan of ``year``; a ValidationError when it has none."""
    plan = WorkPlan.objects.filter(unit=unit, year=year).select_related("unit").first()
    if plan is None:
        raise ValidationError(f"{unit} belum memiliki rencana kerja tahun {year}.")
    return plan


def plan_copy_to_year(
    *, user: AbstractBaseUser, unit: Unit, source_year: int, year: int
) -> WorkPlan:
    """Copy the unit's plan of ``source_year`` to a new year of the same unit."""
    rules.ensure_can_manage(user, unit)
    source = plan_of(unit, source_year)
    if year == source_year:
        raise ValidationError({"year": "Tahun tujuan harus berbeda dari tahun sumber."})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Tahun harus antara 2000 dan 2100."})
    try:
        return plan_copy(source=source, unit=unit, year=year)
    except ValueError as error:
        raise ValidationError({"year": str(error)}) from None


def plan_copy_to_units(
    *, user: AbstractBaseUser, unit: Unit, year: int, targets: Sequence[Unit]
) -> CopyOutcome:
    """Copy the unit's plan of ``year`` to its kab/kota units. Each copy is its own
    transaction: a unit that already has a plan that year is refused with plan_copy's
    message, the others are copied."""
    rules.ensure_can_manage(user, unit)
    source = plan_of(unit, year)
    for target in targets:
        rules.ensure_can_copy_plan_to(user, unit, target)
    outcome = CopyOutcome()
    for target in targets:
        try:
            plan_copy(source=source, unit=target, year=year)
        except ValueError as error:
            outcome.refused.append(str(error))
        else:
            outcome.copied.append(target)
    return outcome


def _replacer(replacements: list[tuple[str, str]]) -> Any:
    def replace(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in replacements:
                value = value.replace(old, new)
        return value

    return replace


def _clone_rows(
    rows: list[models.Model],
    *,
    replace: Any,
    overrides: Any,
) -> dict[int, models.Model]:
    """Copy rows with bulk_create (with their history rows), parents before children.

    ``overrides(row)`` gives the new foreign keys; text fields pass through ``replace``.
    Returns old pk → new object.
    """
    if not rows:
        return {}
    model = type(rows[0])
    text_fields = [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField | models.CharField)
    ]
    has_parent = any(f.name == "parent" for f in model._meta.fields)
    mapping: dict[int, models.Model] = {}
    pending = list(rows)
    while pending:
        ready = [
            r for r in pending if not has_parent or r.parent_id is None or r.parent_id in mapping
        ]
        pending = [r for r in pending if r not in ready]
        clones = []
        for row in ready:
            values = {
                f.attname: getattr(row, f.attname)
                for f in model._meta.concrete_fields
                if not f.primary_key
            }
            for name in text_fields:
                values[name] = replace(values[name])
            values.update(overrides(row))
            if has_parent and row.parent_id is not None:
                values["parent_id"] = mapping[row.parent_id].pk
            clones.append(model(**values))
        created = bulk_create_with_history(clones, model)
        for row, clone in zip(ready, created, strict=True):
            mapping[row.pk] = clone
    return mapping


@transaction.atomic
def plan_copy(*, source: WorkPlan, unit: Unit, year: int | None = None) -> WorkPlan:
    """Copy a plan's text, areas, action items, components and targets to a unit/year.

    Names of the source unit in the text become the target unit's names; no progress or
    evidence is copied.
    """
    year = year or source.year
    if WorkPlan.objects.filter(unit=unit, year=year).exists():
        raise ValueError(f"{unit} sudah memiliki rencana kerja tahun {year}.")
    src = source.unit
    replacements = [
        (src.name.upper(), unit.name.upper()),
        (src.name, unit.name),
        (src.short_name.upper(), unit.short_name.upper()),
        (src.short_name, unit.short_name),
    ]
    if year != source.year:
        for word in ("TAHUN", "Tahun", "tahun"):
            replacements.append((f"{word} {source.year}", f"{word} {year}"))
    replace = _replacer(replacements)

    plan = _clone_rows(
        [source], replace=replace, overrides=lambda r: {"unit_id": unit.pk, "year": year}
    )[source.pk]
    _clone_rows(
        list(source.clauses.all()), replace=replace, overrides=lambda r: {"plan_id": plan.pk}
    )
    sections = _clone_rows(
        list(source.sections.all()), replace=replace, overrides=lambda r: {"plan_id": plan.pk}
    )
    _clone_rows(
        list(Paragraph.objects.filter(section__plan=source).order_by("section_id", "order")),
        replace=replace,
        overrides=lambda r: {"section_id": sections[r.section_id].pk},
    )
    areas = _clone_rows(
        list(source.areas.all()), replace=replace, overrides=lambda r: {"plan_id": plan.pk}
    )
    _clone_rows(
        list(AreaTarget.objects.filter(area__plan=source)),
        replace=replace,
        overrides=lambda r: {"area_id": areas[r.area_id].pk},
    )
    _clone_rows(
        list(ActionItem.objects.filter(area__plan=source).order_by("area_id", "order")),
        replace=replace,
        overrides=lambda r: {"area_id": areas[r.area_id].pk},
    )
    components = _clone_rows(
        list(source.components.all()),
        replace=replace,
        overrides=lambda r: {
            "plan_id": plan.pk,
            "area_id": areas[r.area_id].pk if r.area_id else None,
        },
    )
    _clone_rows(
        list(MonthlyTarget.objects.filter(component__plan=source)),
        replace=lambda v: v,
        overrides=lambda r: {"component_id": components[r.component_id].pk},
    )
    rollup_touch(PLAN, plan_ids=[plan.pk])
    return plan
