from django import forms
from django.contrib import admin
from import_export import fields
from import_export.widgets import ForeignKeyWidget

from common.admin import AuditedAdmin, AuditedExportAdmin
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
