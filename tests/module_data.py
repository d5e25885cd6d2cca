"""The people and the kab/kota plan most tests start from, made once per test module.

Most tests ask for ``people`` (one user per role) and ``sambas`` (a kab/kota with its own
copy of the plan). Making them costs about 0.12 s, and a thousand tests ask. Instead they
are made once per module, inside a transaction that stays open while the module's tests
run and is rolled back when the module ends: each test's own transaction becomes a
savepoint inside it (what Django's ``TestCase.setUpTestData`` does per class), so a test
still sees the data exactly as it was made and nothing a test does reaches the next.

Transactional tests (a real worker, a live server) commit for real, so they must not run
inside that transaction: the suite orders them after the rolled-back tests, the long waits
aside (``conftest.pytest_collection_modifyitems``); the module's data is rolled back before
one starts, and they make their own people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.transaction import Atomic
from django.test import override_settings

from access.models import Unit
from areas.models import WorkPlan
from areas.services import plan_copy

# What each role's user is made with: (username, unit slug, role, area codes).
PEOPLE = {
    "koordinator_own": ("k1", "kpu-kalbar", "koordinator", ["manajemen_perubahan"]),
    "koordinator_other_area": ("k2", "kpu-kalbar", "koordinator", ["tatalaksana"]),
    "ketua": ("ketua-uji", "kpu-kalbar", "ketua", []),
    "sekretariat": ("sekre-uji", "kpu-kalbar", "sekretariat", []),
    "tpi": ("tpi-uji", "kpu-kalbar", "tpi", []),
    "koordinator_other_unit": ("k-sambas", "kpu-sambas", "koordinator", ["manajemen_perubahan"]),
    "ketua_other_unit": ("ketua-sambas", "kpu-sambas", "ketua", []),
}
SHARED_FIXTURES = {"people", "sambas"}
# Hashing passwords the slow, safe way makes every user cost ~0.05 s; every test (and the
# module's people) hashes with this one.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", [])
    return "transactional_db" in names or "live_server" in names


def sambas_make() -> Unit:
    """The kab/kota KPU Sambas with its own copy of the province's 2025 plan."""
    unit = Unit.objects.get(slug="kpu-sambas")
    plan_copy(source=WorkPlan.objects.get(unit__slug="kpu-kalbar", year=2025), unit=unit)
    return unit


def people_make() -> dict[str, object]:
    """One user per role (see PEOPLE) and a superuser, ``admin``."""
    from tests.factories import user_with_role

    units = {unit.slug: unit for unit in Unit.objects.filter(slug__in=["kpu-kalbar", "kpu-sambas"])}
    made: dict[str, object] = {
        key: user_with_role(username, units[slug], role, codes)
        for key, (username, slug, role, codes) in PEOPLE.items()
    }
    made["admin"] = get_user_model().objects.create_superuser(
        "admin-uji", "a@example.invalid", "x-pass-123!"
    )
    return made


@dataclass
class ModuleData:
    """The open transaction of one module and the ids of what was made in it."""

    atomic: Atomic | None = None
    people: dict[str, int] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return self.atomic is not None

    def make(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        sambas_make()
        with override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS):
            self.people = {key: user.pk for key, user in people_make().items()}

    def close(self) -> None:
        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.atomic = None

    def load_people(self) -> dict[str, object]:
        """Fresh instances of the module's users: one query."""
        users = get_user_model().objects.in_bulk(self.people.values())
        return {key: users[pk] for key, pk in self.people.items()}


def module_wants_data(item: pytest.Item) -> bool:
    """Whether any test of this item's module that runs in a rolled-back transaction asks
    for the shared data."""
    return any(
        other.module is item.module
        and not is_transactional(other)
        and SHARED_FIXTURES & set(getattr(other, "fixturenames", []))
        for other in item.session.items
    )
