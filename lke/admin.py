"""The LKE in the admin: the worksheet is data loaded by ``load_lke``; the admin edits only
the weights and the predicate minimums (with history). Assessments and answers change
through the portal's services and are read here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from common.admin import AuditedAdmin, ServiceOnlyAdmin
from common.formatting import number_text
from common.rollups import WORKSHEET, rollup_touch

from .models import (
    Answer,
    Assessment,
    DocumentMatch,
    Node,
    PredicateMinimum,
    Question,
    QuestionEvidenceFile,
    Worksheet,
)


class WorksheetDataAdmin(AuditedAdmin):
    """Rows of a loaded worksheet: nothing added or deleted here; every field read-only
    except ``editable``."""

    editable: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [f.name for f in self.model._meta.fields if f.editable]
        return [*(f for f in fields if f not in self.editable), *self.readonly_fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Saving only the inline rows (the minimums) writes no history row for the parent.
        if form.has_changed():
            super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # weights and minimums change the scores of the assessments on this version: their
        # summaries (rollups) follow in the admin's transaction
        super().save_related(request, form, formsets, change)
        obj = form.instance
        worksheet_id = obj.pk if isinstance(obj, Worksheet) else obj.worksheet_id
        rollup_touch(WORKSHEET, worksheet_ids=[worksheet_id])


class PredicateMinimumInline(admin.TabularInline):
    model = PredicateMinimum
    fields = ["predicate", "requirement", "minimum"]
    readonly_fields = ["predicate", "requirement"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Worksheet)
class WorksheetAdmin(WorksheetDataAdmin):
    list_display = ["__str__", "regulation", "questions_count", "loaded_at"]
    readonly_fields = ["tree"]
    inlines = [PredicateMinimumInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(questions_count=Count("questions"))

    @admin.display(description="pertanyaan", ordering="questions_count")
    def questions_count(self, obj: Worksheet) -> int:
        return obj.questions_count  # type: ignore[attr-defined]

    @admin.display(description="struktur (bobot; jumlah pertanyaan)")
    def tree(self, obj: Worksheet) -> str:
        """The worksheet's tree in order: nested lists, one item per node (the indent is
        css/admin.css's ``lke-tree``: the policy allows no style attribute)."""
        nodes = list(obj.nodes.annotate(asked=Count("questions")).order_by("order", "pk"))
        children: dict[int | None, list[Node]] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node)

        def branch(parent: int | None) -> str:
            items = children.get(parent, [])
            if not items:
                return ""
            rows = format_html_join(
                "",
                "<li>{} — {}; {}{}</li>",
                (
                    (n.name, number_text(n.weight, places=3), getattr(n, "asked", 0), branch(n.pk))
                    for n in items
                ),
            )
            return format_html('<ul class="lke-tree">{}</ul>', rows)

        return branch(None)


@admin.register(Node)
class NodeAdmin(WorksheetDataAdmin):
    editable = ("weight",)
    list_display = ["name", "level", "weight", "area_code", "parent", "worksheet"]
    list_filter = ["worksheet", "level", "area_code"]
    search_fields = ["name"]
    list_select_related = ["worksheet", "parent"]


@admin.register(Question)
class QuestionAdmin(WorksheetDataAdmin):
    editable = ("weight",)
    list_display = ["excel_row", "code", "short_text", "answer_type", "weight", "node"]
    list_display_links = ["excel_row", "code"]
    list_filter = ["worksheet", "answer_type"]
    search_fields = ["code", "text", "criteria"]
    list_select_related = ["node"]

    @admin.display(description="pertanyaan")
    def short_text(self, obj: Question) -> str:
        return obj.text[:100]


@admin.register(PredicateMinimum)
class PredicateMinimumAdmin(WorksheetDataAdmin):
    editable = ("minimum",)
    list_display = ["predicate", "requirement", "minimum", "worksheet"]
    list_filter = ["worksheet", "predicate"]
    list_select_related = ["worksheet"]


@admin.register(Assessment)
class AssessmentAdmin(ServiceOnlyAdmin):
    list_display = ["unit", "year", "worksheet", "state", "holds_wbk", "created_by", "created_at"]
    list_filter = ["year", "state", "worksheet"]
    search_fields = ["unit__name", "unit__short_name"]
    list_select_related = ["unit", "worksheet", "created_by"]


@admin.register(Answer)
class AnswerAdmin(ServiceOnlyAdmin):
    list_display = [
        "assessment",
        "question",
        "side",
        "choice",
        "number",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["side", "assessment__year", "assessment__unit"]
    search_fields = ["question__code", "question__text", "note"]
    list_select_related = ["assessment__unit", "question", "updated_by"]


@admin.register(QuestionEvidenceFile)
class QuestionEvidenceFileAdmin(ServiceOnlyAdmin):
    """Files attached to questions directly (lke.attachments): read here, never changed."""

    list_display = ["original_name", "kind", "size", "sha256", "version"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["version__evidence__question", "version__evidence__assessment__unit"]


@admin.register(DocumentMatch)
class DocumentMatchAdmin(ServiceOnlyAdmin):
    """Expected documents the unit ticked, with the file it chose (lke.attachments)."""

    list_display = ["assessment", "question", "document", "text", "matched_by", "matched_at"]
    list_filter = ["assessment__year", "assessment__unit"]
    search_fields = ["question__code", "text"]
    list_select_related = ["assessment__unit", "question", "matched_by"]
