"""Which portal wrote a backup: the code's commit and the database's migration state."""

from __future__ import annotations

import os
import subprocess

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def code_commit() -> str:
    """The git commit of the running code: PORTAL_COMMIT (the image's build argument: the
    image holds no .git), else ``git rev-parse HEAD``, else empty."""
    if commit := os.environ.get("PORTAL_COMMIT", ""):
        return commit
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 (git from PATH, fixed arguments)
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def applied_migrations(*, using: str = "default") -> dict[str, list[str]]:
    """The migrations the database has applied, per app."""
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def migrations_unknown_to_code(*, using: str = "default") -> list[str]:
    """Migrations the database has applied that this code does not have: the backup was
    made by newer code; restore it with that code."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in applied_migrations(using=using).items()
        for name in names
        if (app, name) not in known
    ]


def migrations_pending(*, using: str = "default") -> list[str]:
    """Migrations of this code the database has not applied (run `manage.py migrate`)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}"
        for app, name in loader.disk_migrations
        if (app, name) not in loader.applied_migrations
    )
