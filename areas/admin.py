from __future__ import annotations

import functools
from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from common.admin import AuditedAdmin, AuditedExportAdmin

from . import resources
from .models import (
    ActionItem,
    Area,
    AreaTarget,
    Component,
    DecreeClause,
    LampiranSection,
    MonthlyTarget,
    Paragraph,
    WorkPlan,
)

# From a row of the plan to its WorkPlan: every unit has an "Area I" and a "Tim Kerja", so a
# dropdown or a list names the unit and year ("Area I – Manajemen Perubahan · KPU Kalbar 2025").
PLAN_PATHS: dict[type, str] = {
    WorkPlan: "",
    DecreeClause: "plan",
    LampiranSection: "plan",
    Paragraph: "section__plan",
    Area: "plan",
    AreaTarget: "area__plan",
    ActionItem: "area__plan",
    Component: "plan",
    MonthlyTarget: "component__plan",
}


def plan_of(obj: Any, path: str) -> WorkPlan:
    for step in filter(None, path.split("__")):
        obj = getattr(obj, step)
    return obj


def _with_plan(obj: Any, *, path: str) -> str:
    return f"{obj} · {plan_of(obj, path)}"


class PlanLabelsMixin:
    """Dropdowns of plan rows name the unit and year; ``plan_path`` (from the listed row to
    its plan) gives the list a "Rencana kerja" column. Its list_select_related must reach
    ``<plan_path>__unit``."""

    plan_path = ""

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
        return str(plan_of(obj, self.plan_path))


class DecreeClauseInline(PlanLabelsMixin, admin.TabularInline):
    model = DecreeClause
    extra = 0
    fields = ["kind", "order", "label", "text"]


class LampiranSectionInline(PlanLabelsMixin, admin.TabularInline):
    model = LampiranSection
    extra = 0
    fields = ["order", "key", "chapter", "letter", "heading"]
    show_change_link = True


class AreaInline(PlanLabelsMixin, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["order", "number", "letter", "code", "name", "lke_weight"]
    show_change_link = True


@admin.register(WorkPlan)
class WorkPlanAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.WorkPlanResource]
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


@admin.register(DecreeClause)
class DecreeClauseAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.DecreeClauseResource]
    list_display = ["plan", "kind", "order", "label", "short_text"]
    list_filter = ["kind", "plan__year", "plan__unit"]
    search_fields = ["text"]
    list_select_related = ["plan__unit"]

    @admin.display(description="teks")
    def short_text(self, obj: DecreeClause) -> str:
        return obj.text[:100]


class ParagraphInline(PlanLabelsMixin, admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ["order", "label", "text", "parent"]
    fk_name = "section"


@admin.register(LampiranSection)
class LampiranSectionAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.LampiranSectionResource]
    list_display = ["plan", "order", "key", "chapter", "letter", "heading"]
    list_filter = ["key", "plan__year", "plan__unit"]
    search_fields = ["heading", "paragraphs__text"]
    list_select_related = ["plan__unit"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.ParagraphResource]
    plan_path = "section__plan"
    list_display = ["rencana", "section", "order", "label", "__str__"]
    list_filter = ["section__key", "section__plan__year", "section__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["section__plan__unit"]


class AreaTargetInline(PlanLabelsMixin, admin.TabularInline):
    model = AreaTarget
    extra = 0
    fields = ["order", "label", "text"]


class ActionItemInline(PlanLabelsMixin, admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["order", "label", "text", "parent"]
    fk_name = "area"


class ComponentInline(PlanLabelsMixin, admin.TabularInline):
    model = Component
    extra = 0
    fields = ["order", "kind", "name", "lke_weight"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.AreaResource]
    list_display = ["__str__", "plan", "code", "lke_weight"]  # plan: "KPU Kalbar 2025"
    list_filter = ["code", "plan__year", "plan__unit"]
    search_fields = ["name", "intro", "actions__text", "targets__text"]
    list_select_related = ["plan__unit"]
    inlines = [AreaTargetInline, ActionItemInline, ComponentInline]


@admin.register(AreaTarget)
class AreaTargetAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.AreaTargetResource]
    plan_path = "area__plan"
    list_display = ["rencana", "area", "order", "label", "__str__"]
    list_filter = ["area__code", "area__plan__year", "area__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["area__plan__unit"]


@admin.register(ActionItem)
class ActionItemAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.ActionItemResource]
    plan_path = "area__plan"
    list_display = ["rencana", "area", "order", "label", "short_text"]
    list_filter = ["area__code", "area__plan__year", "area__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["area__plan__unit"]

    @admin.display(description="teks")
    def short_text(self, obj: ActionItem) -> str:
        return obj.text[:100]


class MonthlyTargetInline(PlanLabelsMixin, admin.TabularInline):
    model = MonthlyTarget
    extra = 0
    fields = ["month", "percent"]


@admin.register(Component)
class ComponentAdmin(PlanLabelsMixin, AuditedExportAdmin):
    resource_classes = [resources.ComponentResource]
    list_display = ["name", "kind", "area", "order", "lke_weight", "plan"]
    list_filter = ["kind", "area__code", "plan__year", "plan__unit"]
    search_fields = ["name"]
    list_select_related = ["area", "plan__unit"]
    inlines = [MonthlyTargetInline]


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(PlanLabelsMixin, AuditedAdmin):
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
