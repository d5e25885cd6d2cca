"""The LHE on the export page: offered for a year with an assessment to those who may
export (Sekretariat, admin); requested, watched and downloaded like the decree."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from reports.models import ReportJob
from reports.services import job_request
from tests.factories import PDF_BYTES, lke_assessment

pytestmark = pytest.mark.django_db

LHE = {"kind": "lhe", "year": "2025"}


@pytest.fixture
def assessment(province: Unit) -> object:
    return lke_assessment(province, 2025, state="evaluating")


def test_the_export_page_offers_the_lhe_of_each_assessed_year_to_the_sekretariat(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    page = reverse("job_list", args=[province.slug])
    assert 'data-testid="lhe-export"' not in client.get(page).content.decode()  # none yet
    lke_assessment(province, 2025, state="evaluating")
    body = client.get(page).content.decode()
    assert 'data-testid="lhe-export"' in body
    assert "Ekspor LHE 2025" in body and "Dievaluasi TPI, DRAF" in body
    # the general select keeps its documents; the LHE has its own button per year
    assert '<option value="lhe">' not in body


def test_the_ketua_reads_the_documents_but_has_no_lhe_button(
    client: Client, people: dict, province: Unit, assessment: object
) -> None:
    client.force_login(people["ketua"])
    response = client.get(reverse("job_list", args=[province.slug]))
    assert response.status_code == 200
    assert 'data-testid="lhe-export"' not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sekretariat", 302),
        ("admin", 302),
        ("ketua", 403),
        ("tpi", 403),
        ("koordinator_own", 403),
        ("koordinator_other_unit", 404),
        ("ketua_other_unit", 404),
    ],
)
def test_who_may_request_the_lhe(
    client: Client, people: dict, province: Unit, assessment: object, role: str, status: int
) -> None:
    client.force_login(people[role])
    response = client.post(reverse("job_create", args=[province.slug]), LHE)
    assert response.status_code == status
    jobs = ReportJob.objects.filter(kind=ReportJob.Kind.LHE)
    if status == 302:
        job = jobs.get()
        assert response["Location"] == reverse("job_detail", args=[job.pk])
        assert (job.unit, job.year, job.month, job.status) == (province, 2025, None, "antre")
        page = client.get(response["Location"]).content.decode()
        assert "Laporan Hasil Evaluasi" in page and 'hx-trigger="every 1s"' in page
    else:
        assert not jobs.exists()


def test_the_service_refuses_the_lhe_without_an_assessment_or_the_right(
    people: dict, province: Unit
) -> None:
    with pytest.raises(ValidationError, match="belum memiliki penilaian LKE tahun 2025"):
        job_request(user=people["sekretariat"], kind="lhe", unit=province, year=2025)
    lke_assessment(province, 2025)
    with pytest.raises(PermissionDenied):
        job_request(user=people["tpi"], kind="lhe", unit=province, year=2025)
    job, created = job_request(
        user=people["sekretariat"], kind="lhe", unit=province, year=2025, month=4
    )
    assert created and job.month is None  # a document of the whole year
    again, created = job_request(user=people["admin"], kind="lhe", unit=province, year=2025)
    assert (again.pk, created) == (job.pk, False)  # one render at a time


@pytest.fixture
def issued_lhe(province: Unit, people: dict, assessment: object) -> ReportJob:
    job = ReportJob(
        kind=ReportJob.Kind.LHE,
        unit=province,
        year=2025,
        requested_by=people["sekretariat"],
        status=ReportJob.Status.SELESAI,
        progress=100,
        version=1,
        finished_at=timezone.now(),
        doc_number="LHE Tahun 2025 (DRAF)",
    )
    job.output.save("kpu-kalbar/2025/lhe-v1.pdf", ContentFile(PDF_BYTES), save=False)
    job.save()
    return job


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sekretariat", 200),
        ("admin", 200),
        ("ketua", 200),
        ("tpi", 404),
        ("koordinator_own", 404),
        ("koordinator_other_unit", 404),
        ("ketua_other_unit", 404),
    ],
)
def test_who_may_download_the_lhe(
    client: Client, people: dict, issued_lhe: ReportJob, role: str, status: int
) -> None:
    client.force_login(people[role])
    assert client.get(reverse("job_detail", args=[issued_lhe.pk])).status_code == status
    response = client.get(reverse("job_download", args=[issued_lhe.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "lhe-kpu-kalbar-2025-v1.pdf" in response["Content-Disposition"]
