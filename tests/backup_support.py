"""Shared by the backup tests (tests/test_backup_restore.py on local disk,
tests/test_backup_s3.py on a moto bucket): a fresh database to restore into, `manage.py
restore` run as an operator runs it, evidence uploaded and a decree issued through the
portal's own services."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from access.models import Unit
from areas.models import ActionItem
from evidence.models import EvidenceFile
from evidence.services import evidence_submit
from reports.models import ReportJob
from tests.factories import PDF_BYTES, PNG_BYTES, upload, user_with_role
from tests.worker import ROOT


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def server_args() -> dict[str, object]:
    db = connection.settings_dict
    return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A new, empty database on the test's server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server_args()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **server_args()) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore_run(database: str, backup: object, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`manage.py restore --input backup` in its own process, with DATABASE_URL naming
    ``database`` and ``env`` (the storage's variables) over this process's environment."""
    args = server_args()
    url = f"postgres://{args['user']}@{args['host']}:{args['port']}/{database}"
    return subprocess.run(
        [sys.executable, "manage.py", "restore", "--input", str(backup)],
        cwd=ROOT,
        env={**os.environ, **env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(database: str, sql: str) -> list[tuple]:
    with psycopg.connect(dbname=database, **server_args()) as restored:
        return restored.execute(sql).fetchall()


def evidence_uploaded() -> list[EvidenceFile]:
    """Two evidence files of area I, uploaded through the portal's service into the
    default storage of the moment."""
    unit = Unit.objects.get(slug="kpu-kalbar")
    koordinator = user_with_role("koor-cadangan", unit, "koordinator", ["manajemen_perubahan"])
    action = ActionItem.objects.filter(
        area__plan__unit=unit, area__plan__year=2025, area__code="manajemen_perubahan"
    ).first()
    files = [upload("laporan.pdf", PDF_BYTES), upload("foto.png", PNG_BYTES)]
    version = evidence_submit(user=koordinator, action=action, month=1, files=files)
    return list(version.files.all())


def decree_issued(output: object) -> ReportJob:
    """The 2025 decree of kpu-kalbar, rendered and signed here (``export_decree``, the
    job's own service with ``here=True``), stored in the default storage of the moment."""
    unit = Unit.objects.get(slug="kpu-kalbar")
    user_with_role("sekre-cadangan", unit, "sekretariat")
    call_command(
        "export_decree",
        *("--unit", "kpu-kalbar", "--year", "2025", "--user", "sekre-cadangan"),
        *("--output", str(output)),
    )
    return ReportJob.objects.get(status="selesai")


@pytest.fixture
def evidence_files(transactional_db: None) -> list[EvidenceFile]:
    """Two evidence files of area I (:func:`evidence_uploaded`)."""
    return evidence_uploaded()
