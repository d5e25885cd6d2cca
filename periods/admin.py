from django.contrib import admin

from common.admin import ServiceOnlyAdmin

from .models import MonthLock


@admin.register(MonthLock)
class MonthLockAdmin(ServiceOnlyAdmin):
    list_display = ["unit", "year", "month", "is_locked", "changed_by", "changed_at", "reason"]
    list_filter = ["is_locked", "year", "unit"]
    search_fields = ["unit__name", "reason"]
    list_select_related = ["unit", "changed_by"]
