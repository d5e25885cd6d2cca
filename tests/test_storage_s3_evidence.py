"""Evidence, LKE attachments, logos and kept imports in an S3 bucket (moto server): stored
through the portal's pages and services, downloaded through its views (streamed, the
permission check first), nothing written to the local private root."""

import base64
import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from areas.figures import paragraph_figure_uri
from areas.models import ActionItem, Paragraph, WorkPlan
from evidence.models import EvidenceFile
from lke.models import QuestionEvidenceFile
from reports.selectors import unit_logo_uri
from tests.factories import PDF_BYTES, PNG_BYTES, lke_assessment, upload
from tests.lke_package_support import attach_notes
from tests.s3_support import S3Server, local_files
from transfer import stash

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(plan: WorkPlan) -> ActionItem:
    return (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )


@pytest.fixture
def k1(client: Client, people: dict) -> Client:
    client.force_login(people["koordinator_own"])
    return client


def test_uploaded_evidence_is_an_object_in_the_bucket_and_downloads_through_the_view(
    k1: Client, action: ActionItem, s3_storage: str, s3_server: S3Server, private_root: Path
) -> None:
    url = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    response = k1.post(url, {"files": [upload("laporan.pdf", PDF_BYTES)], "note": ""})
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert s3_server.keys(s3_storage) == {f"{s3_storage}/{stored.file.name}": len(PDF_BYTES)}
    download = k1.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Length"] == str(len(PDF_BYTES))
    assert download["Content-Disposition"] == 'attachment; filename="laporan.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert local_files(private_root) == []


def test_another_units_user_is_refused_the_object(
    k1: Client, action: ActionItem, people: dict, s3_storage: str
) -> None:
    url = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    k1.post(url, {"files": [upload("a.pdf", PDF_BYTES)], "note": ""})
    stored = EvidenceFile.objects.get()
    other = Client()
    other.force_login(people["koordinator_other_unit"])
    download = reverse("evidence_download", args=["kpu-kalbar", stored.pk])
    assert other.get(download).status_code == 404
    assert Client().get(download).status_code == 302  # to the login page, no bytes


def test_an_object_missing_from_the_bucket_is_a_404_not_a_500(
    k1: Client, action: ActionItem, s3_storage: str, s3_server: S3Server
) -> None:
    url = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    k1.post(url, {"files": [upload("a.pdf", PDF_BYTES)], "note": ""})
    stored = EvidenceFile.objects.get()
    s3_server.client().delete_object(
        Bucket=s3_server.bucket, Key=f"{s3_storage}/{stored.file.name}"
    )
    response = k1.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk]))
    assert response.status_code == 404


def test_an_lke_attachment_is_stored_in_the_bucket_and_downloaded_by_its_reader(
    people: dict, s3_storage: str, s3_server: S3Server, private_root: Path
) -> None:
    assessment = lke_assessment(people["ketua"].roles.first().unit, 2025)
    attach_notes(assessment, people["koordinator_own"])
    row = QuestionEvidenceFile.objects.get()
    assert f"{s3_storage}/{row.file.name}" in s3_server.keys(s3_storage)
    reader = Client()
    reader.force_login(people["ketua"])
    url = reverse("lke_attachment", args=["kpu-kalbar", 2025, row.pk])
    response = reader.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"% notulen\n")
    outsider = Client()
    outsider.force_login(people["ketua_other_unit"])
    assert outsider.get(url).status_code in {403, 404}
    assert local_files(private_root) == []


def test_a_logo_in_the_bucket_is_embedded_as_a_data_uri(
    plan: WorkPlan, s3_storage: str, private_root: Path
) -> None:
    plan.unit.logo.save("logo.png", ContentFile(PNG_BYTES), save=True)
    assert unit_logo_uri(plan.unit).startswith("data:image/png;base64,")
    assert local_files(private_root) == []


def test_kept_imports_are_listed_aged_and_swept_in_the_bucket(
    s3_storage: str, s3_server: S3Server, private_root: Path
) -> None:
    name = stash.stash_keep(user_id=7, content=b"isi")
    assert stash.stash_read(name=name, sha256=hashlib.sha256(b"isi").hexdigest()) == b"isi"
    assert stash.stash_exists(name=name)
    assert stash.stash_sweep() == 0  # young: kept
    assert len(s3_server.keys(s3_storage)) == 1
    assert stash.stash_sweep(older_than=datetime.timedelta(0)) == 1  # its age, from S3
    assert s3_server.keys(s3_storage) == {}
    assert local_files(private_root) == []


def test_a_plan_figure_in_the_bucket_is_printed_from_the_bucket(
    plan: WorkPlan, s3_storage: str, s3_server: S3Server, private_root: Path
) -> None:
    paragraph = Paragraph.objects.get(
        section__plan=plan, text__contains="Di bawah ini adalah gambar"
    )
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(image, format="PNG")
    paragraph.figure_image = SimpleUploadedFile("model.png", image.getvalue())
    paragraph.full_clean()
    paragraph.save()
    assert f"{s3_storage}/{paragraph.figure_image.name}" in s3_server.keys(s3_storage)
    uri = paragraph_figure_uri(paragraph, plan)
    assert base64.b64decode(uri.split(",", 1)[1]) == image.getvalue()
    assert local_files(private_root) == []
