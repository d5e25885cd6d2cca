"""Uploading evidence: typed by content, capped while streaming, stored privately, versioned."""

from pathlib import Path

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence, EvidenceFile
from tests.factories import EXE_BYTES, PDF_BYTES, PNG_BYTES, ooxml_bytes, upload

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


def url(action: ActionItem, month: int = 4) -> str:
    return reverse("evidence_action", args=["kpu-kalbar", 2025, month, action.pk])


def post(client: Client, action: ActionItem, *files, month: int = 4, note: str = ""):
    return client.post(url(action, month), {"files": list(files), "note": note})


def test_a_pdf_renamed_exe_is_accepted_as_pdf(
    k1: Client, action: ActionItem, private_root: Path
) -> None:
    response = post(k1, action, upload("laporan.exe", PDF_BYTES))
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert (stored.kind, stored.content_type, stored.original_name) == (
        "pdf",
        "application/pdf",
        "laporan.pdf",
    )
    assert stored.file.name.endswith(".pdf")
    assert (private_root / stored.file.name).read_bytes() == PDF_BYTES


def test_an_exe_renamed_pdf_is_refused_naming_the_allowed_types(
    k1: Client, action: ActionItem, private_root: Path
) -> None:
    response = post(k1, action, upload("laporan.pdf", EXE_BYTES, "application/pdf"))
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        "laporan.pdf: jenis berkas tidak diizinkan. Jenis yang diizinkan: PDF, JPG, PNG, DOCX, XLSX, PPTX."
        in body
    )
    assert not Evidence.objects.exists()
    assert not any(private_root.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("foto.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
        ("foto.png", PNG_BYTES, "png"),
        ("notulen.docx", ooxml_bytes("word/document.xml"), "docx"),
        ("rekap.xlsx", ooxml_bytes("xl/workbook.xml"), "xlsx"),
        ("paparan.pptx", ooxml_bytes("ppt/presentation.xml"), "pptx"),
    ],
)
def test_each_allowed_type_is_recognised(
    k1: Client, action: ActionItem, name: str, content: bytes, kind: str
) -> None:
    assert post(k1, action, upload(name, content)).status_code == 302
    assert EvidenceFile.objects.get().kind == kind


def test_a_plain_zip_renamed_docx_is_refused(k1: Client, action: ActionItem) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "x")
    assert post(k1, action, upload("surat.docx", buffer.getvalue())).status_code == 422
    assert not Evidence.objects.exists()


def test_several_files_in_one_upload_form_one_version(k1: Client, action: ActionItem) -> None:
    post(
        k1, action, upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES), note="Notulen dan foto"
    )
    evidence = Evidence.objects.get()
    version = evidence.versions.get()
    assert (evidence.current_version, version.note, version.files.count()) == (
        1,
        "Notulen dan foto",
        2,
    )


def test_one_bad_file_refuses_the_whole_upload(k1: Client, action: ActionItem) -> None:
    response = post(k1, action, upload("a.pdf", PDF_BYTES), upload("virus.pdf", EXE_BYTES))
    assert response.status_code == 422
    assert "virus.pdf" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()


