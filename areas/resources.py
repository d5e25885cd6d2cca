"""The plan models as the admin exports them (django-import-export, formulas escaped).

The admin has no import: the portal's import pages (transfer app) validate every row."""

from import_export import fields
from import_export.widgets import ForeignKeyWidget

from access.models import Unit
from common.spreadsheet import SafeModelResource

from .models import (
    ActionItem,
    Area,
    AreaTarget,
    Component,
    DecreeClause,
    LampiranSection,
    Paragraph,
    WorkPlan,
)


class WorkPlanResource(SafeModelResource):
    unit = fields.Field(attribute="unit", column_name="unit", widget=ForeignKeyWidget(Unit, "slug"))

    class Meta:
        model = WorkPlan
        import_id_fields = ["unit", "year"]
        exclude = ["id"]
        skip_unchanged = True


class _PlanChildResource(SafeModelResource):
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
