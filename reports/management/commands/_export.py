"""Shared by export_decree, export_report, export_lhe and export_survey_report: the same
service as the web's "Ekspor PDF" (``reports.services.job_request``), so that the same rules
hold — who may, the month or quarter, and the issue rule (unchanged → the issued version; a
changed decree → ``--reason``)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.models import Unit
from reports.models import ReportJob
from reports.services import REASON_MIN_LENGTH, DecreeChanged, job_output_bytes, job_request


def export(
    *,
    kind: str,
    unit_slug: str,
    year: int,
    month: int | None,
    output: Path,
    username: str | None,
    reason: str = "",
    quarter: int | None = None,
) -> tuple[ReportJob, bool]:
    """``(job, created)``: the document issued now, or the issued version it still is."""
    unit = Unit.objects.filter(slug=unit_slug).first()
    if unit is None:
        raise CommandError(f"Satuan kerja {unit_slug!r} tidak ditemukan.")
    User = get_user_model()
    user = (
        User.objects.filter(username=username).first()
        if username
        else User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError(
            "Tidak ada pengguna untuk dicatat sebagai peminta (buat superuser atau pakai --user)."
        )
    try:
        job, created = job_request(
            user=user,
            kind=kind,
            unit=unit,
            year=year,
            month=month,
            quarter=quarter,
            reason=reason,
            here=True,
        )
    except PermissionDenied as refusal:
        raise CommandError(str(refusal)) from refusal
    except ValidationError as invalid:
        raise CommandError(" ".join(invalid.messages)) from invalid
    except DecreeChanged as change:
        raise CommandError(_changed_text(change)) from change
    if job.status != ReportJob.Status.SELESAI:
        raise CommandError(job.error or "Ekspor gagal.")
    output.write_bytes(job_output_bytes(job))
    return job, created


def _changed_text(change: DecreeChanged) -> str:
    ask = change.error or (
        f'Ulangi dengan --reason "…" (alasan perubahan, paling sedikit {REASON_MIN_LENGTH} '
        "karakter) untuk menerbitkan versi baru."
    )
    return f"{change} Perubahan: {change.summary.rstrip('.')}. {ask}"


def issued_text(output: Path, job: ReportJob, *, created: bool) -> str:
    what = f"{job.doc_number}, versi {job.version}" if job.doc_number else f"versi {job.version}"
    head = f"{output} ({what}, SHA-256 {job.sha256}, kode {job.code})"
    if created:
        return head
    return f"{head}: isinya tidak berubah, ini versi yang sudah diterbitkan (tidak ada versi baru)."


class YearDocumentCommand(BaseCommand):
    """``--unit SLUG --year YYYY --output FILE [--user NAME] [--reason TEXT]``: one document
    of a year (the decree, the LHE) rendered, signed and issued as a job version."""

    kind: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument(
            "--user",
            help="Nama pengguna yang dicatat sebagai peminta (default: superuser pertama).",
        )
        parser.add_argument(
            "--reason",
            default="",
            help="Alasan perubahan: wajib bila isi berubah sejak versi yang diterbitkan.",
        )

    def handle(
        self,
        *args: Any,
        unit: str,
        year: int,
        output: Path,
        user: str | None,
        reason: str,
        **options: Any,
    ) -> None:
        job, created = export(
            kind=self.kind,
            unit_slug=unit,
            year=year,
            month=None,
            output=output,
            username=user,
            reason=reason,
        )
        self.stdout.write(self.style.SUCCESS(issued_text(output, job, created=created)))
