"""The issued decree as the public page offers it: the newest signed version of a public
unit's plan, downloadable by anyone and verifiable by its code."""

from __future__ import annotations

from areas.models import WorkPlan

from .models import ReportJob


def public_decree(plan: WorkPlan) -> ReportJob | None:
    """The newest issued decree of a published plan, or None (not published, none issued)."""
    if not plan.unit.is_public:
        return None
    return (
        ReportJob.objects.filter(
            unit_id=plan.unit_id,
            year=plan.year,
            kind=ReportJob.Kind.DECREE,
            status=ReportJob.Status.SELESAI,
        )
        .exclude(output="")
        .order_by("-version", "-created_at")
        .first()
    )
