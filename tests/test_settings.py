"""Production settings fail loudly and pass `check --deploy`; the default needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "ZI_ENV": "production",
    "SECRET_KEY": "k3y-" + "x7Qp9zLm2Vb8Nc4Rt6Yw1Ua5Se3Df0GhJkPoIuY" * 2,
    "ALLOWED_HOSTS": "zi.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://zi.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zi_portal",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "PORTAL_BASE_URL": "https://zi.example.go.id",
    "EMAIL_URL": "smtp://mail.example.go.id:587",
    "DEFAULT_FROM_EMAIL": "ZI Portal <zi-portal@example.go.id>",
    "PRIVATE_MEDIA_ROOT": "/data/private",
    "SIGNING_KEY_FILE": "/data/private/signing/key.pem",
    "SIGNING_CERT_FILE": "/data/private/signing/cert.pem",
}
# Settings with a development default that production must be given (zi_portal/settings.py).
PRODUCTION_ONLY_REQUIRED = [
    "PORTAL_BASE_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "PRIVATE_MEDIA_ROOT",
    "SIGNING_KEY_FILE",
    "SIGNING_CERT_FILE",
]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dropped = {*PRODUCTION_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "PRIVATE_MEDIA_ROOT"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CSRF_TRUSTED_ORIGINS"],
)
def test_production_refuses_to_start_without(missing: str) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("missing", PRODUCTION_ONLY_REQUIRED)
def test_production_does_not_fall_back_to_a_development_default(missing: str) -> None:
    for value in (None, ""):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        if value is not None:
            env[missing] = value
        result = run_manage("check", env=env)
        assert result.returncode != 0, f"{missing}={value!r} started"
        assert "ImproperlyConfigured" in result.stderr
        assert f"{missing} wajib diisi untuk ZI_ENV=production" in result.stderr


@pytest.mark.parametrize(
    "value", ["http://127.0.0.1:8000", "http://localhost", "zi.example.go.id", "ftp://zi.example"]
)
def test_production_refuses_a_base_url_others_cannot_open(value: str) -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, "PORTAL_BASE_URL": value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PORTAL_BASE_URL" in result.stderr


def test_the_deploy_files_set_every_production_setting() -> None:
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    compose = (ROOT / "docker-compose.yml").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    for name in PRODUCTION_ENV:
        assert name in example or f"{name}:" in compose, f"{name} not in .env.example"
        assert f"{name}=" in dockerfile or name == "ZI_ENV", f"{name} not in collectstatic"


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_default_needs_no_environment(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='zi_portal.settings'; "
                "django.setup(); from django.conf import settings as s; "
                "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.MEDIA_URL, s.TIME_ZONE, s.LANGUAGE_CODE)"
            ),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "None",
        "Asia/Pontianak",
        "id",
    ]
