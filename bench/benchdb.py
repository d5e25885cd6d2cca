"""The benchmarks' own PostgreSQL databases: never a database without "bench" in its name."""

from __future__ import annotations

import os
import sys
from typing import Any

import environ
import psycopg
from psycopg import sql as pgsql


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_settings() -> dict[str, Any]:
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgres" not in config["ENGINE"]:
        raise SystemExit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    if "bench" not in config["NAME"]:
        raise SystemExit(
            f"Refusing to fill database {config['NAME']!r}: its name must contain 'bench'."
        )
    return config


def ensure_database(config: dict[str, Any], *, rebuild: bool) -> None:
    """Create the benchmark database (dropping it first with ``rebuild``)."""
    with psycopg.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    ) as conn:
        name = pgsql.Identifier(config["NAME"])
        if rebuild:
            log(f"dropping database {config['NAME']}")
            conn.execute(pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            log(f"creating database {config['NAME']}")
            conn.execute(pgsql.SQL("CREATE DATABASE {}").format(name))
