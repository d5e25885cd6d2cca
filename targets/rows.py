"""The two kinds of versioned rows on the Progres Bulanan page, described once so that one
endpoint saves either (targets.views.row_save)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from access.models import Unit
from areas.loaders import action_for_user, component_for_user
from areas.models import ActionItem, Component, MonthlyTarget

from . import services
from .forms import ActionStatusForm, ProgressForm, VersionedRowForm, entry_initial, status_initial
from .models import ActionItemStatus, ProgressEntry

if TYPE_CHECKING:
    from access.rules import User


@dataclass(frozen=True)
class RowKind:
    prefix: str
    form_class: type[VersionedRowForm]
    template: str
    load: Callable[[User, Unit, int], Any]  # the row's object for writing, or 404/403
    year_of: Callable[[Any], int]
    save: Callable[[User, Any, int, dict[str, Any]], Any]  # the service call
    current: Callable[[Any, int], Any]  # the stored row of the month, or None
    initial: Callable[[Any], dict[str, Any]]
    context: Callable[[Any, int, Any], dict[str, Any]]  # the template's ``row``
    read: Callable[[User, Unit, int], Any]  # the row's object for reading its history
    history: Callable[[Any, int], Any]  # the audit records of the row in a month
    title: Callable[[Any, str], str]  # the history page's title, given "April 2025"


def _stored(model: type, **lookup: Any) -> Any:
    """The row as stored now, with who saved it (None when there is none yet)."""
    return model.objects.filter(**lookup).select_related("updated_by").first()


def _progress_save(user: User, component: Component, month: int, data: dict[str, Any]) -> Any:
    return services.progress_update(user=user, component=component, month=month, **data)


def _status_save(user: User, action: ActionItem, month: int, data: dict[str, Any]) -> Any:
    return services.action_status_update(user=user, action=action, month=month, **data)


def _component_row(component: Component, month: int, entry: ProgressEntry | None) -> dict:
    target = (
        MonthlyTarget.objects.filter(component=component, month=month)
        .values_list("percent", flat=True)
        .first()
    )
    return {"component": component, "target": target, "entry": entry, "editable": True}


COMPONENT = RowKind(
    prefix="c",
    form_class=ProgressForm,
    template="targets/_component_form.html",
    load=lambda user, unit, pk: component_for_user(user, unit, pk, write=True),
    year_of=lambda component: component.plan.year,
    save=_progress_save,
    current=lambda component, month: _stored(ProgressEntry, component=component, month=month),
    initial=entry_initial,
    context=_component_row,
    read=component_for_user,
    history=lambda component, month: ProgressEntry.history.filter(
        component_id=component.pk, month=month
    ),
    title=lambda component, period: f"Riwayat progres: {component.name}, {period}",
)

ACTION = RowKind(
    prefix="a",
    form_class=ActionStatusForm,
    template="targets/_action_form.html",
    load=lambda user, unit, pk: action_for_user(user, unit, pk, write=True),
    year_of=lambda action: action.area.plan.year,
    save=_status_save,
    current=lambda action, month: _stored(ActionItemStatus, action=action, month=month),
    initial=status_initial,
    context=lambda action, month, row: {"action": action, "status": row, "editable": True},
    read=action_for_user,
    history=lambda action, month: ActionItemStatus.history.filter(action_id=action.pk, month=month),
    title=lambda action, period: (
        f"Riwayat status rencana aksi {action.area.number}.{action.label} {period}"
    ),
)

KINDS = {"komponen": COMPONENT, "aksi": ACTION}
