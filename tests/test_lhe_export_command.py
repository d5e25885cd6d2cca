"""`python manage.py export_lhe`: the LHE rendered from the TPI's answers as they stand,
signed and issued as a numbered version, like export_decree."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from access.models import RoleAssignment, Unit
from lke.models import Assessment
from reports.models import ReportJob
from reports.services import pdf_signature_check
from tests.factories import user_with_role
from tests.lhe_support import answered_assessment, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekretariat(province: Unit) -> object:
    return user_with_role("sekre-lhe", province, RoleAssignment.Role.SEKRETARIAT)


def test_export_lhe_writes_a_signed_draft_and_numbers_its_versions(
    province: Unit, sekretariat: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tpi = user_with_role("tpi-lhe", province, RoleAssignment.Role.TPI)
    answered_assessment(province, unit_user=sekretariat, tpi_user=tpi)
    output = tmp_path / "lhe.pdf"
    args = ["--unit", "kpu-kalbar", "--year", "2025", "--output", str(output)]
    call_command("export_lhe", *args, "--user", "sekre-lhe")
    data = output.read_bytes()
    assert pdf_signature_check(data).valid
    assert all("DRAF" in page for page in page_texts(data))
    job = ReportJob.objects.get(kind=ReportJob.Kind.LHE, unit=province, year=2025)
    assert (job.version, job.requested_by, job.doc_number) == (
        1,
        sekretariat,
        "LHE Tahun 2025 (DRAF)",
    )
    assert job.sha256 in capsys.readouterr().out

    Assessment.objects.filter(unit=province, year=2025).update(state=Assessment.State.COMPLETED)
    call_command("export_lhe", *args, "--user", "sekre-lhe")
    again = ReportJob.objects.filter(kind=ReportJob.Kind.LHE).latest("version")
    assert (again.version, again.doc_number) == (2, "LHE Tahun 2025")
    assert not any("DRAF" in page for page in page_texts(output.read_bytes()))

    call_command("export_lhe", *args, "--user", "sekre-lhe")  # the assessment is unchanged
    assert ReportJob.objects.filter(kind=ReportJob.Kind.LHE).count() == 2
    assert "tidak ada versi baru" in capsys.readouterr().out


def test_export_lhe_says_when_there_is_nothing_to_report(
    province: Unit, sekretariat: object, tmp_path: Path
) -> None:
    output = tmp_path / "lhe.pdf"
    args = ["--unit", "kpu-kalbar", "--year", "2025", "--output", str(output)]
    with pytest.raises(CommandError, match="belum memiliki penilaian LKE tahun 2025"):
        call_command(
            "export_lhe", *args, "--user", "sekre-lhe", skip_checks=False
        )  # as manage.py runs it
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("export_lhe", "--unit", "tidak-ada", "--year", "2025", "--output", str(output))
    assert not output.exists()
    assert not ReportJob.objects.filter(kind=ReportJob.Kind.LHE).exists()
