from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import Notice, ReportJob


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


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
    search_fields = ["text", "user__username"]
    list_select_related = ["user"]
