"""`python manage.py export_survey_report`: the survey report of a quarter (or the year)
issued through ``job_request`` as the web issues it: the same refusals, unchanged content
→ the issued version."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from access.models import Unit
from reports.models import ReportJob
from reports.services import job_output_bytes, pdf_signature_check
from tests.survey_report_support import worked_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(province: Unit, people: dict) -> None:
    worked_quarter(province, user=people["sekretariat"])


def test_the_command_issues_a_quarter_once_and_then_gives_it_back(
    quarter: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "laporan.pdf"
    args = ["--unit", "kpu-kalbar", "--year", "2025", "--quarter", "2", "--output", str(output)]
    call_command("export_survey_report", *args, "--user", "sekre-uji")
    job = ReportJob.objects.get(kind=ReportJob.Kind.SURVEY_REPORT)
    assert (job.quarter, job.version, job.requested_by.username) == (2, 1, "sekre-uji")
    assert output.read_bytes() == job_output_bytes(job)
    assert pdf_signature_check(output.read_bytes()).valid
    said = capsys.readouterr().out
    assert job.sha256 in said and "Laporan Survei Triwulan II 2025" in said
    call_command("export_survey_report", *args, "--user", "sekre-uji")
    assert ReportJob.objects.count() == 1
    assert "tidak ada versi baru" in capsys.readouterr().out


def test_without_a_quarter_it_is_the_year_written_beside_the_caller(
    quarter: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    call_command("export_survey_report", "--unit", "kpu-kalbar", "--year", "2025")  # admin
    job = ReportJob.objects.get(kind=ReportJob.Kind.SURVEY_REPORT)
    assert (job.quarter, job.doc_number) == (None, "Laporan Survei Tahun 2025")
    assert (tmp_path / "laporan-survei-kpu-kalbar-2025.pdf").read_bytes() == job_output_bytes(job)


def test_the_command_refuses_what_the_web_refuses(quarter: None, tmp_path: Path) -> None:
    output = tmp_path / "laporan.pdf"
    args = ["--unit", "kpu-kalbar", "--year", "2025", "--output", str(output)]
    with pytest.raises(CommandError, match="mengelola survei pelayanan"):
        call_command("export_survey_report", *args, "--quarter", "2", "--user", "ketua-uji")
    with pytest.raises(CommandError, match="Pilih triwulan 1 sampai 4"):
        call_command("export_survey_report", *args, "--quarter", "5", "--user", "sekre-uji")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("export_survey_report", "--unit", "tidak-ada", "--year", "2025")
    assert not ReportJob.objects.exists() and not output.exists()
