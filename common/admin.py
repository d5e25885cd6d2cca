from typing import Any

from csp.decorators import csp_update
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

# The style attributes third-party admin pages write, allowed by their hash on those pages
# only ('unsafe-hashes' covers attributes, never a <style> block or any other attribute):
# simple_history's object_history_list.html, style="border-top: 0" ...
HISTORY_STYLE = "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
# ... and import_export's export.html, style="padding: 0;" and style="font-weight: bold;".
EXPORT_STYLES = [
    "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",
    "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",
]


class AuditedAdmin(SimpleHistoryAdmin):
    """The history page is read-only: no revert, no editing of audit records."""

    @method_decorator(csp_update({"style-src": ["'unsafe-hashes'", HISTORY_STYLE]}))
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
    # onchange="onSelectToggleChange(event)", and writes two style attributes: the
    # Content-Security-Policy allows exactly those there (by their hashes), nothing else
    # inline.
    @method_decorator(
        csp_update(
            {
                "script-src": [
                    "'unsafe-hashes'",
                    "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
                ],
                "style-src": ["'unsafe-hashes'", *EXPORT_STYLES],
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
