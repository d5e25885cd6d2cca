from django.contrib import admin

from common.admin import ServiceOnlyAdmin

from .models import ActionItemStatus, ProgressEntry


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ServiceOnlyAdmin):
    list_display = ["component", "month", "percent", "updated_by", "updated_at"]
    list_filter = [
        "month",
        "component__area__code",
        "component__plan__year",
        "component__plan__unit",
    ]
    search_fields = ["component__name", "activities", "obstacles", "follow_up"]
    list_select_related = ["component", "updated_by"]


@admin.register(ActionItemStatus)
class ActionItemStatusAdmin(ServiceOnlyAdmin):
    list_display = ["action", "month", "status", "updated_by", "updated_at"]
    list_filter = ["status", "month", "action__area__code", "action__area__plan__unit"]
    search_fields = ["action__text", "note"]
    list_select_related = ["action__area", "updated_by"]
