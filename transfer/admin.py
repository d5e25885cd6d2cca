from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import ImportRecord


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
