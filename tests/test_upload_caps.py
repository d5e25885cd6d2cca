"""Upload caps counted across the whole request while it streams; anonymous far lower;
anonymous uploads rate-limited per address."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence
from tests.factories import PDF_BYTES, upload
from zi_portal.middleware import anon_upload_key

pytestmark = pytest.mark.django_db


class StoredBytes(FileUploadHandler):
    """Sits just before the storing handlers: counts what reaches memory or disk."""

    total = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        StoredBytes.total += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def counted(settings) -> type[StoredBytes]:
    settings.FILE_UPLOAD_HANDLERS = [
        "common.uploads.SizeLimitUploadHandler",
        "tests.test_upload_caps.StoredBytes",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    StoredBytes.total = 0
    return StoredBytes


@pytest.fixture
def evidence_url(plan: WorkPlan) -> str:
    action = ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").first()
    return reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])


def pdf(name: str, size: int) -> object:
    return upload(name, PDF_BYTES + b"0" * (size - len(PDF_BYTES)), "application/pdf")


def test_files_under_the_file_cap_but_over_the_request_cap_are_refused_while_streaming(
    client: Client, people: dict, evidence_url: str, counted, settings, private_root: Path
) -> None:
    settings.MAX_UPLOAD_BYTES = 300 * 1024
    settings.MAX_UPLOAD_REQUEST_BYTES = 1024 * 1024
    client.force_login(people["koordinator_own"])
    files = [pdf(f"bagian{i}.pdf", 250 * 1024) for i in range(8)]  # 2 MB in all
    response = client.post(evidence_url, {"files": files})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Jumlah ukuran berkas dalam satu kiriman melebihi batas 1 MB." in body
    assert counted.total <= settings.MAX_UPLOAD_REQUEST_BYTES
    assert not Evidence.objects.exists()
    assert not any(private_root.rglob("*.*"))


def test_an_eleventh_file_is_refused_before_it_is_stored(
    client: Client, people: dict, evidence_url: str, counted
) -> None:
    client.force_login(people["koordinator_own"])
    files = [pdf(f"bagian{i}.pdf", 20 * 1024) for i in range(11)]
    response = client.post(evidence_url, {"files": files})
    assert response.status_code == 422
    assert "Paling banyak 10 berkas sekali kirim." in response.content.decode()
    assert counted.total <= 10 * 20 * 1024
    assert not Evidence.objects.exists()


def test_an_anonymous_verification_takes_one_small_file(
    client: Client, people: dict, issue_rendered_decree, counted, settings
) -> None:
    job = issue_rendered_decree(people["sekretariat"])
    url = reverse("verify", args=[job.code])
    files = [pdf(f"salinan{i}.pdf", 2 * 1024 * 1024) for i in range(8)]
    response = client.post(url, {"file": files})
    assert response.status_code == 422
    assert "Paling banyak 1 berkas sekali kirim." in response.content.decode()
    assert counted.total <= 2 * 1024 * 1024

    counted.total = 0
    big = pdf("besar.pdf", settings.ANON_MAX_UPLOAD_BYTES + 1024 * 1024)
    response = client.post(url, {"file": big})
    assert response.status_code == 422
    assert "besar.pdf: melebihi batas ukuran 10 MB." in response.content.decode()
    assert counted.total <= settings.ANON_MAX_UPLOAD_BYTES


def test_a_logged_in_user_gets_the_higher_caps(
    client: Client, people: dict, evidence_url: str, settings
) -> None:
    settings.ANON_MAX_UPLOAD_BYTES = 1024
    client.force_login(people["koordinator_own"])
    files = [pdf(f"bagian{i}.pdf", 64 * 1024) for i in range(3)]
    assert client.post(evidence_url, {"files": files}).status_code == 302


def test_anonymous_uploads_are_limited_per_address_and_hour(
    client: Client, people: dict, issue_rendered_decree, settings
) -> None:
    settings.ANON_UPLOADS_PER_HOUR = 3
    job = issue_rendered_decree(people["sekretariat"])
    url = reverse("verify", args=[job.code])
    for _ in range(3):
        assert client.post(url, {"file": pdf("x.pdf", 1024)}).status_code == 422
    response = client.post(url, {"file": pdf("x.pdf", 1024)})
    assert response.status_code == 429
    assert "Terlalu banyak unggahan" in response.content.decode()
    cache.delete(anon_upload_key("203.0.113.9"))
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(url, {"file": pdf("x.pdf", 1024)}).status_code == 422
    assert client.get(url).status_code == 200  # reading the page is never limited
    client.force_login(people["ketua"])
    assert client.post(url, {"file": pdf("x.pdf", 1024)}).status_code == 422
