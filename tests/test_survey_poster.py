"""The desks' QR posters (``ReportJob.Kind.SURVEY_POSTER``): one A4 page per active desk
with the unit, the desk, its surveys and a large QR code of its public link; asked for
through ``job_request`` by who runs the surveys; unchanged desks → the issued version."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from access.models import Unit
from reports.models import ReportJob
from reports.selectors import qr_data_uri
from reports.services import NO_DESKS, job_output_bytes, job_request, pdf_signature_check
from reports.surveys import selectors as documents
from surveys.services import desk_save
from tests.lhe_support import norm
from tests.survey_report_support import desks_make

pytestmark = pytest.mark.django_db

POSTER = ReportJob.Kind.SURVEY_POSTER
BASE = "https://zi.example.go.id"
ASK_CODE = "Minta kode survei di loket"


@pytest.fixture
def desks(province: Unit, people: dict, settings: object) -> list:
    settings.PORTAL_BASE_URL = BASE
    return desks_make(province, user=people["sekretariat"])


def test_each_active_desk_gets_its_link_as_a_qr_code(province: Unit, desks: list) -> None:
    pages = documents.poster_context(province)["pages"]
    assert [p.desk for p in pages] == ["Loket 1 Informasi", "Loket 2 Legalisir"]
    for page, desk in zip(pages, desks, strict=False):
        assert page.url == f"{BASE}/survei/{desk.token}/"
        assert page.qr_uri == qr_data_uri(page.url)  # the code of exactly that link
    assert pages[0].surveys == [
        "Survei Kepuasan Masyarakat (SKM)",
        "Survei Persepsi Kualitas Pelayanan (SPKP)",
    ]
    assert (pages[0].open_link, pages[1].open_link) == (True, False)


def _decoded(data: bytes, folder: Path) -> list[str] | None:
    """The QR codes on the pages, read by zbarimg when the machine has it."""
    if not shutil.which("zbarimg"):
        return None
    pdf = folder / "poster.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(folder / "p")], check=True)
    found = []
    for png in sorted(folder.glob("p-*.png")):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        found += out.stdout.split()
    return found


def test_the_pdf_has_one_page_per_active_desk_and_says_how_to_answer(
    province: Unit, desks: list, people: dict, tmp_path: Path
) -> None:
    job, created = job_request(
        user=people["sekretariat"], kind=POSTER, unit=province, year=2026, here=True
    )
    assert created and job.status == ReportJob.Status.SELESAI, job.error
    data = job_output_bytes(job)
    assert pdf_signature_check(data).valid
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2  # the inactive desk has none
    first, second = (norm(page.extract_text()) for page in reader.pages)
    for text, desk in ((first, desks[0]), (second, desks[1])):
        assert norm(province.name.upper()) in text or norm(province.name) in text
        assert norm(desk.name) in text
        assert norm(f"{BASE}/survei/{desk.token}/") in text  # printed under the QR code
        assert norm("Pindai kode QR") in text and norm("tanpa nama") in text
    assert norm(ASK_CODE) not in first  # an open link: anyone with the link answers
    assert norm(ASK_CODE) in second
    assert "Loket lama" not in first + second
    decoded = _decoded(data, tmp_path)
    if decoded is not None:
        assert decoded == [f"{BASE}/survei/{d.token}/" for d in desks[:2]]


def test_unchanged_desks_give_the_issued_posters_and_a_change_a_new_version(
    province: Unit, desks: list, people: dict
) -> None:
    user = people["sekretariat"]
    first, _ = job_request(user=user, kind=POSTER, unit=province, year=2026, here=True)
    assert first.version == 1, first.error
    same, created = job_request(user=user, kind=POSTER, unit=province, year=2026)
    assert (same.pk, created) == (first.pk, False)
    desk_save(
        user=user, unit=province, name="Loket 2 Legalisir", kinds=["skm"], open_link=True,
        desk=desks[1],
    )  # fmt: skip
    second, created = job_request(user=user, kind=POSTER, unit=province, year=2026, here=True)
    assert created and second.version == 2, second.error


def test_posters_need_the_survey_role_and_an_active_desk(province: Unit, people: dict) -> None:
    with pytest.raises(ValidationError, match=NO_DESKS):
        job_request(user=people["sekretariat"], kind=POSTER, unit=province, year=2026)
    desks_make(province, user=people["sekretariat"])
    for role in ("ketua", "tpi", "koordinator_own", "ketua_other_unit"):
        with pytest.raises(PermissionDenied):
            job_request(user=people[role], kind=POSTER, unit=province, year=2026)
    assert not ReportJob.objects.exists()
