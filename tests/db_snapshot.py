"""The loaded test database (the plan and the LKE worksheet), kept as PostgreSQL COPY data
and put back after each transactional test.

A transactional test (a real worker, a live server) commits for real, and Django empties
every table when it ends (a ``TRUNCATE`` of every table, most of a second here); the next
one then loaded the plan and the LKE again through their services (2–3 s, about 30 tests),
and the rolled-back tests had to run before any of them.

``django_db_setup`` loads the plan and the LKE once; right after, :func:`snapshot_take`
copies every non-empty table out in PostgreSQL's binary COPY format. A transactional test
ends with :func:`snapshot_restore` instead of Django's flush: the tables that hold rows are
emptied and the snapshot's rows copied back (about 0.1 s) — the same rows, ids and history
as the services wrote, so every test starts from the same database whatever ran before it.

After the copy each copied table's id sequence is set to its highest id: a test that
migrates back and forth (tests/test_migrations.py) recreates tables, and with them their
sequences, starting again at 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TransactionTestCase

# Django's own record of which migrations ran: never emptied, never copied.
KEPT_TABLES = {"django_migrations"}


@dataclass(frozen=True)
class Snapshot:
    """Each non-empty table's rows, in binary COPY format."""

    tables: dict[str, bytes]


def _tables_with_rows() -> list[str]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        found = []
        for name in names:
            if name in KEPT_TABLES:
                continue
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {qn(name)})")  # noqa: S608
            if cursor.fetchone()[0]:
                found.append(name)
    return found


def snapshot_take() -> Snapshot:
    """The database as it stands, in memory."""
    qn = connection.ops.quote_name
    tables: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for name in _tables_with_rows():
            with cursor.copy(f"COPY {qn(name)} TO STDOUT (FORMAT binary)") as copy:
                tables[name] = b"".join(bytes(block) for block in copy)
    return Snapshot(tables=tables)


def snapshot_restore(snapshot: Snapshot) -> None:
    """Empties the tables that hold rows and copies the snapshot's rows back, in one
    transaction. DELETE, not TRUNCATE: on a few small tables it takes milliseconds, where
    TRUNCATE of every table takes most of a second. Django's foreign keys are checked at
    commit, so the order of the tables does not matter."""
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for name in _tables_with_rows():
            cursor.execute(f"DELETE FROM {qn(name)}")  # noqa: S608
        for name, data in snapshot.tables.items():
            with cursor.copy(f"COPY {qn(name)} FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
        copied = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in snapshot.tables
        ]
        for sql in connection.ops.sequence_reset_sql(no_style(), copied):
            cursor.execute(sql)


@contextmanager
def put_back_after_transactional_tests(snapshot: Snapshot) -> Iterator[None]:
    """While it is open, a transactional test ends by putting the snapshot back where Django
    would empty every table (``TransactionTestCase._fixture_teardown``: a flush)."""

    def put_back(test_case: TransactionTestCase) -> None:
        snapshot_restore(snapshot)

    with mock.patch.object(TransactionTestCase, "_fixture_teardown", put_back):
        yield
