from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from areas.models import ActionItem, WorkPlan

from .models import Evidence, EvidenceVersion, Review


def evidence_of_month(plan: WorkPlan, month: int) -> dict[int, Evidence]:
    """Action item id → its evidence for the month (one query)."""
    return {e.action_id: e for e in Evidence.objects.filter(action__area__plan=plan, month=month)}


def evidence_page(action: ActionItem, month: int) -> Evidence | None:
    """The action item's evidence of the month with its versions, files and reviews."""
    return (
        Evidence.objects.filter(action=action, month=month)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=EvidenceVersion.objects.select_related("uploaded_by").prefetch_related(
                    "files"
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "version")),
        )
        .first()
    )


def evidence_queue(plan: WorkPlan, status: str = "") -> QuerySet[Evidence]:
    """The plan's evidence in month and plan order, of one status when given."""
    rows = (
        Evidence.objects.filter(action__area__plan=plan)
        .select_related("action__area")
        .order_by("month", "action__area__order", "action__order")
    )
    return rows.filter(status=status) if status in Evidence.Status.values else rows
