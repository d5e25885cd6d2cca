from typing import Any

from csp.decorators import csp_update
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin):
    """The history page is read-only: no revert, no editing of audit records."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """404, not 500, for a model without history or an id that is not one."""
        opts = self.model._meta
        if not hasattr(opts, "simple_history_manager_attribute"):
            raise Http404("Model ini tidak memiliki riwayat.")
        try:
            opts.pk.to_python(object_id)
        except ValidationError as error:
            raise Http404("Data tidak ditemukan.") from error
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied("Catatan audit tidak dapat dipulihkan atau diubah.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_change_history_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedExportAdmin(ExportMixin, AuditedAdmin):
    """Export (django-import-export, formulas escaped) plus the read-only history page.

    There is no admin import: rows come in through the portal's import pages, whose
    services validate every row and write an ImportRecord."""

    # django-import-export's export page toggles every field with one inline handler,
    # onchange="onSelectToggleChange(event)": the Content-Security-Policy allows exactly
    # that handler there (by its hash), nothing else inline.
    @method_decorator(
        csp_update(
            {
                "script-src": [
                    "'unsafe-hashes'",
                    "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
                ]
            }
        )
    )
    def export_action(self, request: HttpRequest) -> HttpResponse:
        return super().export_action(request)


class ReadOnlyMixin:
    """Records whose rules live in services (locks, versions, reviews, jobs): read in the
    admin, changed only through the portal, so that no rule is bypassed."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceOnlyAdmin(ReadOnlyMixin, AuditedAdmin):
    pass


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass
