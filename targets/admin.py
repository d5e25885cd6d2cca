from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import MonthlyTarget, ProgressEntry


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
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
class ProgressEntryAdmin(SimpleHistoryAdmin):
    list_display = ["component", "month", "percent", "updated_by", "updated_at"]
    list_filter = [
        "month",
        "component__area__code",
        "component__plan__year",
        "component__plan__unit",
    ]
    search_fields = ["component__name", "activities", "obstacles", "follow_up"]
    list_select_related = ["component", "updated_by"]
    readonly_fields = ["version", "updated_by", "created_at", "updated_at"]
