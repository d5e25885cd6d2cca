"""django-import-export resources for the plan models (admin import/export)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .models import (
    ActionItem,
    Area,
    AreaTarget,
    Component,
    DecreeClause,
    LampiranSection,
    Paragraph,
    Unit,
    WorkPlan,
)


class UnitResource(resources.ModelResource):
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=ForeignKeyWidget(Unit, "slug")
    )

    class Meta:
        model = Unit
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "city",
            "website",
            "order",
            "is_public",
        ]
        skip_unchanged = True


class WorkPlanResource(resources.ModelResource):
    unit = fields.Field(attribute="unit", column_name="unit", widget=ForeignKeyWidget(Unit, "slug"))

    class Meta:
        model = WorkPlan
        import_id_fields = ["unit", "year"]
        exclude = ["id"]
        skip_unchanged = True


class _PlanChildResource(resources.ModelResource):
    class Meta:
        skip_unchanged = True


class DecreeClauseResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = DecreeClause
        fields = ["id", "plan", "kind", "order", "label", "text"]


class LampiranSectionResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = LampiranSection
        exclude = []


class ParagraphResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = Paragraph
        fields = ["id", "section", "parent", "order", "label", "text"]


class AreaResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = Area
        fields = ["id", "plan", "code", "order", "number", "letter", "name", "intro", "lke_weight"]


class AreaTargetResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = AreaTarget
        fields = ["id", "area", "order", "label", "text"]


class ActionItemResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = ActionItem
        fields = ["id", "area", "parent", "order", "label", "text"]


class ComponentResource(_PlanChildResource):
    class Meta(_PlanChildResource.Meta):
        model = Component
        fields = ["id", "plan", "kind", "area", "order", "name", "lke_weight"]
