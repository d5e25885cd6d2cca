"""The database half of a backup: pg_dump and pg_restore of the connection's database.

Custom format (``-Fc``): compressed, restorable table by table, and checked by pg_restore
before it writes anything. ``--no-owner --no-acl``: a restore may run as another role (a new
server, a test database) and still own what it creates."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connections


class DatabaseError(Exception):
    """pg_dump or pg_restore failed, or the database cannot take a restore; the message is
    the user's (Indonesian)."""


def vendor(*, using: str = "default") -> str:
    return connections[using].vendor


def ensure_postgresql(*, using: str = "default") -> None:
    """Backups are of PostgreSQL only: `make run`'s SQLite database is demo data made again
    by `make run` itself, and copying a live SQLite file is not a backup one can trust."""
    if vendor(using=using) != "postgresql":
        raise DatabaseError(
            "Pencadangan hanya untuk PostgreSQL (basis data produksi). Basis data ini "
            f"{vendor(using=using)}: untuk `make run` (SQLite), hentikan portal lalu salin "
            "var/db.sqlite3 dan var/private/."
        )


def _client(program: str, *, using: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that reach the connection's database."""
    path = shutil.which(program)
    if path is None:
        raise DatabaseError(
            f"Program {program} tidak ditemukan: pasang klien PostgreSQL "
            "(apt-get install postgresql-client) dengan versi yang sama atau lebih baru "
            "daripada server."
        )
    db = connections[using].settings_dict
    args = [path]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    # The program is the one shutil.which found; the arguments are the settings' own.
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DatabaseError(f"{what} gagal (kode {result.returncode}): {result.stderr.strip()}")


def database_dump(*, target: Path, using: str = "default") -> None:
    args, env = _client("pg_dump", using=using)
    name = connections[using].settings_dict["NAME"]
    args += ["--format=custom", "--no-owner", "--no-acl", f"--file={target}", name]
    _run(args, env, "pg_dump")


def database_load(*, source: Path, using: str = "default") -> None:
    """pg_restore in one transaction that stops at the first error: a restore that fails
    leaves the target as empty as it was."""
    args, env = _client("pg_restore", using=using)
    name = connections[using].settings_dict["NAME"]
    args += [
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={name}",
        str(source),
    ]
    _run(args, env, "pg_restore")


def user_tables(*, using: str = "default") -> list[str]:
    """Every table outside PostgreSQL's own schemas ("schema.table")."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
            "AND table_schema NOT LIKE 'pg_toast%%' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]
