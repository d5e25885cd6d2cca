from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from areas.admin import PlanLabelsMixin
from common.admin import ServiceOnlyAdmin

from .models import Evidence, EvidenceFile, EvidenceVersion, Review
from .services import evidence_review


@admin.register(Evidence)
class EvidenceAdmin(PlanLabelsMixin, ServiceOnlyAdmin):
    plan_path = "action__area__plan"
    list_display = ["rencana", "action", "month", "status", "current_version", "updated_at"]
    list_filter = ["status", "month", "action__area__code", "action__area__plan__unit"]
    search_fields = ["action__text"]
    list_select_related = ["action__area__plan__unit"]
    actions = ["accept"]

    @admin.action(description="Terima versi terakhir (TPI)")
    def accept(self, request: HttpRequest, queryset: QuerySet[Evidence]) -> None:
        done = 0
        for evidence in queryset.select_related("action__area__plan__unit"):
            try:
                evidence_review(
                    user=request.user,
                    evidence=evidence,
                    decision="diterima",
                    version_number=evidence.current_version,
                )
                done += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{evidence}: {error}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} bukti dukung diterima.", messages.SUCCESS)


@admin.register(EvidenceVersion)
class EvidenceVersionAdmin(ServiceOnlyAdmin):
    list_display = ["evidence", "number", "uploaded_by", "uploaded_at"]
    # __str__ walks evidence → action → area (ActionItem.__str__ prints the area number).
    list_select_related = ["evidence__action__area", "uploaded_by"]
    search_fields = ["note", "evidence__action__text"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ServiceOnlyAdmin):
    list_display = ["original_name", "kind", "size", "sha256", "version"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    # The version column's __str__ walks version → evidence → action → area.
    list_select_related = ["version__evidence__action__area"]


@admin.register(Review)
class ReviewAdmin(ServiceOnlyAdmin):
    list_display = ["evidence", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    search_fields = ["comment"]
    # The evidence column's __str__ walks evidence → action → area.
    list_select_related = ["evidence__action__area", "reviewer"]
