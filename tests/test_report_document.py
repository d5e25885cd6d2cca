"""The monthly report as a document: columns that fit, a closing block with names and titles,
recommendations that name the coordinator, a province title that reads naturally."""

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from access.models import Unit
from areas.models import Component, WorkPlan
from reports import selectors as documents
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run
from targets.models import ProgressEntry

pytestmark = pytest.mark.django_db

PEMANTAUAN = "Pemantauan dan Evaluasi Pembangunan WBK/WBBM"


def name(user: object, first: str, last: str) -> None:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])


def pdf_text(job: ReportJob, tmp_path: Path, *, layout: bool = False) -> str:
    path = tmp_path / f"{job.pk}.pdf"
    path.write_bytes(job_output_bytes(job))
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def issue(kind: str, plan: WorkPlan, user: object) -> ReportJob:
    job = ReportJob.objects.create(kind=kind, unit=plan.unit, year=2025, month=4, requested_by=user)
    job = job_run(job_id=job.pk)
    assert job.status == "selesai", job.error
    return job


@pytest.fixture
def named(people: dict, plan: WorkPlan) -> dict:
    name(people["ketua"], "Hj. Siti", "Aminah")
    name(people["sekretariat"], "Budi", "Santoso")
    name(people["koordinator_own"], "Rina", "Marlina")  # area I; k2 (area II) has no name
    narrative = {
        "activities": "Rapat monitoring dan evaluasi triwulan bersama seluruh koordinator area",
        "obstacles": "Jadwal rapat bertepatan dengan tahapan pemilihan",
        "follow_up": "Rapat dijadwalkan ulang pada minggu kedua bulan berikutnya",
    }
    for c in Component.objects.filter(plan=plan, area__code="manajemen_perubahan"):
        percent = Decimal(40) if c.name == PEMANTAUAN else Decimal(100)
        ProgressEntry.objects.create(component=c, month=4, percent=percent, **narrative)
    return people


def test_the_report_closes_with_the_ketua_and_the_sekretaris_by_name_and_title(
    named: dict, plan: WorkPlan, tmp_path: Path
) -> None:
    text = " ".join(pdf_text(issue("laporan", plan, named["sekretariat"]), tmp_path).split())
    closing = text[text.index("Mengetahui") :]
    for phrase in [
        "Mengetahui,",
        "Ketua Komisi Pemilihan Umum Provinsi Kalimantan Barat",
        "Hj. Siti Aminah",
        "Dibuat oleh,",
        "Sekretaris Komisi Pemilihan Umum Provinsi Kalimantan Barat",
        "Budi Santoso",
        "Pontianak,",
    ]:
        assert phrase in closing, phrase


def test_the_component_column_is_wide_enough_for_more_than_two_words(
    named: dict, plan: WorkPlan, tmp_path: Path
) -> None:
    text = pdf_text(issue("laporan", plan, named["sekretariat"]), tmp_path, layout=True)
    # the name took four lines ("Pemantauan dan" / "Evaluasi" / "Pembangunan" / "WBK/WBBM")
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "Pemantauan dan" in line and "40%" in line)
    assert "Pemantauan dan Evaluasi" in lines[row], lines[row : row + 4]


def test_recommendations_name_the_coordinator_and_area_never_a_username(
    named: dict, plan: WorkPlan
) -> None:
    recs = documents.unit_report_context(plan, 4)["recommendations"]
    text = " ".join(recs)
    assert (
        f"{PEMANTAUAN}: realisasi 40% di bawah target 100%; Rina Marlina "
        "(koordinator Area I – Manajemen Perubahan) agar menyusun langkah percepatan." in recs
    )
    assert "koordinator Area II – Penataan Tatalaksana agar segera melengkapi." in text
    assert " k1 " not in f" {text} " and " k2 " not in f" {text} "


def test_the_province_report_title_reads_naturally(
    people: dict, plan: WorkPlan, sambas: Unit, tmp_path: Path
) -> None:
    assert documents.report_heading(plan.unit, 2025, 4, province=True).split("\n") == [
        "LAPORAN MONITORING DAN EVALUASI",
        "PEMBANGUNAN ZONA INTEGRITAS",
        "KOMISI PEMILIHAN UMUM PROVINSI KALIMANTAN BARAT",
        "DAN KOMISI PEMILIHAN UMUM KABUPATEN/KOTA",
        "SE-KALIMANTAN BARAT",
        "BULAN APRIL 2025",
    ]
    job = issue("laporan_provinsi", plan, people["sekretariat"])
    assert job.doc_title == (
        "Laporan Monitoring dan Evaluasi Pembangunan Zona Integritas KPU Provinsi Kalimantan "
        "Barat dan KPU Kabupaten/Kota se-Kalimantan Barat, April 2025"
    )
    text = " ".join(pdf_text(job, tmp_path).split())
    assert "DAN KOMISI PEMILIHAN UMUM KABUPATEN/KOTA SE-KALIMANTAN BARAT BULAN APRIL 2025" in text
    assert "SE-KPU" not in text
