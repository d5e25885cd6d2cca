"""A real S3-compatible server for the storage tests: moto in server mode, started as its
own process (its memory is not the test's: the 1 GB package test measures this process) on
a free local port, once per pytest process; a bucket per xdist worker and a key prefix per
test. Local disk stays every other test's storage (tests/conftest.py ``private_root``).

``s3_storage`` switches the test's default storage to the portal's ``PrivateS3Storage``
with the options settings.py builds from the environment; ``s3_env`` is that environment,
for a worker process started by the test (tests/worker.py)."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from storages.backends.s3 import S3File

REGION = "us-east-1"
KEY_ID, SECRET = "testing", "testing"  # moto accepts any credentials


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    def client(self) -> object:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )

    def keys(self, prefix: str = "") -> dict[str, int]:
        """Every object under ``prefix``: key → size."""
        pages = self.client().get_paginator("list_objects_v2")
        found = {}
        for page in pages.paginate(Bucket=self.bucket, Prefix=prefix):
            found |= {o["Key"]: o["Size"] for o in page.get("Contents", [])}
        return found


def _die_with_parent() -> None:
    """In the server's process before it starts: end it when this pytest process ends,
    even by SIGKILL (PR_SET_PDEATHSIG), so that no server outlives an interrupted run."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[S3Server]:
    """``moto_server`` on a free port for this pytest process, with this worker's bucket."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
            env={**os.environ, "TMPDIR": str(log.parent)},  # its large keys spill here
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start:\n" + log.read_text()) from None
                time.sleep(0.2)
        server = S3Server(endpoint, f"zi-test-{worker_id}".lower())
        server.client().create_bucket(Bucket=server.bucket)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def s3_env(s3_server: S3Server) -> dict[str, str]:
    """The environment that puts the portal's files in the bucket, under a prefix of this
    test's own (the variables docker-compose passes: docs/storage.md)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": s3_server.bucket,
        "AWS_S3_ENDPOINT_URL": s3_server.endpoint,
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_LOCATION": f"t-{uuid.uuid4().hex[:12]}",
    }


@pytest.fixture
def s3_storage(
    s3_env: dict[str, str], private_root: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The test's default storage is the bucket, configured by settings.py itself from
    ``s3_env`` (so the test covers what production reads). Yields the key prefix."""
    for name, value in s3_env.items():
        monkeypatch.setenv(name, value)
    options = _settings_storage()
    settings.STORAGES = {**settings.STORAGES, "default": options}
    assert default_storage.__class__.__name__ == "PrivateS3Storage"
    yield s3_env["AWS_LOCATION"]


def _settings_storage() -> dict[str, object]:
    """STORAGES["default"] as zi_portal/settings.py builds it from the environment now."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_settings_now", Path(__file__).resolve().parent.parent / "zi_portal" / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STORAGES["default"]


def local_files(root: Path) -> list[Path]:
    """Every file under the local private root (none, when the bucket holds them)."""
    return [p for p in root.rglob("*") if p.is_file()]


def whole_object_copies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The objects django-storages' ``open()`` copies whole to local memory or disk before
    the first byte (``S3File.file``); streamed reads never make one."""
    copied: list[str] = []
    real = S3File.file

    def copy(self: S3File) -> object:
        copied.append(self.name)
        return real.fget(self)

    monkeypatch.setattr(S3File, "file", property(copy, real.fset))
    return copied