class SpyHandler(FileUploadHandler):
    """Placed after the size cap: counts what reaches the storing handlers."""

    received: list[int] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        SpyHandler.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def test_an_over_limit_file_is_refused_while_streaming(
    k1: Client, action: ActionItem, settings, private_root: Path
) -> None:
    settings.MAX_UPLOAD_BYTES = 256 * 1024
    settings.FILE_UPLOAD_HANDLERS = [
        "common.uploads.SizeLimitUploadHandler",
        "tests.test_evidence_upload.SpyHandler",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    SpyHandler.received = []
    big = PDF_BYTES + b"0" * (3 * 1024 * 1024)  # 3 MB, a valid PDF header
    response = post(k1, action, upload("besar.pdf", big))
    assert response.status_code == 422
    assert "besar.pdf: melebihi batas ukuran 256 KB." in response.content.decode()
    # the storing handlers never saw more than the limit: the rest was discarded as it streamed
    assert sum(SpyHandler.received) <= settings.MAX_UPLOAD_BYTES
    assert not Evidence.objects.exists()
    assert not any(private_root.rglob("*.*"))


def test_the_limit_message_names_the_file_and_the_limit(
    k1: Client, action: ActionItem, settings
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    response = post(k1, action, upload("besar.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024)))
    assert "besar.pdf: melebihi batas ukuran 1 MB." in response.content.decode()


def test_a_path_in_the_filename_is_harmless(
    k1: Client, action: ActionItem, private_root: Path, tmp_path: Path
) -> None:
    assert post(k1, action, upload("../../x.pdf", PDF_BYTES)).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "x.pdf"
    assert ".." not in stored.file.name
    path = (private_root / stored.file.name).resolve()
    assert path.is_relative_to(private_root.resolve())
    assert not (tmp_path.parent / "x.pdf").exists()


def test_the_stored_name_is_generated_and_the_hash_kept(k1: Client, action: ActionItem) -> None:
    import hashlib

    post(k1, action, upload("Laporan Rapat (final).pdf", PDF_BYTES))
    stored = EvidenceFile.objects.get()
    assert "Laporan" not in stored.file.name
    assert stored.file.name.startswith("evidence/kpu-kalbar/2025/")
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert stored.size == len(PDF_BYTES)


def test_a_new_upload_is_a_new_version_and_old_versions_stay_downloadable(
    k1: Client, action: ActionItem
) -> None:
    post(k1, action, upload("v1.pdf", PDF_BYTES))
    post(k1, action, upload("v2.pdf", PDF_BYTES + b"%v2"))
    evidence = Evidence.objects.get()
    assert evidence.current_version == 2
    assert list(evidence.versions.values_list("number", flat=True)) == [2, 1]
    first = EvidenceFile.objects.get(version__number=1)
    response = k1.get(reverse("evidence_download", args=["kpu-kalbar", first.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="v1.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_evidence_covers_the_chosen_month_not_the_upload_date(
    k1: Client, action: ActionItem
) -> None:
    post(k1, action, upload("feb.pdf", PDF_BYTES), month=2)
    assert Evidence.objects.get().month == 2


def test_no_public_media_url_serves_the_files(
    client: Client, k1: Client, action: ActionItem
) -> None:
    from django.conf import settings

    post(k1, action, upload("rahasia.pdf", PDF_BYTES))
    stored = EvidenceFile.objects.get()
    assert settings.MEDIA_URL in (None, "", "/")
    assert client.get("/" + stored.file.name).status_code == 404
    assert client.get("/media/" + stored.file.name).status_code == 404
    anonymous = Client()
    response = anonymous.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk]))
    assert response.status_code == 302


def test_another_units_user_gets_404_on_download(
    client: Client, k1: Client, action: ActionItem, people: dict
) -> None:
    post(k1, action, upload("a.pdf", PDF_BYTES))
    stored = EvidenceFile.objects.get()
    other = Client()
    other.force_login(people["koordinator_other_unit"])
    assert (
        other.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk])).status_code == 404
    )
    assert (
        other.get(reverse("evidence_download", args=["kpu-sambas", stored.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    ("uploaded", "content", "downloaded"),
    [
        ("laporan.html", PDF_BYTES, "laporan.pdf"),
        ("foto.JPEG.exe", PNG_BYTES, "foto.JPEG.png"),
        ("tanpa-ekstensi", PDF_BYTES, "tanpa-ekstensi.pdf"),
        ("FOTO.PNG", PNG_BYTES, "FOTO.PNG"),
    ],
)
def test_the_download_name_carries_the_extension_of_the_content(
    k1: Client, action: ActionItem, uploaded: str, content: bytes, downloaded: str
) -> None:
    assert post(k1, action, upload(uploaded, content)).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == downloaded
    response = k1.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk]))
    assert f'filename="{downloaded}"' in response["Content-Disposition"]


def test_a_row_stored_with_a_misleading_name_downloads_with_the_right_extension(
    k1: Client, action: ActionItem
) -> None:
    post(k1, action, upload("laporan.pdf", PDF_BYTES))
    EvidenceFile.objects.update(original_name="laporan.html")  # as rows stored before the fix
    stored = EvidenceFile.objects.get()
    response = k1.get(reverse("evidence_download", args=["kpu-kalbar", stored.pk]))
    assert 'filename="laporan.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
