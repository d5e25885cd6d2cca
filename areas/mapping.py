"""The plan's link to the LKE (areas/lke_codes.py): the data file's mapping for a plan
loaded before the mapping existed, and the Sekretariat's edits of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from access import rules

from .lke_codes import question_codes_clean
from .models import ActionItem, Component, WorkPlan

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _file_actions(area_data: dict[str, Any]) -> list[dict[str, Any]]:
    """An area's action items in the file, parents before their children (their order)."""
    flat: list[dict[str, Any]] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            flat.append(entry)
            walk(entry.get("children", []))

    walk(area_data.get("actions", []))
    return flat


def mapping_fill(plan: WorkPlan, plan_data: dict[str, Any], updated: Counter[str]) -> None:
    """Give a plan loaded before the LKE mapping existed the file's mapping: only rows that
    still read as in the file and have no mapping yet (an edited mapping is never undone)."""
    components = {
        (c.kind, c.area.code if c.area else "", c.order): c
        for c in plan.components.select_related("area").filter(lke_code="")
    }
    rows = [(Component.Kind.HASIL, "", plan_data.get("result_components", []))]
    rows += [
        (Component.Kind.PENGUNGKIT, a["code"], a.get("components", [])) for a in plan_data["areas"]
    ]
    for kind, code, items in rows:
        for order, item in enumerate(items, start=1):
            component = components.get((kind, code, order))
            if component and component.name == item["name"] and item.get("lke_code"):
                component.lke_code = item["lke_code"]
                _fill(component, "lke_code", updated)
    actions = {
        (a.area.code, a.order): a
        for a in ActionItem.objects.filter(area__plan=plan).select_related("area")
        if not a.lke_codes
    }
    for area_data in plan_data["areas"]:
        for order, item in enumerate(_file_actions(area_data), start=1):
            action = actions.get((area_data["code"], order))
            if action and action.text == item["text"] and item.get("lke_codes"):
                action.lke_codes = list(item["lke_codes"])
                _fill(action, "lke_codes", updated)


def _fill(obj: models.Model, name: str, updated: Counter[str]) -> None:
    obj.full_clean()
    obj.save(update_fields=[name])
    updated[type(obj).__name__] += 1


def _edit(obj: models.Model, name: str, value: Any, key: str, errors: dict[str, list[str]]) -> bool:
    """Set one row's mapping and check it (only when it differs: a form sends every row);
    True when it changed, the messages under ``key`` when it is refused."""
    before = getattr(obj, name)
    try:
        value = question_codes_clean(value) if name == "lke_codes" else value.strip().upper()
    except ValidationError as error:
        errors[key] = error.messages
        return False
    if value == before:
        return False
    setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as error:
        errors[key] = error.message_dict.get(name, error.messages)
        return False
    return True


@transaction.atomic
def plan_mapping_save(
    *,
    plan: WorkPlan,
    user: AbstractBaseUser,
    components: Mapping[int, str],
    actions: Mapping[int, Any],
) -> int:
    """Save the Sekretariat's mapping of the plan: component id → sub-area code, action
    item id → question codes ("PPA1A, PPA1B" or a list). All rows or none; the errors are
    keyed "c<id>" and "a<id>". Returns the number of rows changed."""
    rules.ensure_can_manage(user, plan.unit)
    errors: dict[str, list[str]] = {}
    changed: list[tuple[models.Model, str]] = []
    rows = plan.components.select_related("area").filter(pk__in=list(components))
    for component in rows:
        if _edit(component, "lke_code", components[component.pk], f"c{component.pk}", errors):
            changed.append((component, "lke_code"))
    for action in ActionItem.objects.filter(area__plan=plan, pk__in=list(actions)):
        if _edit(action, "lke_codes", actions[action.pk], f"a{action.pk}", errors):
            changed.append((action, "lke_codes"))
    if errors:
        raise ValidationError(errors)
    for obj, name in changed:
        obj._history_user = user  # type: ignore[attr-defined]
        obj.save(update_fields=[name])
    return len(changed)
