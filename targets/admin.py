from django.contrib import admin

from zi_portal.admin import AuditedImportExportAdmin, ServiceOnlyAdmin

from .models import ActionItemStatus, MonthLock, MonthlyTarget, ProgressEntry


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(AuditedImportExportAdmin):
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


@admin.register(MonthLock)
class MonthLockAdmin(ServiceOnlyAdmin):
    list_display = ["unit", "year", "month", "is_locked", "changed_by", "changed_at", "reason"]
    list_filter = ["is_locked", "year", "unit"]
    search_fields = ["unit__name", "reason"]
    list_select_related = ["unit", "changed_by"]
