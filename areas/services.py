"""Writes with rules for units and plans: loading a plan from its data file, copying it
(areas.copying)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from areas.models import MonthlyTarget
from common.rollups import PLAN, rollup_touch

from . import models as plan_models
from .copying import plan_copy as plan_copy  # the plan's service; lives in copying
from .mapping import mapping_fill
from .models import Component, DecreeClause, Unit, WorkPlan
from .selectors import plan_with_parts

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PLAN_FILE = DATA_DIR / "kpu-kalbar-2025.yaml"

PLAN_FIELDS = [
    "number",
    "issuer",
    "title",
    "official_title",
    "establishes",
    "enacted_place",
    "enacted_date",
    "signer_title",
    "signer_name",
    "copy_office",
    "copy_title",
    "copy_name",
    "lampiran_heading",
    "cover_title",
    "cover_footer",
]
SECTION_FIELDS = [
    "chapter",
    "chapter_title",
    "letter",
    "heading",
    "signature_place_date",
    "signature_title",
    "signature_name",
]
UNIT_FIELDS = ("code", "name", "short_name", "city", "website")


@dataclass
class LoadReport:
    """What a load did, per model: created, updated, deleted, unchanged."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped_plans: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())
        )


def read_plan_file(path: Path = DEFAULT_PLAN_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class _Writer:
    """Creates or (when overwriting) updates rows found by their natural key."""

    def __init__(self, report: LoadReport, *, overwrite: bool) -> None:
        self.report = report
        self.overwrite = overwrite

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> models.Model:
        name = model.__name__
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.created[name] += 1
            return obj
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed and self.overwrite:
            for key in changed:
                setattr(obj, key, values[key])
            obj.full_clean()
            obj.save(update_fields=changed)
            self.report.updated[name] += 1
        else:
            self.report.unchanged[name] += 1
        return obj

    def prune(self, queryset: models.QuerySet, keep: list[int]) -> None:
        """Delete the rows the file no longer has (only when overwriting)."""
        extra = queryset.exclude(pk__in=keep)
        if self.overwrite:
            for obj in extra:
                obj.delete()
                self.report.deleted[type(obj).__name__] += 1


def _percent(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _weight(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


@transaction.atomic
def plan_load(*, data: dict[str, Any], overwrite: bool = False) -> LoadReport:
    """Load units and a plan from the data file's structure.

    Without ``overwrite`` an existing plan is left as it is (it may have been edited in the
    portal since); with it, the plan is brought back to the file, row by row, and entries
    and evidence that hang on its components are kept.
    """
    report = LoadReport()
    writer = _Writer(report, overwrite=overwrite)
    parent = _unit_upsert(writer, data["unit"], kind=Unit.Kind.PROVINSI, parent=None, order=0)
    for index, child in enumerate(data.get("children", []), start=1):
        _unit_upsert(writer, child, kind=Unit.Kind.KABKOTA, parent=parent, order=index)

    plan_data = data["plan"]
    existing = WorkPlan.objects.filter(unit=parent, year=plan_data["year"]).first()
    if existing and not overwrite:
        report.skipped_plans.append(str(existing))
        mapping_fill(existing, plan_data, report.updated)
        return report
    plan = _plan_write(writer, unit=parent, plan_data=plan_data)
    rollup_touch(PLAN, plan_ids=[plan.pk])
    return report


def _unit_upsert(
    writer: _Writer, item: dict[str, Any], *, kind: str, parent: Unit | None, order: int
) -> Unit:
    values = {key: item.get(key, "") for key in UNIT_FIELDS}
    values.update(kind=kind, parent=parent, order=order)
    placed = Unit.objects.filter(slug=item["slug"]).values("parent_id", "order").first()
    if placed is not None:
        # Where an existing unit sits (under KPU RI, its place in the list) is load_units'
        # (access.services.units_load): a plan file does not move it back to the top.
        del values["parent"]
        values.update(parent_id=placed["parent_id"], order=placed["order"])
    return writer.upsert(Unit, {"slug": item["slug"]}, values)


def _plan_write(writer: _Writer, *, unit: Unit, plan_data: dict[str, Any]) -> WorkPlan:
    values = {key: plan_data.get(key, "") for key in PLAN_FIELDS}
    values["number"] = str(values["number"])
    if isinstance(values["enacted_date"], str):
        values["enacted_date"] = datetime.date.fromisoformat(values["enacted_date"])
    plan = writer.upsert(WorkPlan, {"unit": unit, "year": plan_data["year"]}, values)

    kept = []
    for kind, key in (
        (DecreeClause.Kind.MENIMBANG, "menimbang"),
        (DecreeClause.Kind.MENGINGAT, "mengingat"),
        (DecreeClause.Kind.DIKTUM, "dictums"),
    ):
        for order, item in enumerate(plan_data.get(key, []), start=1):
            clause = writer.upsert(
                DecreeClause,
                {"plan": plan, "kind": kind, "order": order},
                {"label": item["label"], "text": item["text"]},
            )
            kept.append(clause.pk)
    writer.prune(plan.clauses.all(), kept)

    kept = []
    for order, item in enumerate(plan_data.get("sections", []), start=1):
        values = {key: item.get(key) or "" for key in SECTION_FIELDS}
        values["order"] = order
        section = writer.upsert(
            plan_models.LampiranSection, {"plan": plan, "key": item["key"]}, values
        )
        kept.append(section.pk)
        paragraph_ids = _items_write(
            writer, plan_models.Paragraph, {"section": section}, item.get("paragraphs", [])
        )
        writer.prune(section.paragraphs.all(), paragraph_ids)
    writer.prune(plan.sections.all(), kept)

    kept_components = []
    for order, item in enumerate(plan_data["areas"], start=1):
        area = writer.upsert(
            plan_models.Area,
            {"plan": plan, "code": item["code"]},
            {
                "order": order,
                "number": item["number"],
                "letter": item["letter"],
                "name": item["name"],
                "intro": item.get("intro", ""),
                "lke_weight": _weight(item.get("lke_weight")),
            },
        )
        ids = _items_write(writer, plan_models.AreaTarget, {"area": area}, item.get("targets", []))
        writer.prune(area.targets.all(), ids)
        ids = _items_write(writer, plan_models.ActionItem, {"area": area}, item.get("actions", []))
        writer.prune(area.actions.all(), ids)
        for number, row in enumerate(item.get("components", []), start=1):
            kept_components.append(
                _component_write(writer, plan, Component.Kind.PENGUNGKIT, area, number, row).pk
            )
    for number, row in enumerate(plan_data.get("result_components", []), start=1):
        kept_components.append(
            _component_write(writer, plan, Component.Kind.HASIL, None, number, row).pk
        )
    return plan


def _items_write(
    writer: _Writer, model: type[models.Model], owner: dict[str, Any], items: list[dict[str, Any]]
) -> list[int]:
    """Write an ordered, possibly nested list; order runs through children too."""
    ids: list[int] = []
    has_parent = any(f.name == "parent" for f in model._meta.fields)
    has_figure = any(f.name == "figure" for f in model._meta.fields)
    has_codes = any(f.name == "lke_codes" for f in model._meta.fields)

    def walk(entries: list[dict[str, Any]], parent: models.Model | None) -> None:
        for entry in entries:
            values: dict[str, Any] = {"label": entry.get("label") or "", "text": entry["text"]}
            if has_parent:
                values["parent"] = parent
            if has_figure:
                values["figure"] = entry.get("figure") or ""
            if has_codes:
                values["lke_codes"] = list(entry.get("lke_codes") or [])
            obj = writer.upsert(model, {**owner, "order": len(ids) + 1}, values)
            ids.append(obj.pk)
            walk(entry.get("children", []), obj)

    walk(items, None)
    return ids


def _component_write(
    writer: _Writer,
    plan: WorkPlan,
    kind: str,
    area: plan_models.Area | None,
    number: int,
    row: dict[str, Any],
) -> Component:
    component = writer.upsert(
        Component,
        {"plan": plan, "kind": kind, "area": area, "order": number},
        {
            "name": row["name"],
            "lke_weight": _weight(row.get("lke_weight")),
            "lke_code": row.get("lke_code") or "",
        },
    )
    months = row["months"]
    if len(months) != 12:
        raise ValueError(f"{row['name']}: target table row needs 12 months, has {len(months)}")
    kept = []
    for month, value in enumerate(months, start=1):
        percent = _percent(value)
        if percent is None:
            continue
        target = writer.upsert(
            MonthlyTarget, {"component": component, "month": month}, {"percent": percent}
        )
        kept.append(target.pk)
    writer.prune(component.targets.all(), kept)
    return component


def plan_as_data(plan: WorkPlan) -> dict[str, Any]:
    """The plan in the data file's structure (the inverse of plan_load's plan part)."""
    plan = plan_with_parts(plan)

    def nested(rows: list[Any]) -> list[dict[str, Any]]:
        by_parent: dict[int | None, list[Any]] = {}
        for row in rows:
            by_parent.setdefault(row.parent_id, []).append(row)

        def build(parent_id: int | None) -> list[dict[str, Any]]:
            out = []
            for row in by_parent.get(parent_id, []):
                item: dict[str, Any] = {"label": row.label, "text": row.text}
                if getattr(row, "figure", ""):
                    item["figure"] = row.figure
                if getattr(row, "lke_codes", None):
                    item["lke_codes"] = list(row.lke_codes)
                children = build(row.pk)
                if children:
                    item["children"] = children
                out.append(item)
            return out

        return build(None)

    def months(component: Component) -> list[float | None]:
        cells: list[float | None] = [None] * 12
        for target in component.targets.all():
            cells[target.month - 1] = float(target.percent)
        return cells

    def weight(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    def row(component: Component) -> dict[str, Any]:
        item: dict[str, Any] = {"name": component.name}
        if component.lke_code:
            item["lke_code"] = component.lke_code
        item.update(lke_weight=weight(component.lke_weight), months=months(component))
        return item

    clauses = {kind: [] for kind in DecreeClause.Kind.values}
    for clause in plan.clauses.all():
        clauses[clause.kind].append({"label": clause.label, "text": clause.text})
    components = list(plan.components.all())
    data: dict[str, Any] = {key: getattr(plan, key) for key in PLAN_FIELDS}
    data.update(
        year=plan.year,
        enacted_date=plan.enacted_date.isoformat(),
        menimbang=clauses[DecreeClause.Kind.MENIMBANG],
        mengingat=clauses[DecreeClause.Kind.MENGINGAT],
        dictums=clauses[DecreeClause.Kind.DIKTUM],
        sections=[
            {
                "key": s.key,
                **{k: getattr(s, k) for k in SECTION_FIELDS},
                "paragraphs": nested(list(s.paragraphs.all())),
            }
            for s in plan.sections.all()
        ],
        areas=[
            {
                "code": a.code,
                "number": a.number,
                "letter": a.letter,
                "name": a.name,
                "lke_weight": weight(a.lke_weight),
                "intro": a.intro,
                "targets": [{"label": t.label, "text": t.text} for t in a.targets.all()],
                "actions": nested(list(a.actions.all())),
                "components": [row(c) for c in components if c.area_id == a.pk],
            }
            for a in plan.areas.all()
        ],
        result_components=[row(c) for c in components if c.kind == Component.Kind.HASIL],
    )
    return data
