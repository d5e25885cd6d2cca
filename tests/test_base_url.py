"""D6: QR codes and links follow where the portal is served (`make run PORT=8010`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from common.links import absolute_url, portal_base_url

ROOT = Path(__file__).resolve().parents[1]


def _settings_base_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"PORTAL_BASE_URL", "PORT"}}
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'zi_portal.settings');"
        "django.setup(); from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_the_default_base_url_follows_the_port() -> None:
    assert _settings_base_url(PORT="8010") == "http://127.0.0.1:8010"
    assert _settings_base_url() == "http://127.0.0.1:8000"
    assert _settings_base_url(PORT="8010", PORTAL_BASE_URL="https://zi.example") == (
        "https://zi.example"
    )


def test_make_run_passes_its_port_to_the_server_and_the_worker() -> None:
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8010"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in dry.splitlines() if "celery" in line)
    assert "export PORTAL_BASE_URL=http://127.0.0.1:8010;" in line
    assert "runserver 127.0.0.1:8010" in dry


def test_with_a_request_links_follow_its_host(settings) -> None:
    settings.ALLOWED_HOSTS = ["portal.test"]
    request = RequestFactory().get("/", HTTP_HOST="portal.test:8010")
    assert portal_base_url(request) == "http://portal.test:8010"
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8010/"
    assert portal_base_url() == "http://127.0.0.1:8010"
    assert absolute_url("/verifikasi/ABC/") == "http://127.0.0.1:8010/verifikasi/ABC/"


@pytest.mark.django_db
def test_the_verification_link_and_notice_mails_use_the_base_url(settings, people: dict) -> None:
    from django.core import mail

    from reports.models import ReportJob
    from reports.notices import notices_send
    from reports.services import verify_url

    settings.PORTAL_BASE_URL = "http://127.0.0.1:8010"
    job = ReportJob(code="ABCDEFGHJK")
    assert verify_url(job) == "http://127.0.0.1:8010/verifikasi/ABCDEFGHJK/"
    from django.db import transaction

    with transaction.atomic():
        notices_send(users=[people["tpi"]], text="Uji", link="/pemberitahuan/", subject="Uji")
    assert all("http://127.0.0.1:8010/pemberitahuan/" in m.body for m in mail.outbox)
