"""The rollups' registry: how a service of a low app keeps the summary rows of an app above
it (``rollups``) up to date in its own transaction, without importing it.

A service that changes what a summary counts calls :func:`rollup_touch` inside its atomic
block, after its writes; ``rollups/apps.py`` registers the refreshers in ``ready()``. Not
signals or ``save()`` overrides: bulk writes (imports, copies) send none, and a call in the
service shows the reader of the service that it keeps a summary (docs/rollups.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

# The kinds of touch and their keys.
PLAN = "plan"  # plan_ids: a plan's targets, entries, action items or evidence changed
ASSESSMENT = "assessment"  # assessment_ids: an LKE assessment's answers or state changed
WORKSHEET = "worksheet"  # worksheet_ids: an LKE worksheet's tree or minimums changed
RESPONSES = "responses"  # response_ids: survey responses were stored (counted once each);
# with unit_ids and kinds, their units and surveys, which the storing service knows (saves
# two reads on every phone answer)
# unit_ids: something the unit's dashboard shows changed that no summary counts (month
# locks, action item statuses, LKE corrections and attachments, survey quarters, roles);
# only the unit's data stamp follows (rollups/stamps.py)
UNITS = "units"

Refresher = Callable[..., None]
_REFRESHERS: dict[str, list[Refresher]] = {}


def rollup_register(kind: str, refresher: Refresher) -> None:
    """Called from an AppConfig.ready(): ``refresher(**keys)`` runs on every touch of
    ``kind`` (registering the same function twice keeps one)."""
    found = _REFRESHERS.setdefault(kind, [])
    if refresher not in found:
        found.append(refresher)


def rollup_touch(kind: str, **keys: Any) -> None:
    """Bring the summaries of ``kind`` up to date for ``keys`` (e.g. ``plan_ids=[…]``), in
    the caller's transaction: a write and its summary commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("rollup_touch belongs inside the writing service's transaction.")
    for refresher in _REFRESHERS.get(kind, ()):
        refresher(**keys)
