"""The flags templates read instead of roles: what the user may do on one unit.

Two per page: ``nav`` for the user's home unit (the navigation's links go there:
zi_portal.context_processors) and ``can`` for the unit of the page (``access.loaders.unit_view``
puts it on the request). A province's Ketua on a kab/kota page reads ``can`` of the kab/kota,
``nav`` of the province. Each flag is the rule of access.rules of the same name, asked when a
template first reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from django.http import HttpRequest

from . import rules
from .models import Unit

if TYPE_CHECKING:
    from .rules import User


class Can:
    """``can.lock``, ``can.read_lke`` …: the rules of access.rules for ``user`` on ``unit``.
    Without a unit, or on a unit the user does not read, every flag is False."""

    def __init__(self, user: User, unit: Unit | None) -> None:
        self.user = user
        self.unit = unit

    @cached_property
    def read(self) -> bool:
        return self.unit is not None and rules.can_read(self.user, self.unit)

    def __bool__(self) -> bool:
        return self.read

    def _ask(self, rule: Callable[[User, Unit], bool]) -> bool:
        return self.read and rule(self.user, self.unit)

    @cached_property
    def see_province(self) -> bool:
        return self._ask(rules.can_see_province)

    @cached_property
    def lock(self) -> bool:
        return self._ask(rules.can_lock)

    @cached_property
    def review(self) -> bool:
        return self._ask(rules.can_review)

    @cached_property
    def enter(self) -> bool:
        """Enters progress and evidence of some area of the unit (a koordinator)."""
        return self._ask(lambda user, unit: bool(rules.coordinated_codes(user, unit)))

    @cached_property
    def manage(self) -> bool:
        return self._ask(rules.can_manage)

    @cached_property
    def see_documents(self) -> bool:
        return self._ask(rules.can_see_documents)

    @cached_property
    def export(self) -> bool:
        return self._ask(rules.can_export)

    @cached_property
    def export_province(self) -> bool:
        return self._ask(rules.can_export_province)

    @cached_property
    def download_package(self) -> bool:
        return self._ask(rules.can_download_package)

    @cached_property
    def read_lke(self) -> bool:
        return self._ask(rules.can_read_lke)

    @cached_property
    def start_lke(self) -> bool:
        return self._ask(rules.can_start_lke)

    @cached_property
    def import_lke(self) -> bool:
        """Imports some side's LKE workbook."""
        return self._ask(rules.can_import_lke)

    @cached_property
    def submit_lke(self) -> bool:
        return self._ask(rules.can_submit_lke)

    @cached_property
    def evaluate_lke(self) -> bool:
        return self._ask(rules.can_evaluate_lke)

    @cached_property
    def manage_surveys(self) -> bool:
        return self._ask(rules.can_manage_surveys)

    @cached_property
    def read_survey_responses(self) -> bool:
        return self._ask(rules.can_read_survey_responses)


def page_can(request: HttpRequest) -> Can:
    """The ``can`` of the request's page: its unit's (``unit_view``), or of no unit."""
    can = getattr(request, "unit_can", None)
    return can if isinstance(can, Can) else Can(request.user, None)
