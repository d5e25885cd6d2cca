from django.contrib import admin
from import_export.admin import ExportMixin

from targets.admin import ProgressEntryAdmin
from targets.models import ProgressEntry
from zi_portal.admin import ReadOnlyAdmin

from .models import ImportRecord, Notice, ReportJob
from .transfer import ProgressResource


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "status",
        "progress",
        "version",
        "requested_by",
        "created_at",
        "code",
    ]
    list_filter = ["kind", "status", "year", "unit"]
    search_fields = ["code", "sha256", "unit__name"]
    list_select_related = ["unit", "requested_by"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "imported_by",
        "imported_at",
        "rows_created",
        "rows_updated",
        "sha256",
    ]
    list_filter = ["dataset", "year", "unit"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["unit", "imported_by"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
    search_fields = ["text", "user__username"]
    list_select_related = ["user"]


# Progress is exported from the admin with the portal's own resource (Indonesian headers,
# formula escaping); it lives here because targets must not import reports.
admin.site.unregister(ProgressEntry)


@admin.register(ProgressEntry)
class ProgressEntryExportAdmin(ExportMixin, ProgressEntryAdmin):
    resource_classes = [ProgressResource]
