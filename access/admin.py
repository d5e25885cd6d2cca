from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from import_export import fields
from import_export.widgets import ForeignKeyWidget

from common.admin import AuditedAdmin, AuditedExportAdmin
from common.rollups import UNITS, rollup_touch
from common.spreadsheet import SafeModelResource

from .models import AreaCode, RoleAssignment, Unit


class UnitResource(SafeModelResource):
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=ForeignKeyWidget(Unit, "slug")
    )

    class Meta:
        model = Unit
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "city",
            "website",
            "order",
            "is_public",
        ]
        skip_unchanged = True


@admin.register(Unit)
class UnitAdmin(AuditedExportAdmin):
    resource_classes = [UnitResource]
    list_display = ["short_name", "code", "slug", "kind", "parent", "city", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name", "short_name", "slug", "code", "city"]
    prepopulated_fields = {"slug": ["short_name"]}
    list_select_related = ["parent"]


class RoleAssignmentForm(forms.ModelForm):
    """Area codes as checkboxes; the rules they obey are RoleAssignment.clean()."""

    area_codes = forms.MultipleChoiceField(
        label="Area (koordinator)",
        choices=AreaCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RoleAssignment
        fields = ["user", "unit", "role", "area_codes"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "unit", "role", "area_codes"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]

    # A role shows on the unit's dashboard (the coordinators of each missing entry, the
    # viewer's flags): its unit's data stamp follows every save and delete, in the admin's
    # transaction (the unit before and after an edit).
    def save_model(self, request: Any, obj: RoleAssignment, form: Any, change: bool) -> None:
        before = RoleAssignment.objects.filter(pk=obj.pk).values_list("unit_id", flat=True)
        units = {*before, obj.unit_id} if change else {obj.unit_id}
        super().save_model(request, obj, form, change)
        rollup_touch(UNITS, unit_ids=units)

    def delete_model(self, request: Any, obj: RoleAssignment) -> None:
        super().delete_model(request, obj)
        rollup_touch(UNITS, unit_ids=[obj.unit_id])

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():  # the list's delete action runs outside the admin's
            units = set(queryset.values_list("unit_id", flat=True))
            super().delete_queryset(request, queryset)
            rollup_touch(UNITS, unit_ids=units)
