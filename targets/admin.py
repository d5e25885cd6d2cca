from django.contrib import admin

from areas.admin import PlanLabelsMixin
from common.admin import ServiceOnlyAdmin

from .models import ActionItemStatus, ProgressEntry


@admin.register(ProgressEntry)
class ProgressEntryAdmin(PlanLabelsMixin, ServiceOnlyAdmin):
    plan_path = "component__plan"
    list_display = ["rencana", "component", "month", "percent", "updated_by", "updated_at"]
    list_filter = [
        "month",
        "component__area__code",
        "component__plan__year",
        "component__plan__unit",
    ]
    search_fields = ["component__name", "activities", "obstacles", "follow_up"]
    list_select_related = ["component__plan__unit", "updated_by"]


@admin.register(ActionItemStatus)
class ActionItemStatusAdmin(PlanLabelsMixin, ServiceOnlyAdmin):
    plan_path = "action__area__plan"
    list_display = ["rencana", "action", "month", "status", "updated_by", "updated_at"]
    list_filter = ["status", "month", "action__area__code", "action__area__plan__unit"]
    search_fields = ["action__text", "note"]
    list_select_related = ["action__area__plan__unit", "updated_by"]
