"""The survey documents on the documents page: offered to who runs the unit's surveys (a
year and a triwulan, or the whole year; the desks' posters), requested through the same
"Ekspor" endpoint, listed, read and downloaded like the other documents."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from common.dates import today
from reports.models import ReportJob
from surveys.services import desk_save
from tests.factories import PDF_BYTES
from tests.survey_report_support import desks_make
from tests.survey_support import period_make

pytestmark = pytest.mark.django_db

REPORT = {"kind": "laporan_skm", "year": "2025", "quarter": "2"}


@pytest.fixture
def opened(province: Unit) -> None:
    period_make(province, 2025, 2)


def page(client: Client, unit: Unit) -> str:
    response = client.get(reverse("job_list", args=[unit.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sekretariat_is_offered_the_report_by_quarter_and_the_posters(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    body = page(client, province)
    assert 'data-testid="survey-export"' in body
    assert "setelah triwulan survei pertama dibuka" in body  # nothing to report yet
    assert "setelah ada loket layanan yang aktif" in body
    period_make(province, 2025, 2)
    desks_make(province, user=people["sekretariat"])
    body = page(client, province)
    assert 'data-testid="survey-report-export"' in body and 'data-testid="poster-export"' in body
    assert '<option value="2025">2025</option>' in body
    assert '<option value="" selected>Setahun penuh</option>' in body
    assert '<option value="2">Triwulan II</option>' in body
    assert "(2 loket aktif)" in body
    assert f'name="year" value="{today().year}"' in body  # the posters: this year's
    # the general select keeps its documents; the survey ones have their own row
    assert '<option value="laporan_skm">' not in body
    assert '<option value="poster_survei">' not in body


@pytest.mark.parametrize("role", ["ketua", "admin"])
def test_who_does_not_run_the_surveys_gets_no_survey_row(
    client: Client, people: dict, province: Unit, opened: None, role: str
) -> None:
    client.force_login(people[role])
    assert ('data-testid="survey-export"' in page(client, province)) is (role == "admin")


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
def test_who_may_request_the_survey_report(
    client: Client, people: dict, province: Unit, opened: None, role: str, status: int
) -> None:
    client.force_login(people[role])
    response = client.post(reverse("job_create", args=[province.slug]), REPORT)
    assert response.status_code == status
    jobs = ReportJob.objects.filter(kind=ReportJob.Kind.SURVEY_REPORT)
    if status == 302:
        job = jobs.get()
        assert response["Location"] == reverse("job_detail", args=[job.pk])
        assert (job.year, job.quarter, job.month, job.status) == (2025, 2, None, "antre")
        detail = client.get(response["Location"]).content.decode()
        assert (
            "Laporan Hasil Survei Pelayanan – KPU Provinsi Kalimantan Barat Triwulan II 2025"
            in detail
        )
    else:
        assert not jobs.exists()


def test_a_quarter_outside_1_4_is_told_and_nothing_is_queued(
    client: Client, people: dict, province: Unit, opened: None
) -> None:
    client.force_login(people["sekretariat"])
    url = reverse("job_create", args=[province.slug])
    response = client.post(url, {**REPORT, "quarter": "5"}, follow=True)
    assert "Pilih triwulan 1 sampai 4" in response.content.decode()
    response = client.post(url, {**REPORT, "quarter": "tiga"}, follow=True)
    assert "bulan atau triwulan" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_the_posters_are_requested_for_every_active_desk(
    client: Client, people: dict, province: Unit
) -> None:
    desks_make(province, user=people["sekretariat"])
    client.force_login(people["sekretariat"])
    year = str(today().year)
    response = client.post(
        reverse("job_create", args=[province.slug]), {"kind": "poster_survei", "year": year}
    )
    job = ReportJob.objects.get(kind=ReportJob.Kind.SURVEY_POSTER)
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.year, job.quarter) == (today().year, None)


@pytest.fixture
def issued(province: Unit, people: dict) -> ReportJob:
    job = ReportJob(
        kind=ReportJob.Kind.SURVEY_REPORT,
        unit=province,
        year=2025,
        quarter=2,
        requested_by=people["sekretariat"],
        status=ReportJob.Status.SELESAI,
        progress=100,
        version=1,
        finished_at=timezone.now(),
        doc_number="Laporan Survei Triwulan II 2025",
    )
    job.output.save("kpu-kalbar/2025/laporan_skm-tw2-v1.pdf", ContentFile(PDF_BYTES), save=False)
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
def test_who_may_read_an_issued_survey_report(
    client: Client, people: dict, issued: ReportJob, role: str, status: int
) -> None:
    client.force_login(people[role])
    assert client.get(reverse("job_detail", args=[issued.pk])).status_code == status
    response = client.get(reverse("job_download", args=[issued.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "laporan_skm-kpu-kalbar-2025-tw2-v1.pdf" in response["Content-Disposition"]


def test_the_list_names_the_quarter_and_its_queries_do_not_grow_with_the_desks(
    client: Client, people: dict, province: Unit, issued: ReportJob, opened: None,
    django_assert_num_queries: object,
) -> None:  # fmt: skip
    user = people["sekretariat"]
    desks_make(province, user=user)
    client.force_login(user)
    body = page(client, province)
    assert "Laporan Hasil Survei Pelayanan Triwulan II 2025</a>" in body
    with CaptureQueriesContext(connection) as few:
        page(client, province)
    for number in range(3, 9):
        desk_save(user=user, unit=province, name=f"Loket {number}", kinds=["skm"])
    with django_assert_num_queries(len(few)):  # type: ignore[operator]
        page(client, province)
