"""Loaded with `-p` before Django is configured: the suite runs on PostgreSQL and Redis."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("ZI_ENV", "development")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
