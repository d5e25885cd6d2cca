"""The export commands issue documents through the web's own service (``job_request``):
an unchanged decree gives back its issued version, a changed one needs ``--reason``, and
the same refusals (who may, which month) hold on the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from areas.models import WorkPlan
from reports.models import ReportJob
from reports.services import job_output_bytes
from tests.app_code import app_files
from tests.test_decree_versions import REASON, edit_the_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(people: dict, plan: WorkPlan, issue_rendered_decree) -> ReportJob:
    return issue_rendered_decree(people["sekretariat"])


def decree_args(output: Path, *extra: str) -> list[str]:
    return ["--unit", "kpu-kalbar", "--year", "2025", "--output", str(output), *extra]


def test_export_decree_on_an_unchanged_plan_writes_the_issued_version(
    issued: ReportJob, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "keputusan.pdf"
    call_command("export_decree", *decree_args(output, "--user", "sekre-uji"))
    assert ReportJob.objects.count() == 1  # no second Nomor version, no new code
    assert output.read_bytes() == job_output_bytes(issued)
    said = capsys.readouterr().out
    assert issued.code in said and "tidak ada versi baru" in said


def test_export_decree_after_a_change_is_refused_without_a_reason(
    issued: ReportJob, plan: WorkPlan, tmp_path: Path
) -> None:
    edit_the_plan(plan)
    output = tmp_path / "keputusan.pdf"
    with pytest.raises(CommandError, match=r"Rencana kerja berubah sejak versi 1.*--reason"):
        call_command("export_decree", *decree_args(output, "--user", "sekre-uji"))
    with pytest.raises(CommandError, match="paling sedikit 10 karakter"):
        call_command("export_decree", *decree_args(output, "--reason", "ubah"))
    assert ReportJob.objects.count() == 1 and not output.exists()


def test_export_decree_after_a_change_with_a_reason_issues_the_next_version(
    issued: ReportJob, plan: WorkPlan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_the_plan(plan)
    output = tmp_path / "keputusan.pdf"
    call_command("export_decree", *decree_args(output, "--user", "sekre-uji", "--reason", REASON))
    latest = ReportJob.objects.get(version=2)
    assert (latest.status, latest.change_reason) == (ReportJob.Status.SELESAI, REASON)
    assert latest.changes  # what changed is recorded as on the web
    assert output.read_bytes() == job_output_bytes(latest)
    assert latest.dispatched_at is not None  # rendered here: nothing left for the sweeper


def test_export_commands_refuse_who_the_web_refuses(
    people: dict, plan: WorkPlan, tmp_path: Path
) -> None:
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match="Hanya Sekretariat satuan kerja ini dan admin"):
        call_command("export_decree", *decree_args(output, "--user", "k1"))
    report = ["--unit", "kpu-kalbar", "--year", "2025", "--output", str(output)]
    with pytest.raises(CommandError, match="Pilih bulan laporan"):
        call_command("export_report", *report, "--month", "13", "--user", "sekre-uji")
    with pytest.raises(CommandError, match="Laporan provinsi hanya"):
        call_command(
            "export_report", "--unit", "kpu-sambas", "--year", "2025", "--month", "1",
            "--output", str(output), "--province",
        )  # fmt: skip
    assert not ReportJob.objects.exists() and not output.exists()


def _creates_report_jobs(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "ReportJob":
                return True
            creates = isinstance(func, ast.Attribute) and func.attr in {"create", "bulk_create"}
            if creates and "ReportJob.objects" in ast.unparse(func):
                return True
    return False


def test_only_the_issuing_service_makes_export_jobs() -> None:
    root = Path(settings.BASE_DIR)
    makers = sorted(str(p.relative_to(root)) for p in app_files() if _creates_report_jobs(p))
    assert makers == ["reports/services.py"]
