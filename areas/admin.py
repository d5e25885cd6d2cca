from django.contrib import admin

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


class DecreeClauseInline(admin.TabularInline):
    model = DecreeClause
    extra = 0
    fields = ["kind", "order", "label", "text"]


class LampiranSectionInline(admin.TabularInline):
    model = LampiranSection
    extra = 0
    fields = ["order", "key", "chapter", "letter", "heading"]
    show_change_link = True


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["order", "number", "letter", "code", "name", "lke_weight"]
    show_change_link = True


@admin.register(WorkPlan)
class WorkPlanAdmin(AuditedExportAdmin):
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
class DecreeClauseAdmin(AuditedExportAdmin):
    resource_classes = [resources.DecreeClauseResource]
    list_display = ["plan", "kind", "order", "label", "short_text"]
    list_filter = ["kind", "plan__year", "plan__unit"]
    search_fields = ["text"]
    list_select_related = ["plan__unit"]

    @admin.display(description="teks")
    def short_text(self, obj: DecreeClause) -> str:
        return obj.text[:100]


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ["order", "label", "text", "parent"]
    fk_name = "section"


@admin.register(LampiranSection)
class LampiranSectionAdmin(AuditedExportAdmin):
    resource_classes = [resources.LampiranSectionResource]
    list_display = ["plan", "order", "key", "chapter", "letter", "heading"]
    list_filter = ["key", "plan__year", "plan__unit"]
    search_fields = ["heading", "paragraphs__text"]
    list_select_related = ["plan__unit"]
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(AuditedExportAdmin):
    resource_classes = [resources.ParagraphResource]
    list_display = ["section", "order", "label", "__str__"]
    list_filter = ["section__key", "section__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["section__plan__unit"]


class AreaTargetInline(admin.TabularInline):
    model = AreaTarget
    extra = 0
    fields = ["order", "label", "text"]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["order", "label", "text", "parent"]
    fk_name = "area"


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = ["order", "kind", "name", "lke_weight"]
    show_change_link = True


@admin.register(Area)
class AreaAdmin(AuditedExportAdmin):
    resource_classes = [resources.AreaResource]
    list_display = ["__str__", "plan", "code", "lke_weight"]
    list_filter = ["code", "plan__year", "plan__unit"]
    search_fields = ["name", "intro", "actions__text", "targets__text"]
    list_select_related = ["plan__unit"]
    inlines = [AreaTargetInline, ActionItemInline, ComponentInline]


@admin.register(AreaTarget)
class AreaTargetAdmin(AuditedExportAdmin):
    resource_classes = [resources.AreaTargetResource]
    list_display = ["area", "order", "label", "__str__"]
    list_filter = ["area__code", "area__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["area__plan__unit"]


@admin.register(ActionItem)
class ActionItemAdmin(AuditedExportAdmin):
    resource_classes = [resources.ActionItemResource]
    list_display = ["area", "order", "label", "short_text"]
    list_filter = ["area__code", "area__plan__year", "area__plan__unit"]
    search_fields = ["text"]
    list_select_related = ["area__plan__unit"]

    @admin.display(description="teks")
    def short_text(self, obj: ActionItem) -> str:
        return obj.text[:100]


class MonthlyTargetInline(admin.TabularInline):
    model = MonthlyTarget
    extra = 0
    fields = ["month", "percent"]


@admin.register(Component)
class ComponentAdmin(AuditedExportAdmin):
    resource_classes = [resources.ComponentResource]
    list_display = ["name", "kind", "area", "order", "lke_weight", "plan"]
    list_filter = ["kind", "area__code", "plan__year", "plan__unit"]
    search_fields = ["name"]
    list_select_related = ["area", "plan__unit"]
    inlines = [MonthlyTargetInline]


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(AuditedAdmin):
    list_display = ["component", "month", "percent"]
    list_filter = [
        "month",
        "component__area__code",
        "component__plan__year",
        "component__plan__unit",
    ]
    search_fields = ["component__name"]
    list_select_related = ["component"]
    ordering = [
        "component__plan",
        "component__kind",
        "component__area__order",
        "component__order",
        "month",
    ]
