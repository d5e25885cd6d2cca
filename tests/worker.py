"""A real `celery worker` process against Redis and the test database, stopped by its PID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class Worker:
    def __init__(
        self,
        private_root: Path,
        log: Path,
        *,
        pool: str = "solo",
        args: tuple[str, ...] = (),
        queues: tuple[str, ...] = (),
        **extra_env: str,
    ) -> None:
        self.private_root = private_root
        self.log = log
        self.pool = pool  # "prefork": a main process and its child, as in production
        self.args = args  # e.g. ("--beat", "--schedule", …): beat inside this worker
        self.extra_env = extra_env
        # Every queue unless told (settings.CELERY_QUEUE_NAMES): a worker without -Q would
        # consume only the default one and never see an export.
        self.queues = queues or settings.CELERY_QUEUE_NAMES
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        return {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": settings.CELERY_BROKER_URL,
            "PRIVATE_MEDIA_ROOT": str(self.private_root),
            "SIGNING_KEY_FILE": str(settings.SIGNING_KEY_FILE),
            "SIGNING_CERT_FILE": str(settings.SIGNING_CERT_FILE),
            "SIGNING_KEY_PASSPHRASE": settings.SIGNING_KEY_PASSPHRASE,
            "DEBUG": "false",
            **self.extra_env,
        }

    def start(self, timeout: float = 60) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "zi_portal",
                "worker",
                "--pool",
                self.pool,
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"uji{time.time_ns()}@%h",
                "--queues",
                ",".join(self.queues),
                *self.args,
            ],
            cwd=ROOT,
            start_new_session=True,  # its own process group: kill_group() ends main and children
            env=self.env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.log.read_bytes():
                return
            if self.process.poll() is not None:
                raise RuntimeError("celery worker exited:\n" + self.log.read_text())
            time.sleep(0.2)
        raise TimeoutError("celery worker not ready:\n" + self.log.read_text())

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task, as on a crash or OOM."""
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def kill_group(self) -> None:
        """SIGKILL to the worker's whole process group: main process and pool children die
        at once, as when a machine or container is killed."""
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def flush_broker() -> None:
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
