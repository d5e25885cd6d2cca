"""A signed decree rendered by a real Celery worker process with its files in the S3 bucket
(moto server): the worker reads the unit's logo from the bucket and stores the PDF there,
the web side streams it to the Sekretariat, and the public verification page checks an
uploaded copy against it. Nothing lands on the local private root of either process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from access.models import RoleAssignment, Unit
from reports.models import ReportJob
from reports.services import job_request
from reports.signing import pdf_signature_check
from tests.factories import PNG_BYTES, UserFactory, upload
from tests.lke_package_support import wait_done
from tests.s3_support import S3Server, local_files
from tests.worker import Worker, flush_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(
    s3_storage: str, s3_env: dict[str, str], private_root: Path, tmp_path: Path
) -> Iterator[Worker]:
    flush_broker()
    process = Worker(private_root, tmp_path / "worker.log", **s3_env)
    process.start()
    yield process
    process.stop()


def test_a_decree_signed_by_a_real_worker_is_stored_in_the_bucket_streamed_and_verified(
    transactional_db: None,
    worker: Worker,
    s3_storage: str,
    s3_server: S3Server,
    private_root: Path,
    django_capture_on_commit_callbacks,
) -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    province.logo.save("logo.png", ContentFile(PNG_BYTES), save=True)
    user = UserFactory(username="sekre-s3")
    RoleAssignment.objects.create(user=user, unit=province, role="sekretariat")
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = job_request(user=user, kind="keputusan", unit=province, year=2025)
    job = wait_done(job, 120)
    assert job.status == ReportJob.Status.SELESAI, job.error + worker.log.read_text()[-3000:]
    assert s3_server.keys(s3_storage)[f"{s3_storage}/{job.output.name}"] == job.size

    client = Client()
    client.force_login(user)
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert response["Content-Disposition"] == (
        f'attachment; filename="keputusan-kpu-kalbar-2025-v{job.version}.pdf"'
    )
    assert len(pdf) == job.size and pdf_signature_check(pdf).valid
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf  # the logo, from the bucket

    public = Client()
    same = public.post(reverse("verify", args=[job.code]), {"file": upload("k.pdf", pdf)})
    assert same.status_code == 200
    assert "sama persis dengan dokumen yang diterbitkan" in same.content.decode()
    changed = public.post(
        reverse("verify", args=[job.code]), {"file": upload("k.pdf", pdf + b"%x\n")}
    )
    assert changed.status_code == 422
    assert local_files(private_root) == []
