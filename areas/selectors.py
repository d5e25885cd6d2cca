"""Reads of the plan."""

from __future__ import annotations

from .models import WorkPlan


def plan_with_parts(plan: WorkPlan) -> WorkPlan:
    """The plan with every part of the decree prefetched (clauses, sections and their
    paragraphs, areas with targets and actions, components with their target cells)."""
    return (
        WorkPlan.objects.select_related("unit")
        .prefetch_related(
            "clauses",
            "sections__paragraphs",
            "areas__targets",
            "areas__actions",
            "components__targets",
        )
        .get(pk=plan.pk)
    )
