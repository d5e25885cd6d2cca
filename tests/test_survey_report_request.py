"""Asking for the survey report through ``reports.services.job_request``: who may (the
Sekretariat: ``can_manage_surveys``), which quarter (1–4, begun, opened; none: the year),
and the issue rule (unchanged content → the issued version; a new response → a new one)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from access.models import Unit
from common.dates import today
from reports.models import ReportJob
from reports.services import job_request
from tests.survey_report_support import worked_quarter
from tests.survey_support import SKM_CODES, paper_responses, period_make

pytestmark = pytest.mark.django_db

REPORT = ReportJob.Kind.SURVEY_REPORT


@pytest.fixture
def quarter(province: Unit, people: dict) -> None:
    worked_quarter(province, user=people["sekretariat"])


@pytest.mark.parametrize(
    "role", ["ketua", "tpi", "koordinator_own", "koordinator_other_unit", "ketua_other_unit"]
)
def test_only_who_runs_the_surveys_may_ask(
    quarter: None, province: Unit, people: dict, role: str
) -> None:
    with pytest.raises(PermissionDenied, match="mengelola survei pelayanan"):
        job_request(user=people[role], kind=REPORT, unit=province, year=2025, quarter=2)
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", ["sekretariat", "admin"])
def test_the_sekretariat_and_admin_queue_a_quarter_or_the_year(
    quarter: None, province: Unit, people: dict, role: str
) -> None:
    job, created = job_request(user=people[role], kind=REPORT, unit=province, year=2025, quarter=2)
    assert created and (job.quarter, job.month, job.status) == (2, None, "antre")
    year, created = job_request(user=people[role], kind=REPORT, unit=province, year=2025)
    assert created and year.quarter is None and year.pk != job.pk  # another document
    again, created = job_request(
        user=people[role], kind=REPORT, unit=province, year=2025, quarter=2, month=5
    )
    assert (again.pk, created) == (job.pk, False)  # queued already; a month means nothing


def test_a_quarter_outside_1_4_not_begun_or_not_opened_is_refused(
    quarter: None, province: Unit, people: dict
) -> None:
    user = people["sekretariat"]
    cases = [
        (2025, 0, "Pilih triwulan 1 sampai 4, atau kosongkan untuk laporan setahun."),
        (2025, 5, "Pilih triwulan 1 sampai 4, atau kosongkan untuk laporan setahun."),
        (2025, 3, "belum membuka periode survei Triwulan III 2025."),
        (2024, None, "belum membuka periode survei Tahun 2024."),
    ]
    ahead = today().year + 1
    period_make(province, ahead, 1)  # opened ahead of time: still not begun
    cases += [
        (ahead, 1, f"Triwulan I {ahead} belum dimulai."),
        (ahead, None, f"Tahun {ahead} belum dimulai."),
    ]
    for year, number, message in cases:
        with pytest.raises(ValidationError) as refused:
            job_request(user=user, kind=REPORT, unit=province, year=year, quarter=number)
        assert list(refused.value.message_dict) == ["quarter"], (year, number)
        assert refused.value.messages[0].endswith(message), (year, number, refused.value.messages)
    assert not ReportJob.objects.exists()


def test_unchanged_content_gives_the_issued_version_and_a_new_response_a_new_one(
    quarter: None, province: Unit, people: dict
) -> None:
    user = people["sekretariat"]
    first, created = job_request(
        user=user, kind=REPORT, unit=province, year=2025, quarter=2, here=True
    )
    assert created and (first.status, first.version) == ("selesai", 1), first.error
    assert first.content_sha256
    same, created = job_request(user=user, kind=REPORT, unit=province, year=2025, quarter=2)
    assert (same.pk, created) == (first.pk, False)
    with translation.override("en"):  # the document's words, whatever the asker's language
        same, created = job_request(user=user, kind=REPORT, unit=province, year=2025, quarter=2)
    assert (same.pk, created) == (first.pk, False)
    # a paper sheet of the quarter arrives: the report says something new
    paper_responses(province, "skm", [(4,) * 9], SKM_CODES, day=datetime.date(2025, 6, 30))
    second, created = job_request(
        user=user, kind=REPORT, unit=province, year=2025, quarter=2, here=True
    )
    assert created and (second.status, second.version) == ("selesai", 2), second.error
    assert second.content_sha256 != first.content_sha256
    assert ReportJob.objects.filter(kind=REPORT).count() == 2
