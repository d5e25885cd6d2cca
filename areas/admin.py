from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import ForeignKey, JSONField, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from common.admin import AuditedAdmin, AuditedExportAdmin
from common.rollups import PLAN, rollup_touch

from . import models, resources
from .lke_codes import question_codes_clean

# From a row of the plan to its models.WorkPlan: every unit has an "Area I" and a "Tim Kerja", so a
# dropdown or a list names the unit and year ("Area I – Manajemen Perubahan · KPU Kalbar 2025").
PLAN_PATHS: dict[type, str] = {
    models.WorkPlan: "",
    models.DecreeClause: "plan",
    models.LampiranSection: "plan",
    models.Paragraph: "section__plan",
    models.Area: "plan",
    models.AreaTarget: "area__plan",
    models.ActionItem: "area__plan",
    models.Component: "plan",
    models.MonthlyTarget: "component__plan",
}


def plan_of(obj: Any, path: str) -> models.WorkPlan:
    for step in filter(None, path.split("__")):
        obj = getattr(obj, step)
    return obj


def _with_plan(obj: Any, *, path: str) -> str:
    return f"{obj} · {plan_of(obj, path)}"


class LkeCodesField(forms.CharField):
    """An action item's LKE question codes, typed "PPA1A, PPA1B" (the plan's only JSON)."""

    def __init__(self, *, encoder: Any = None, decoder: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        return question_codes_clean(value)


class PlanLabelsMixin:
    """Dropdowns of plan rows name the unit and year; ``plan_path`` (from the listed row to
    its plan) gives the list a "Rencana kerja" column. Its list_select_related must reach
    ``<plan_path>__unit``."""

    plan_path = ""
    formfield_overrides = {JSONField: {"form_class": LkeCodesField}}

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        path = PLAN_PATHS.get(db_field.related_model)
        if field is not None and path:
            field.queryset = field.queryset.select_related(f"{path}__unit")
            field.label_from_instance = functools.partial(_with_plan, path=path)
        return field

    @admin.display(description="rencana kerja")
    def rencana(self, obj: Any) -> str:
        return str(plan_of(obj, self.plan_path or PLAN_PATHS[self.model]))


class PlanRollupMixin:
    """The admin edits plan rows past the services (targets, components, action items,
    areas and their inlines): the plan's summary (rollups) is refreshed in the admin's
    transaction, for the plan the row belonged to and the one it belongs to now."""

    model: type

    def _plan_ids(self, queryset: QuerySet) -> set[int]:
        path = PLAN_PATHS[self.model]
        return set(queryset.values_list(f"{path}__pk" if path else "pk", flat=True))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = self._plan_ids(self.model.objects.filter(pk=obj.pk)) if obj.pk else set()
        obj._rollup_plans = before  # read back in save_related
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        obj = form.instance
        now = self._plan_ids(self.model.objects.filter(pk=obj.pk))
        rollup_touch(PLAN, plan_ids=now | getattr(obj, "_rollup_plans", set()))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        plans = self._plan_ids(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)  # type: ignore[misc]
        rollup_touch(PLAN, plan_ids=plans)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():  # the changelist's delete action runs outside one
            plans = self._plan_ids(queryset)
            super().delete_queryset(request, queryset)  # type: ignore[misc]
            rollup_touch(PLAN, plan_ids=plans)


def _inline(model: type, *fields: str, fk_name: str | None = None, link: bool = False) -> type:
    """A table of a plan's rows inside their parent's page (no empty extra rows)."""
    attrs = {"model": model, "fields": fields, "extra": 0, "fk_name": fk_name}
    return type(
        f"{model.__name__}Inline",
        (PlanLabelsMixin, admin.TabularInline),
        attrs | {"show_change_link": link},
    )


DecreeClauseInline = _inline(models.DecreeClause, "kind", "order", "label", "text")
LampiranSectionInline = _inline(
    models.LampiranSection, "order", "key", "chapter", "letter", "heading", link=True
)
AreaInline = _inline(
    models.Area, "order", "number", "letter", "code", "name", "lke_weight", link=True
)
ParagraphInline = _inline(models.Paragraph, "order", "label", "text", "parent", fk_name="section")
AreaTargetInline = _inline(models.AreaTarget, "order", "label", "text")
ActionItemInline = _inline(
    models.ActionItem, "order", "label", "text", "parent", "lke_codes", fk_name="area"
)
ComponentInline = _inline(
    models.Component, "order", "kind", "name", "lke_weight", "lke_code", link=True
)
MonthlyTargetInline = _inline(models.MonthlyTarget, "month", "percent")


class PlanExportAdmin(PlanRollupMixin, PlanLabelsMixin, AuditedExportAdmin):
    """A plan model's admin: exported by its resource in areas.resources (formulas escaped)."""

    def get_resource_classes(self, request: HttpRequest) -> list[type]:
        return [resources.RESOURCES[self.model]]


class TextRowAdmin(PlanExportAdmin):
    """A row of the plan that is mostly text (a clause, a paragraph, a list item): searched
    by its text and listed with its first 100 characters."""

    search_fields = ["text"]
    own_filters: tuple[str, ...] = ()  # before the plan's year and unit

    def get_list_filter(self, request: HttpRequest) -> list[str]:
        path = PLAN_PATHS[self.model]
        return [*self.own_filters, f"{path}__year", f"{path}__unit"]

    def get_list_select_related(self, request: HttpRequest) -> list[str]:
        return [f"{PLAN_PATHS[self.model]}__unit"]

    @admin.display(description="teks")
    def short_text(self, obj: Any) -> str:
        return obj.text[:100]


@admin.register(models.WorkPlan)
class WorkPlanAdmin(PlanExportAdmin):
    list_display = ["__str__", "number", "year", "enacted_date", "signer_name"]
    list_filter = ["year", "unit__kind"]
    search_fields = ["unit__name", "unit__short_name", "title", "number"]
    list_select_related = ["unit"]
    inlines = [DecreeClauseInline, LampiranSectionInline, AreaInline]
    fieldsets = [
        (None, {"fields": ["unit", "year", "number", "issuer", "title", "official_title"]}),
        ("Menetapkan", {"fields": ["establishes", "enacted_place", "enacted_date"]}),
        ("Tanda tangan", {"fields": ["signer_title", "signer_name"]}),
        ("Salinan sesuai dengan aslinya", {"fields": ["copy_office", "copy_title", "copy_name"]}),
        ("Lampiran", {"fields": ["lampiran_heading", "cover_title", "cover_footer"]}),
    ]


@admin.register(models.LampiranSection)
class LampiranSectionAdmin(PlanExportAdmin):
    list_display = ["plan", "order", "key", "chapter", "letter", "heading"]
    list_filter = ["key", "plan__year", "plan__unit"]
    search_fields = ["heading", "paragraphs__text"]
    list_select_related = ["plan__unit"]
    inlines = [ParagraphInline]


@admin.register(models.Area)
class AreaAdmin(PlanExportAdmin):
    list_display = ["__str__", "plan", "code", "lke_weight"]  # plan: "KPU Kalbar 2025"
    list_filter = ["code", "plan__year", "plan__unit"]
    search_fields = ["name", "intro", "actions__text", "targets__text"]
    list_select_related = ["plan__unit"]
    inlines = [AreaTargetInline, ActionItemInline, ComponentInline]


@admin.register(models.Component)
class ComponentAdmin(PlanExportAdmin):
    list_display = ["name", "kind", "area", "order", "lke_weight", "lke_code", "plan"]
    list_filter = ["kind", "area__code", "plan__year", "plan__unit"]
    search_fields = ["name"]
    list_select_related = ["area", "plan__unit"]
    inlines = [MonthlyTargetInline]


@admin.register(models.MonthlyTarget)
class MonthlyTargetAdmin(PlanRollupMixin, PlanLabelsMixin, AuditedAdmin):
    plan_path = "component__plan"
    list_display = ["rencana", "component", "month", "percent"]
    list_filter = [
        "month",
        "component__area__code",
        "component__plan__year",
        "component__plan__unit",
    ]
    search_fields = ["component__name"]
    list_select_related = ["component__plan__unit"]
    ordering = [
        "component__plan",
        "component__kind",
        "component__area__order",
        "component__order",
        "month",
    ]


# The text rows of the plan: what the list shows, and its own filters before year and unit.
TEXT_ROWS: dict[type, tuple[list[str], tuple[str, ...]]] = {
    models.DecreeClause: (["plan", "kind", "order", "label", "short_text"], ("kind",)),
    models.Paragraph: (["rencana", "section", "order", "label", "__str__"], ("section__key",)),
    models.AreaTarget: (["rencana", "area", "order", "label", "__str__"], ("area__code",)),
    models.ActionItem: (
        ["rencana", "area", "order", "label", "short_text", "lke_codes"],
        ("area__code",),
    ),
}
for model, (display, filters) in TEXT_ROWS.items():
    attrs = {"list_display": display, "own_filters": filters}
    admin.site.register(model, type(f"{model.__name__}Admin", (TextRowAdmin,), attrs))
