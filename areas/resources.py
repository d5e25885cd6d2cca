"""The plan models as the admin exports them (django-import-export, formulas escaped).

The admin has no import: the portal's import pages (transfer app) validate every row."""

from django.db.models import Model
from import_export import fields
from import_export.resources import modelresource_factory
from import_export.widgets import ForeignKeyWidget

from access.models import Unit
from common.spreadsheet import SafeModelResource

from . import models


class WorkPlanResource(SafeModelResource):
    unit = fields.Field(attribute="unit", column_name="unit", widget=ForeignKeyWidget(Unit, "slug"))

    class Meta:
        model = models.WorkPlan
        import_id_fields = ["unit", "year"]
        exclude = ["id"]
        skip_unchanged = True


def _plan_part(model: type[Model], *fields: str) -> type[SafeModelResource]:
    """The export of one kind of plan part: the named columns (all when none), formulas escaped."""
    options: dict[str, object] = {"skip_unchanged": True}
    if fields:
        options["fields"] = list(fields)
    return modelresource_factory(model, resource_class=SafeModelResource, meta_options=options)


DecreeClauseResource = _plan_part(
    models.DecreeClause, "id", "plan", "kind", "order", "label", "text"
)
LampiranSectionResource = _plan_part(models.LampiranSection)
ParagraphResource = _plan_part(
    models.Paragraph, "id", "section", "parent", "order", "label", "text"
)
AreaResource = _plan_part(
    models.Area, "id", "plan", "code", "order", "number", "letter", "name", "intro", "lke_weight"
)
AreaTargetResource = _plan_part(models.AreaTarget, "id", "area", "order", "label", "text")
ActionItemResource = _plan_part(
    models.ActionItem, "id", "area", "parent", "order", "label", "text", "lke_codes"
)
ComponentResource = _plan_part(
    models.Component, "id", "plan", "kind", "area", "order", "name", "lke_weight", "lke_code"
)

# The export of each plan model, for the admin (areas.admin.PlanExportAdmin).
RESOURCES: dict[type[Model], type[SafeModelResource]] = {
    resource._meta.model: resource
    for resource in (
        WorkPlanResource,
        DecreeClauseResource,
        LampiranSectionResource,
        ParagraphResource,
        AreaResource,
        AreaTargetResource,
        ActionItemResource,
        ComponentResource,
    )
}
