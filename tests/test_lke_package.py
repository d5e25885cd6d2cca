"""The submission package: one ZIP of a unit's LKE year, read back and checked file by file
against its manifests, its evidence index and what was uploaded."""

from __future__ import annotations

import io
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from openpyxl import load_workbook

from access.models import Unit
from lke.models import Answer, Assessment, Side
from reports.models import ReportJob
from reports.services import job_output_bytes, job_request, job_run, pdf_signature_check
from tests.lhe_support import answered_assessment, norm, page_texts, question
from tests.lke_package_support import (
    attach_notes,
    build_package,
    index_rows,
    manifest_sums,
    read_package,
    sha256,
    upload_evidence,
    zip_files,
)
from tests.module_data import TEST_PASSWORD_HASHERS, ModuleData, people_make
from tests.render_once import rendering_settings

pytestmark = pytest.mark.django_db

GENERATED = [
    "LKE-kpu-kalbar-2025.xlsx",
    "LHE-kpu-kalbar-2025.pdf",
    "indeks-bukti-dukung.csv",
    "indeks-bukti-dukung.pdf",
]


def answered(province: Unit, people: dict) -> Assessment:
    return answered_assessment(province, unit_user=people["sekretariat"], tpi_user=people["tpi"])


def uploaded(province: Unit, people: dict, assessment: Assessment) -> dict[str, bytes]:
    """Plan evidence of PPA1A, PPA1B, PPA2C and a file attached to PPA2A, in worksheet order."""
    plan = upload_evidence(province, people["koordinator_own"], people["tpi"])
    direct = attach_notes(assessment, people["koordinator_own"])
    first = {p: c for p, c in plan.items() if p.startswith("bukti/PPA1")}
    return first | direct | {p: c for p, c in plan.items() if p not in first}


@pytest.fixture
def assessment(province: Unit, people: dict) -> Assessment:
    return answered(province, people)


@pytest.fixture
def evidence(province: Unit, people: dict, assessment: Assessment) -> dict[str, bytes]:
    return uploaded(province, people, assessment)


@pytest.fixture
def package(people: dict, province: Unit, evidence: dict[str, bytes]) -> ReportJob:
    return build_package(people["sekretariat"], province)


@dataclass(frozen=True)
class BuiltPackage:
    """A package as it was issued: its job (the row as it stood), its ZIP and the evidence
    uploaded for it (path in the package → bytes)."""

    job: ReportJob
    data: bytes
    evidence: dict[str, bytes]

    @property
    def files(self) -> dict[str, bytes]:
        return zip_files(self.data)


@pytest.fixture(scope="module")
def built(
    django_db_setup: object,
    module_data: ModuleData,
    django_db_blocker: pytest.FixtureRequest,
    signing_files: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> BuiltPackage:
    """The package the tests that only read it share: built once for the module (about 2 s a
    build: the LHE, the workbook, the index PDF) in a transaction that is rolled back."""
    root = tmp_path_factory.mktemp("paket")
    with (
        django_db_blocker.unblock(),
        rendering_settings(root, signing_files),
        override_settings(PASSWORD_HASHERS=TEST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        people = module_data.load_people() if module_data.open else people_make()
        province = Unit.objects.get(slug="kpu-kalbar")
        evidence = uploaded(province, people, answered(province, people))
        job = build_package(people["sekretariat"], province)
        package = BuiltPackage(job=job, data=job_output_bytes(job), evidence=evidence)
        transaction.set_rollback(True)
    return package


def test_the_package_holds_the_workbook_the_lhe_the_index_the_evidence_and_manifests(
    built: BuiltPackage,
) -> None:
    package, evidence = built.job, built.evidence
    assert package.status == ReportJob.Status.SELESAI, package.error
    files = built.files
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
    built: BuiltPackage,
) -> None:
    assert (sha256(built.data), len(built.data)) == (built.job.sha256, built.job.size)
    files = built.files
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
        7,
    )


def test_the_index_csv_has_one_row_per_evidence_file_with_its_facts(built: BuiltPackage) -> None:
    files = built.files
    rows = index_rows(files)
    assert [r["Berkas dalam paket"] for r in rows] == list(built.evidence)
    for row in rows:
        content = files[row["Berkas dalam paket"]]
        assert row["SHA-256"] == sha256(content)
        assert row["Ukuran (byte)"] == str(len(content))
        assert row["Berkas dalam paket"].startswith(f"bukti/{row['Kode pertanyaan']}/")
    facts = {
        r["Berkas dalam paket"]: (r["Nama berkas asli"], r["Bulan"], r["Status reviu"], r["Sumber"])
        for r in rows
    }
    assert facts["bukti/PPA1B/laporan.pdf"] == (
        "laporan.pdf",
        "Januari",
        "Diterima",
        "Rencana aksi",
    )
    # the accepted March file comes first in PPA2C and keeps the name
    assert facts["bukti/PPA2C/laporan.pdf"] == ("laporan.pdf", "Maret", "Diterima", "Rencana aksi")
    assert facts["bukti/PPA2C/laporan (2).pdf"] == (
        "laporan.pdf",
        "Februari",
        "Diunggah",
        "Rencana aksi",
    )
    notes = next(r for r in rows if r["Berkas dalam paket"] == "bukti/PPA2A/notulen.pdf")
    assert (notes["Rencana aksi"], notes["Bulan"], notes["Sumber"]) == (
        "",
        "",
        "Langsung pada pertanyaan",
    )
    assert rows[0]["Rencana aksi"].startswith("I.a Memperbaharui Tim")


def test_the_index_pdf_lists_the_files_under_their_question(built: BuiltPackage) -> None:
    text = norm(" ".join(page_texts(built.files["indeks-bukti-dukung.pdf"])))
    assert norm("INDEKS BUKTI DUKUNG") in text
    assert norm("7 berkas bukti dukung untuk") in text
    assert norm(f"PPA1A – {question('PPA1A').text[:40]}") in text
    assert norm("bukti/PPA2C/laporan (2).pdf") in text
    assert norm("Langsung pada pertanyaan") in text
    assert norm("Belum ada bukti dukung.") in text  # PPA2B has none


def test_the_workbook_holds_both_sides_answers(built: BuiltPackage) -> None:
    book = load_workbook(io.BytesIO(built.files["LKE-kpu-kalbar-2025.xlsx"]))
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
    assert norm("0 berkas bukti dukung untuk") in norm(
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


def test_a_package_left_behind_by_a_dead_worker_is_removed_by_the_next_build(
    people: dict, province: Unit, assessment: Assessment, private_root: Path
) -> None:
    folder = private_root / "tmp"
    folder.mkdir()
    abandoned, other = folder / "paket-mati.zip", folder / "paket-hidup.zip"
    for path in (abandoned, other):
        path.write_bytes(b"PK")
    old = time.time() - settings.REPORT_MAX_RUN_SECONDS - 60
    os.utime(abandoned, (old, old))
    build_package(people["sekretariat"], province)
    assert [p.name for p in folder.iterdir()] == ["paket-hidup.zip"]  # one being written
