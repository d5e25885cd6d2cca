"""The decree PDF: every word from the database, A4 with landscape table pages, signed, verifiable."""

import functools
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from areas.models import ActionItem, Component, DecreeClause, WorkPlan
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run, pdf_signature_check

pytestmark = pytest.mark.django_db


def norm(text: str) -> str:
    """Text without whitespace: WeasyPrint may break a line after "/" or "." inside a word,
    or hyphenate a word (Indonesian hyphenation, the break marked with U+2010 "‐"), so the
    words are compared in order, ignoring where lines were broken."""
    return re.sub(r"\u2010\s*|\s+", "", text)


@pytest.fixture
def issued(plan: WorkPlan, people: dict, issue_rendered_decree) -> ReportJob:
    """The decree issued as version 1. It is rendered once per run (tests/conftest.py
    ``rendered_decree``) since these tests only read it; tests about a render render anew."""
    job = issue_rendered_decree(people["sekretariat"])
    assert job.status == "selesai", job.error
    assert (job.unit_id, job.year, job.version) == (plan.unit_id, plan.year, 1)
    return job


FOOTER = re.compile(r"^(\d+|Verifikasi: \S+|Kode [A-Z0-9]+)$")


@functools.cache
def page_texts(data: bytes) -> tuple[str, ...]:
    """The text of each page. The issued decree is the same file in many tests; reading its
    text takes over a second, so it is read once."""
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def body_text(data: bytes) -> str:
    """The text of every page without its footer (page number, QR caption), so that an item
    running over a page break reads as one."""
    lines = []
    for text in page_texts(data):
        lines += [line for line in text.splitlines() if not FOOTER.match(line.strip())]
    return norm("".join(lines))


@pytest.fixture
def pdf_text(issued: ReportJob) -> str:
    return body_text(job_output_bytes(issued))


def test_it_holds_every_menimbang_mengingat_and_dictum(plan: WorkPlan, pdf_text: str) -> None:
    for clause in DecreeClause.objects.filter(plan=plan):
        assert norm(clause.text) in pdf_text, clause
    for phrase in [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM PROVINSI KALIMANTAN BARAT",
        "NOMOR 9 TAHUN 2025",
        "TENTANG",
        "MEMUTUSKAN",
        "Menetapkan",
        "KESATU",
        "KEDUA",
        "Ditetapkan di Pontianak",
        "pada tanggal 25 April 2025",
        "ttd.",
        "MUHAMMAD SYARIFUDDIN BUDI",
        "Salinan sesuai dengan aslinya",
        "Deni Trisna Dyah",
        "LAMPIRAN",
    ]:
        assert norm(phrase) in pdf_text, phrase


def test_it_holds_every_area_target_and_action_item(plan: WorkPlan, pdf_text: str) -> None:
    for area in plan.areas.all():
        assert norm(f"AREA {area.number} – {area.name}") in pdf_text
        for target in area.targets.all():
            assert norm(target.text) in pdf_text, target
        for action in area.actions.all():
            assert norm(action.text) in pdf_text, action


def test_it_holds_every_lampiran_paragraph(plan: WorkPlan, pdf_text: str) -> None:
    from areas.models import Paragraph

    for paragraph in Paragraph.objects.filter(section__plan=plan):
        assert norm(paragraph.text) in pdf_text, paragraph


def test_the_target_table_has_every_cell_in_its_month(plan: WorkPlan, issued: ReportJob) -> None:
    table_pages = [t for t in page_texts(job_output_bytes(issued)) if "AREA PEMBANGUNAN" in t]
    assert table_pages
    lines = [line for text in table_pages for line in text.splitlines()]
    for component in Component.objects.filter(plan=plan).prefetch_related("targets"):
        cells = [None] * 12
        for t in component.targets.all():
            cells[t.month - 1] = t.percent
        filled = [f"{int(v)}%" for v in cells if v is not None]
        row = next((line for line in lines if component.name[:25] in line), None)
        assert row is not None, component.name
        assert re.findall(r"\d+%", row) == filled, (component.name, row)
    # the blank months of Tim Kerja stay blank: one cell only, in April (the 4th month column)
    assert component is not None


def test_pages_are_a4_and_the_table_pages_landscape(issued: ReportJob) -> None:
    data = job_output_bytes(issued)
    sizes = set()
    for page, text in zip(PdfReader(io.BytesIO(data)).pages, page_texts(data), strict=True):
        w, h = round(float(page.mediabox.width)), round(float(page.mediabox.height))
        sizes.add((w, h))
        if "AREA PEMBANGUNAN" in text:
            assert (w, h) == (842, 595)
        else:
            assert (w, h) == (595, 842)
    assert sizes == {(595, 842), (842, 595)}


