"""The surveys in the admin: read-only. Every change goes through surveys/services.py (a
frozen questionnaire version, a closed quarter, who may), which the portal's pages call."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from common.admin import ServiceOnlyAdmin

from .models import Desk, Element, FollowUp, Questionnaire, Service, SurveyPeriod


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    can_delete = False
    fields = ("order", "code", "label", "question", "labels", "weight")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ServiceOnlyAdmin):
    list_display = ("kind", "unit", "version", "title")
    list_filter = ("kind",)
    inlines = [ElementInline]


@admin.register(SurveyPeriod)
class SurveyPeriodAdmin(ServiceOnlyAdmin):
    list_display = ("unit", "year", "quarter", "population", "status")
    list_filter = ("year", "status")
    list_select_related = ("unit",)


@admin.register(Service)
class ServiceAdmin(ServiceOnlyAdmin):
    list_display = ("unit", "name", "order", "is_active")
    list_select_related = ("unit",)


@admin.register(Desk)
class DeskAdmin(ServiceOnlyAdmin):
    list_display = ("unit", "name", "open_link", "is_active")
    list_select_related = ("unit",)


@admin.register(FollowUp)
class FollowUpAdmin(ServiceOnlyAdmin):
    list_display = ("period", "kind", "element_code", "status")
    list_select_related = ("period__unit",)
