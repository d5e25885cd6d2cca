from __future__ import annotations

import datetime

from django.db.models import CharField, OuterRef, Prefetch, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce

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


def evidence_then(
    evidence: QuerySet[Evidence], *, month: int, cutoff: datetime.datetime | None
) -> QuerySet[Evidence]:
    """The evidence of months up to ``month`` that had a version before ``cutoff`` (None:
    now), each annotated with what it was then: ``version_then`` (the latest version
    uploaded), ``state_then`` (its status: the latest review of that version, else waiting)
    and ``comment_then`` (that review's comment). The one rule of the dashboards' "as of a
    month" (dashboards/selectors/asof.py) and of the rollups (rollups/plans.py)."""
    versions = EvidenceVersion.objects.filter(evidence=OuterRef("pk"))
    reviews = Review.objects.filter(
        evidence=OuterRef("pk"), version__number=OuterRef("version_then")
    )
    if cutoff is not None:
        versions = versions.filter(uploaded_at__lt=cutoff)
        reviews = reviews.filter(created_at__lt=cutoff)
    latest = reviews.order_by("-created_at", "-pk")
    return (
        evidence.filter(month__lte=month)
        .annotate(version_then=Subquery(versions.order_by("-number").values("number")[:1]))
        .filter(version_then__isnull=False)
        .annotate(
            state_then=Coalesce(
                Subquery(latest.values("decision")[:1]),
                Value(Evidence.Status.DIUNGGAH),
                output_field=CharField(),
            ),
            comment_then=Coalesce(
                Subquery(latest.values("comment")[:1]), Value(""), output_field=TextField()
            ),
        )
    )
