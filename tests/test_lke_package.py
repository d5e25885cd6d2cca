"""The submission package: one ZIP of a unit's LKE year, read back and checked file by file
against its manifests, its evidence index and what was uploaded."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from access.models import Unit
from lke.models import Answer, Assessment, Side
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, job_run, pdf_signature_check
from tests.lhe_support import answered_assessment, norm, page_texts, question
from tests.lke_package_support import (
    FOLDER,
    build_package,
    index_rows,
    manifest_sums,
    read_package,
    sha256,
    upload_evidence,
)

pytestmark = pytest.mark.django_db

GENERATED = [
    "LKE-kpu-kalbar-2025.xlsx",
    "LHE-kpu-kalbar-2025.pdf",
    "indeks-bukti-dukung.csv",
    "indeks-bukti-dukung.pdf",
]


@pytest.fixture
def assessment(province: Unit, people: dict) -> Assessment:
    return answered_assessment(province, unit_user=people["sekretariat"], tpi_user=people["tpi"])


@pytest.fixture
def evidence(province: Unit, people: dict, assessment: Assessment) -> dict[str, bytes]:
    return upload_evidence(province, people["koordinator_own"], people["tpi"])


@pytest.fixture
def package(people: dict, province: Unit, evidence: dict[str, bytes]) -> ReportJob:
    return build_package(people["sekretariat"], province)


def test_the_package_holds_the_workbook_the_lhe_the_index_the_evidence_and_manifests(
    package: ReportJob, evidence: dict[str, bytes]
) -> None:
    assert package.status == ReportJob.Status.SELESAI, package.error
    files = read_package(package)
    assert list(files) == [*GENERATED, *evidence, "manifest.json", "MANIFEST.sha256"]
    for path, content in evidence.items():
        assert files[path] == content, path
    assert (package.version, package.doc_number, package.progress) == (
        1,
        "Paket pengajuan 2025",
        100,
    )
    assert package.output.name.endswith(f"/paket-v1-{package.code}.zip")


def test_every_file_checks_out_against_both_manifests_and_the_zip_against_the_job(
    package: ReportJob,
) -> None:
    data = job_output_bytes(package)
    assert (sha256(data), len(data)) == (package.sha256, package.size)
    files = read_package(package)
    sums = manifest_sums(files)
    assert set(sums) == set(files) - {"MANIFEST.sha256"}
    assert all(sha256(files[path]) == digest for path, digest in sums.items())
    manifest = json.loads(files["manifest.json"])
    listed = {f["path"]: (f["sha256"], f["size"]) for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "MANIFEST.sha256"}
    assert all(listed[p] == (sha256(files[p]), len(files[p])) for p in listed)
    assert (manifest["unit"], manifest["year"], manifest["evidence_files"]) == (
        "kpu-kalbar",
        2025,
        3,
    )


def test_the_index_csv_has_one_row_per_evidence_file_with_its_facts(
    package: ReportJob, evidence: dict[str, bytes]
) -> None:
    files = read_package(package)
    rows = index_rows(files)
    assert sorted(r["Berkas dalam paket"] for r in rows) == sorted(evidence)
    for row in rows:
        content = files[row["Berkas dalam paket"]]
        assert row["SHA-256"] == sha256(content)
        assert row["Ukuran (byte)"] == str(len(content))
        assert row["Kode pertanyaan"] == "PPA1A"
    first = next(r for r in rows if r["Berkas dalam paket"] == f"{FOLDER}/laporan.pdf")
    second = next(r for r in rows if r["Berkas dalam paket"] == f"{FOLDER}/laporan (2).pdf")
    assert (first["Nama berkas asli"], first["Bulan"], first["Status reviu"]) == (
        "laporan.pdf",
        "Januari",
        "Diterima",
    )
    assert (second["Nama berkas asli"], second["Bulan"], second["Status reviu"]) == (
        "laporan.pdf",
        "Februari",
        "Diunggah",
    )
    assert first["Rencana aksi"].startswith("I.") and first["Sumber"] == "Rencana aksi"
    # accepted evidence first
    assert rows[0]["Status reviu"] == "Diterima"


def test_the_index_pdf_lists_the_files_under_their_question(package: ReportJob) -> None:
    text = norm(" ".join(page_texts(read_package(package)["indeks-bukti-dukung.pdf"])))
    assert norm("INDEKS BUKTI DUKUNG") in text
    assert norm("3 berkas bukti dukung untuk 127 pertanyaan LKE") in text
    assert norm(f"PPA1A – {question('PPA1A').text[:40]}") in text
    assert norm(f"{FOLDER}/laporan (2).pdf") in text
    assert norm("Belum ada bukti dukung.") in text  # PPA1B has none


def test_the_workbook_holds_both_sides_answers(package: ReportJob) -> None:
    book = load_workbook(io.BytesIO(read_package(package)["LKE-kpu-kalbar-2025.xlsx"]))
    sheet = book["Jawaban"]
    row = question("PPA1B").excel_row
    assert (sheet[f"K{row}"].value, sheet[f"N{row}"].value) == ("A", "B")


def test_the_package_issues_the_lhe_and_reuses_it_while_the_assessment_is_unchanged(
    package: ReportJob, people: dict, province: Unit
) -> None:
    lhe = ReportJob.objects.get(kind=ReportJob.Kind.LHE, version=1)
    assert lhe.requested_by == people["sekretariat"]
    inside = read_package(package)["LHE-kpu-kalbar-2025.pdf"]
    assert inside == job_output_bytes(lhe) and pdf_signature_check(inside).valid
    manifest = json.loads(read_package(package)["manifest.json"])
    assert (manifest["lhe"]["version"], manifest["lhe"]["verification_code"]) == (1, lhe.code)

    again = build_package(people["ketua"], province)
    assert again.version == 2
    assert ReportJob.objects.filter(kind=ReportJob.Kind.LHE).count() == 1
    assert read_package(again)["LHE-kpu-kalbar-2025.pdf"] == inside


def test_a_changed_tpi_answer_issues_a_new_lhe_for_the_next_package(
    package: ReportJob, people: dict, province: Unit, assessment: Assessment
) -> None:
    answer = Answer.objects.get(assessment=assessment, side=Side.TPI, question=question("PPA1A"))
    Answer.objects.filter(pk=answer.pk).update(note="Catatan baru TPI.")
    again = build_package(people["sekretariat"], province)
    lhe = ReportJob.objects.get(kind=ReportJob.Kind.LHE, version=2)
    assert read_package(again)["LHE-kpu-kalbar-2025.pdf"] == job_output_bytes(lhe)
    assert json.loads(read_package(again)["manifest.json"])["lhe"]["version"] == 2


def test_an_lhe_the_sekretariat_exported_is_the_one_in_the_package(
    people: dict, province: Unit, assessment: Assessment
) -> None:
    lhe, _ = job_request(user=people["sekretariat"], kind="lhe", unit=province, year=2025)
    lhe = job_run(job_id=lhe.pk)
    assert lhe.content_sha256  # the LHE's fingerprint is recorded when it is issued
    package = build_package(people["ketua"], province)
    assert ReportJob.objects.filter(kind=ReportJob.Kind.LHE).count() == 1
    assert read_package(package)["LHE-kpu-kalbar-2025.pdf"] == job_output_bytes(lhe)
    assert read_package(package)["indeks-bukti-dukung.csv"].startswith("\ufeff".encode())


def test_a_package_without_evidence_still_lists_every_question(
    people: dict, province: Unit, assessment: Assessment
) -> None:
    package = build_package(people["sekretariat"], province)
    files = read_package(package)
    assert not [p for p in files if p.startswith("bukti/")]
    assert index_rows(files) == []
    assert norm("0 berkas bukti dukung untuk 127 pertanyaan LKE") in norm(
        " ".join(page_texts(files["indeks-bukti-dukung.pdf"]))
    )


def test_an_evidence_file_changed_on_disk_fails_the_package_and_leaves_no_file(
    people: dict, province: Unit, evidence: dict[str, bytes], private_root: Path
) -> None:
    from evidence.models import EvidenceFile

    stored = EvidenceFile.objects.get(original_name="foto.png")
    (private_root / stored.file.name).write_bytes(b"\x89PNG rusak")
    job = build_package(people["sekretariat"], province)
    assert job.status == ReportJob.Status.GAGAL
    assert "foto.png" in job.error and "SHA-256 berbeda" in job.error
    assert list((private_root / "tmp").iterdir()) == []
    assert not list((private_root / "documents").rglob("*.zip"))
