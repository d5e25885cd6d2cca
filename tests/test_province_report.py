"""The province report: a kab/kota without any entry takes one line, not pages of blanks."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from access.models import Unit
from areas.models import Component, WorkPlan
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run
from targets.models import ProgressEntry

pytestmark = pytest.mark.django_db


def pages(kind: str, unit: Unit, user: object) -> list[str]:
    job = ReportJob.objects.create(kind=kind, unit=unit, year=2025, month=4, requested_by=user)
    job = job_run(job_id=job.pk)
    assert job.status == "selesai", job.error
    reader = PdfReader(io.BytesIO(job_output_bytes(job)))
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def test_a_unit_without_entries_takes_one_line_of_the_province_report(
    people: dict, plan: WorkPlan, sambas: Unit
) -> None:
    for c in Component.objects.filter(plan=plan, area__isnull=False):
        ProgressEntry.objects.create(component=c, month=4, percent=Decimal(50))
    unit_pages = pages("laporan", plan.unit, people["sekretariat"])
    province_pages = pages("laporan_provinsi", plan.unit, people["sekretariat"])
    # after the overview the province's own pages, exactly as in its unit report; Sambas
    # (empty) has no section of its own
    start = next(i for i, p in enumerate(province_pages) if "Kalimantan Barat – April 2025" in p)
    assert len(province_pages) - start == len(unit_pages)
    assert start <= 2
    text = " ".join(province_pages)
    assert "Sambas – April 2025" not in text
    assert (
        "Komisi Pemilihan Umum Kabupaten Sambas: belum ada isian progres, status rencana aksi "
        "maupun bukti dukung sampai April 2025" in text
    )
    assert text.count("Belum dimulai") == " ".join(unit_pages).count("Belum dimulai")
