"""Documents rendered once — per run (the decree, tests/conftest.py) or per module (the
submission package, tests/test_lke_package.py) — for the tests that only read them.

Such a fixture renders before the test's own settings apply and inside a transaction it
rolls back; it keeps what the tests read (the job's columns, the file's bytes).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import override_settings


def rendering_settings(root: Path, signing_files: tuple[Path, Path]) -> override_settings:
    """The test signing key and a private folder of the render's own."""
    key, cert = signing_files
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return override_settings(
        SIGNING_KEY_FILE=key,
        SIGNING_CERT_FILE=cert,
        SIGNING_KEY_PASSPHRASE="uji-rahasia",
        PRIVATE_MEDIA_ROOT=root,
        MEDIA_ROOT=root,
        STORAGES={
            **settings.STORAGES,
            "default": {**storage, "OPTIONS": {"location": root, "base_url": None}},
        },
    )