def test_every_page_carries_the_verification_code(issued: ReportJob) -> None:
    for number, text in enumerate(page_texts(job_output_bytes(issued)), start=1):
        assert issued.code in text, number
        assert f"/verifikasi/{issued.code}/" in text.replace("\n", "")


def test_the_signature_validates_and_a_one_byte_change_fails(issued: ReportJob) -> None:
    data = job_output_bytes(issued)
    assert pdf_signature_check(data).valid
    tampered = bytearray(data)
    index = len(tampered) // 2
    tampered[index] ^= 0x01
    check = pdf_signature_check(bytes(tampered))
    assert not check.valid


def test_the_verification_page_answers_for_the_issued_file_and_refuses_a_tampered_one(
    client: Client, issued: ReportJob
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("verify", args=[issued.code])
    body = client.get(url).content.decode()
    for value in (issued.sha256, "Nomor 9 Tahun 2025", "MUHAMMAD SYARIFUDDIN BUDI"):
        assert value in body
    data = job_output_bytes(issued)
    response = client.post(url, {"file": SimpleUploadedFile("k.pdf", data, "application/pdf")})
    assert response.status_code == 200
    assert (
        "sama persis dengan dokumen yang diterbitkan dan tanda tangannya sah"
        in response.content.decode()
    )
    tampered = bytearray(data)
    tampered[len(tampered) // 3] ^= 0x01
    response = client.post(
        url, {"file": SimpleUploadedFile("k.pdf", bytes(tampered), "application/pdf")}
    )
    assert response.status_code == 422
    assert "TIDAK sama" in response.content.decode()
    assert client.get(reverse("verify", args=["TIDAKADA00"])).status_code == 404


def test_an_edit_in_the_admin_shows_in_a_new_version_and_the_old_one_stays(
    client: Client, plan: WorkPlan, issued: ReportJob, people: dict
) -> None:
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    client.force_login(people["admin"])
    url = reverse("admin:areas_actionitem_change", args=[action.pk])
    response = client.post(
        url,
        {
            "area": action.area_id,
            "order": action.order,
            "label": action.label,
            "text": "Memperbaharui Tim ZI dengan mekanisme yang jelas dan terukur.",
            "parent": "",
        },
    )
    assert response.status_code == 302
    second = job_run(
        job_id=ReportJob.objects.create(
            kind="keputusan", unit=plan.unit, year=2025, requested_by=people["sekretariat"]
        ).pk
    )
    assert (issued.version, second.version) == (1, 2)
    new_text = body_text(job_output_bytes(second))
    old_text = body_text(job_output_bytes(issued))
    assert norm("dengan mekanisme yang jelas dan terukur") in new_text
    assert norm("dengan mekanisme yang jelas dan terukur") not in old_text
    issued.refresh_from_db()
    assert pdf_signature_check(job_output_bytes(issued)).valid
    assert issued.sha256 != second.sha256


def test_a_render_that_raises_marks_the_job_failed_with_a_readable_error(
    plan: WorkPlan, people: dict, monkeypatch
) -> None:
    from reports import selectors as documents

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("templat rusak")

    monkeypatch.setattr(documents, "decree_html", broken)
    job = ReportJob.objects.create(
        kind="keputusan", unit=plan.unit, year=2025, requested_by=people["sekretariat"]
    )
    job = job_run(job_id=job.pk)
    assert job.status == "gagal"
    assert job.error == "Gagal membuat dokumen: templat rusak"
    assert not job.output


def test_percent_cells_keep_decimals(plan: WorkPlan, people: dict) -> None:
    from areas.models import MonthlyTarget

    MonthlyTarget.objects.filter(component__plan=plan, component__name="Tim Kerja").update(
        percent=Decimal("62.5")
    )
    job = job_run(
        job_id=ReportJob.objects.create(
            kind="keputusan", unit=plan.unit, year=2025, requested_by=people["sekretariat"]
        ).pk
    )
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(job_output_bytes(job))).pages)
    assert "62,5%" in text


def test_the_letterhead_carries_the_units_logo_when_one_is_uploaded(
    plan: WorkPlan, people: dict
) -> None:
    from django.core.files.base import ContentFile

    from tests.factories import PNG_BYTES

    plan.unit.logo.save("logo.png", ContentFile(PNG_BYTES), save=True)
    job = job_run(
        job_id=ReportJob.objects.create(
            kind="keputusan", unit=plan.unit, year=2025, requested_by=people["sekretariat"]
        ).pk
    )
    first_page = PdfReader(io.BytesIO(job_output_bytes(job))).pages[0]
    assert len(first_page.images) >= 1
