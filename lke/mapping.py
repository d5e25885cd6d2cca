"""The plan's LKE codes (areas/lke_codes.py) checked against a worksheet version: the
codes it lacks and the parts of the worksheet no plan row names, for the Sekretariat."""

from __future__ import annotations

from dataclasses import dataclass

from areas.models import ActionItem, Component, WorkPlan
from lke.selectors.evidence import worksheet_items

from .models import Worksheet


@dataclass(frozen=True)
class MappingCheck:
    """The plan's LKE codes against a worksheet version, for the Sekretariat."""

    names: dict[int, str]  # component id → the name of its sub-area ("" when unknown)
    unknown_components: list[Component]  # a code the worksheet has no sub-area for
    unknown_actions: list[tuple[ActionItem, list[str]]]  # codes no question has
    unmapped_sub_areas: list[tuple[str, str]]  # Pemenuhan/Hasil parts without a plan row
    actions_linked: int
    questions_linked: int
    questions_total: int


def mapping_check(plan: WorkPlan, worksheet: Worksheet) -> MappingCheck:
    """Which codes of the plan the worksheet lacks, and which parts have no plan row."""
    items = worksheet_items(worksheet)
    components = list(
        plan.components.select_related("area").order_by("kind", "area__order", "order")
    )
    actions = list(
        ActionItem.objects.filter(area__plan=plan)
        .exclude(lke_codes=[])
        .select_related("area")
        .order_by("area__order", "order")
    )
    codes = set(items.holder_by_code)
    used = {c.lke_code for c in components if c.lke_code}
    unmapped = [
        (code, name)
        for code, name in items.sub_areas.items()
        if code not in used and (code.startswith("PP") or code.startswith("H"))
    ]
    linked = {code for a in actions for code in a.lke_codes if code in codes}
    return MappingCheck(
        names={c.pk: items.sub_areas.get(c.lke_code, "") for c in components},
        unknown_components=[
            c for c in components if c.lke_code and c.lke_code not in items.sub_areas
        ],
        unknown_actions=[
            (a, bad) for a in actions if (bad := [c for c in a.lke_codes if c not in codes])
        ],
        unmapped_sub_areas=sorted(unmapped),
        actions_linked=len(actions),
        questions_linked=len(linked),
        questions_total=len(codes),
    )
