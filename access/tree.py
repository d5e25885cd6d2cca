"""The unit tree (KPU RI → KPU Provinsi → KPU Kabupaten/Kota), read in one query and cached.

The rules of access/rules.py ask "is this unit below that one?" for every unit of a page;
with 553 units, walking ``parent`` unit by unit would be a query per unit and level. Instead
:func:`unit_tree` reads ``(id, parent_id, kind, order, code)`` of every unit in ONE query and
keeps the result in two places:

- the Django cache (Redis in production and tests), under a key carrying a **version**, so a
  new process (a gunicorn worker, a Celery task) does not read the units again;
- the process itself, next to the version it was read at, so a page asking many rules
  costs one cache read of the version, not a pickle per rule.

Why a version and not deleting the key: a process that read the old rows just before
another committed a change would put the old tree back after the delete and keep it. With a
version, a change moves every reader to a new key; the late writer stores under the old
version, which nobody reads any more.

When the version moves: on every save and delete of a ``Unit`` (signals, so the admin,
``units_load``, ``plan_load`` and the tests' factories are all covered), once at once (the
same transaction sees its own change) and once more after the commit (a reader that loaded
the tree between the change and the commit cached the rows before it). ``QuerySet.update``
and raw SQL send no signal: they must call :func:`tree_changed`; the cache entry's
``TREE_SECONDS`` bounds how long a missed change could last.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Unit

VERSION_KEY = "access:unit-tree:version"
TREE_KEY = "access:unit-tree"
TREE_SECONDS = 300  # the longest a change the signals did not see stays unseen


@dataclass(frozen=True)
class TreeUnit:
    """One unit's place in the tree."""

    id: int
    parent_id: int | None
    kind: str
    order: int
    code: str


@dataclass
class UnitTree:
    """Every unit's place; every walk is in memory."""

    units: dict[int, TreeUnit]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int | None, str, int, str]]) -> UnitTree:
        units = {row[0]: TreeUnit(*row) for row in rows}
        children: dict[int | None, list[int]] = {}
        for unit in sorted(units.values(), key=lambda u: (u.order, u.code, u.id)):
            children.setdefault(unit.parent_id, []).append(unit.id)
        return cls(units, children)

    def ancestors(self, unit_id: int | None) -> Iterator[int]:
        """``unit_id`` and the units above it, nearest first (a cycle ends the walk)."""
        seen: set[int] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            yield unit_id
            unit = self.units.get(unit_id)
            unit_id = unit.parent_id if unit is not None else None

    def descendants(self, unit_id: int) -> list[int]:
        """The units below ``unit_id`` (not itself), each parent before its children."""
        found: list[int] = []
        stack = list(reversed(self.children.get(unit_id, [])))
        seen = {unit_id}
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return found

    def subtree(self, unit_id: int) -> list[int]:
        """``unit_id`` and every unit below it."""
        return [unit_id, *self.descendants(unit_id)]

    def child_ids(self, unit_id: int) -> list[int]:
        return list(self.children.get(unit_id, []))

    def positions(self) -> dict[int, int]:
        """Unit id → its place when the tree is read top down (KPU RI, a province, its
        kab/kota, the next province …): the order of every list of units."""
        found: list[int] = []
        for root in self.children.get(None, []):
            found += self.subtree(root)
        return {unit_id: index for index, unit_id in enumerate(found)}


def in_tree_order(units: Iterable[Unit]) -> list[Unit]:
    """``units`` top down (see :meth:`UnitTree.positions`); a unit the tree does not know
    yet comes last."""
    positions = unit_tree().positions()
    return sorted(units, key=lambda unit: positions.get(unit.pk, len(positions)))


_local: tuple[Any, UnitTree] | None = None


def _version() -> Any:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh number (not 1): a version that was evicted must not meet an old tree.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _read() -> UnitTree:
    return UnitTree.of(Unit.objects.values_list("id", "parent_id", "kind", "order", "code"))


def unit_tree() -> UnitTree:
    """The tree as of the current version: from this process, else the cache, else ONE
    query (then cached for the others)."""
    global _local
    version = _version()
    if _local is not None and _local[0] == version:
        return _local[1]
    tree = cache.get(TREE_KEY, version=version)
    if tree is None:
        tree = _read()
        cache.set(TREE_KEY, tree, timeout=TREE_SECONDS, version=version)
    _local = (version, tree)
    return tree


def tree_forget() -> None:
    """Drop the cached tree everywhere (the tests start each test from the database: the
    cache lives in Redis, which outlives a test's rolled-back units)."""
    global _local
    _local = None
    cache.delete(VERSION_KEY)


def tree_changed() -> None:
    """Move every reader to a new version (now, and again after the commit)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _local
    _local = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a fresh number moves the readers
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


@receiver(post_save, sender=Unit, dispatch_uid="access.tree.saved")
@receiver(post_delete, sender=Unit, dispatch_uid="access.tree.deleted")
def _unit_changed(**kwargs: Any) -> None:
    tree_changed()
