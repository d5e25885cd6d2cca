"""Loaded with `-p` before Django is configured: the suite runs on PostgreSQL and Redis.

Under pytest-xdist each worker process gets its own test database (pytest-django adds
``_gw<N>`` to the name) and, from here, its own Redis database: worker ``gw<N>`` uses the
given database number minus N. Real Celery workers started by a test listen on their
process's Redis database, so one xdist worker's jobs never reach another's Celery worker,
and the upload counts in the cache do not mix.
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_portal")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("ZI_ENV", "development")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REDIS_DATABASES = 16  # Redis's default `databases`


def redis_url_for_worker(url: str, worker: str) -> str:
    """The Redis URL of xdist worker ``gw<N>``: database (given − N) modulo 16."""
    parts = urlsplit(url)
    given = int(parts.path.strip("/") or 0)
    number = int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{(given - number) % REDIS_DATABASES}"))


if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], worker)
