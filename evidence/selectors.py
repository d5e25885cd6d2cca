from __future__ import annotations

from areas.models import WorkPlan

from .models import Evidence


def evidence_of_month(plan: WorkPlan, month: int) -> dict[int, Evidence]:
    """Action item id → its evidence for the month (one query)."""
    return {e.action_id: e for e in Evidence.objects.filter(action__area__plan=plan, month=month)}
