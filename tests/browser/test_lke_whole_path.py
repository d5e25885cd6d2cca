"""Issue 12's whole path in a real browser, with a real Celery worker: koordinator1 answers
area I with evidence already in the plan, the Ketua submits, the TPI evaluates and sends one
question back, koordinator1 corrects it, the TPI completes, the Sekretariat exports the LHE
and the submission package, the verification page accepts the LHE, and the package's
manifest checks out against its files.

Set ``LKE_SCREENSHOTS=1`` to keep screenshots of four points of the path in test-results/.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from access.models import Unit
from common.formatting import score_text
from lke.models import Answer, Assessment, Correction, Question, Side, Worksheet
from lke.scoring import tree_for
from lke.selectors import assessment_result
from lke.services import answers_import, assessment_start
from reports.models import ReportJob
from tests.factories import PDF_BYTES
from tests.lhe_support import UNIT_SURVEY, page_texts
from tests.lke_package_support import (
    accept,
    area_actions,
    index_rows,
    real_worker,
    sha256,
    submit,
)
from tests.lke_support import best_answers
from tests.worker import Worker

from .conftest import RESULTS_DIR, Portal

YEAR = 2025
AREA = "manajemen_perubahan"
EVIDENCE_NAME = "sk-tim-kerja-zi.pdf"
EVIDENCE = PDF_BYTES + b"% SK Tim Kerja ZI\n"
BACK_NOTE = "Lampirkan mekanisme pemilihan anggota tim"


@pytest.fixture
def worker(portal: Portal, private_root: Path, tmp_path: Path) -> Iterator[Worker]:
    with real_worker(private_root, tmp_path / "worker.log") as process:
        yield process


def shot(page: Page, name: str) -> None:
    if os.environ.get("LKE_SCREENSHOTS") == "1":
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"lke-path-{name}.png"), full_page=True)


def best_texts(assessment: Assessment, skip: set[str]) -> list[tuple[Question, str, str, str]]:
    """Every question but ``skip`` at full value (surveys 3,80), as workbook rows."""
    best = best_answers(tree_for(assessment.worksheet_id))
    rows = []
    for q in Question.objects.filter(worksheet_id=assessment.worksheet_id).order_by("excel_row"):
        if q.code in skip:
            continue
        value = best.get(q.pk)
        text = value.choice or str(value.number) if value else UNIT_SURVEY
        rows.append((q, text, "", ""))
    return rows


def unit_total(assessment: Assessment) -> str:
    return score_text(assessment_result(assessment, Side.UNIT).scores.total)


def save_card(page: Page, question: Question, button: str = "Simpan") -> Locator:
    """Press the card's button (htmx posts it and swaps the card in place)."""
    card = page.locator(f"#q-{question.pk}")
    with page.expect_response(lambda r: f"/{question.pk}/" in r.url) as info:
        card.get_by_role("button", name=button).click()
    assert info.value.status == 200, f"{question.code}: HTTP {info.value.status}"
    return page.locator(f"#q-{question.pk}")


def export(portal: Portal, button: str, target: Path) -> ReportJob:
    """From the documents page: request, watch the progress bar reach 100 %, download."""
    page = portal.page
    page.goto(f"{portal.url}/satker/kpu-kalbar/dokumen/")
    page.get_by_role("button", name=re.compile(button)).click()
    expect(page).to_have_url(re.compile(r"/dokumen/\d+/$"))
    expect(page.get_by_test_id("job-status")).to_have_text("Selesai", timeout=120_000)
    expect(page.get_by_test_id("job-progress")).to_have_text("100%")
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    info.value.save_as(target)
    return ReportJob.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))


@pytest.mark.browser
@pytest.mark.worker
def test_the_whole_path_from_plan_evidence_to_a_verified_lhe_and_package(
    portal: Portal, worker: Worker, tmp_path: Path
) -> None:
    # Setup through services: the 2026 worksheet, the plan's evidence of action item I.a
    # (mapped by load_plan to PPA1A and PPA1B) accepted by the TPI, and the unit's other
    # answers imported by the Ketua (everything at full value but PPA1A and PPA1B).
    worksheet = Worksheet.objects.get()
    unit = Unit.objects.get(slug="kpu-kalbar")
    users = portal.users
    assessment = assessment_start(unit=unit, year=YEAR, user=users["ketua"])
    questions = Question.objects.filter(worksheet=worksheet)
    ppa1a, ppa1b = questions.get(code="PPA1A"), questions.get(code="PPA1B")
    action = area_actions(unit)["a."]
    assert {"PPA1A", "PPA1B"} <= set(action.lke_codes)
    accept(users["tpi"], submit(users["koordinator1"], action, 1, {EVIDENCE_NAME: EVIDENCE}))
    skip = {"PPA1A", "PPA1B"}
    answers_import(
        assessment=assessment, side=Side.UNIT, user=users["ketua"],
        rows=best_texts(assessment, skip),
    )  # fmt: skip
    page, base = portal.page, f"{portal.url}/satker/kpu-kalbar/lke/{YEAR}"

    # 1. koordinator1: area I, PPA1A's evidence page shows the plan's accepted file; an
    #    expected document is ticked by choosing it.
    portal.login("koordinator1")
    page.goto(f"{base}/area/{AREA}/")
    summary = page.get_by_test_id("lke-summary")
    expect(page.get_by_test_id("lke-state")).to_have_text("Penilaian mandiri")
    expect(summary.get_by_test_id("area-answered")).to_contain_text("16 dari 18 terjawab")
    before = summary.get_by_test_id("total").inner_text()
    page.locator(f"#q-{ppa1a.pk}").get_by_test_id("evidence-link").click()
    files = page.get_by_test_id("plan-files")
    row = files.locator("tr", has_text=EVIDENCE_NAME)
    expect(row).to_have_attribute("data-status", "diterima")
    expect(row).to_contain_text("Januari")
    expect(row).to_contain_text("Diterima")
    first_doc = page.get_by_test_id("documents").locator("li").first
    expect(first_doc).to_have_attribute("data-ticked", "tidak")
    first_doc.locator("select").select_option(label=f"{EVIDENCE_NAME} · Januari · Diterima")
    first_doc.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "Daftar bukti dukung diperbarui."
    )
    first_doc = page.get_by_test_id("documents").locator("li").first
    expect(first_doc).to_have_attribute("data-ticked", "ya")
    expect(first_doc).to_contain_text(f"Dipenuhi oleh: {EVIDENCE_NAME} (Diterima)")
    shot(page, "1-evidence")

    # 2. … back on the worksheet, answers PPA1A and PPA1B in place: the score moves.
    page.get_by_role("link", name="Kembali ke pertanyaan pada lembar kerja").click()
    page.locator(f"#q-{ppa1a.pk}").get_by_label("Ya", exact=True).check()
    page.locator(f"#q-{ppa1a.pk}").get_by_label("Bukti dukung (uraian)").fill(EVIDENCE_NAME)
    expect(save_card(page, ppa1a).get_by_test_id("saved")).to_be_visible()
    after_one = summary.get_by_test_id("total").inner_text()
    assert after_one != before, f"the total stayed {before}"
    page.locator(f"#q-{ppa1b.pk}").get_by_label(re.compile(r"^B – ")).check()
    expect(save_card(page, ppa1b).get_by_test_id("saved")).to_be_visible()
    expect(summary.get_by_test_id("area-answered")).to_contain_text("18 dari 18 terjawab")
    expect(summary.get_by_test_id("total")).not_to_have_text(after_one)
    expect(summary.get_by_test_id("total")).to_have_text(unit_total(assessment))
    portal.logout()

    # 3. The Ketua submits after the confirmation page.
    portal.login("ketua")
    page.goto(f"{base}/")
    page.get_by_test_id("submit-link").click()
    expect(page.get_by_test_id("submit-summary").get_by_test_id("answered")).to_have_text("127/127")
    page.get_by_role("button", name="Ajukan ke TPI").click()
    expect(page.get_by_test_id("lke-state")).to_have_text("Diajukan ke TPI")
    portal.logout()

    # 4. The TPI: every answer but area I's PPA1A and PPA1B through the service (as the
    #    workbook import would); PPA1A answered on the page, PPA1B sent back.
    answers_import(
        assessment=assessment, side=Side.TPI, user=users["tpi"],
        rows=best_texts(assessment, skip),
    )  # fmt: skip
    portal.login("tpi")
    page.goto(f"{base}/tpi/area/{AREA}/")
    card = page.locator(f"#q-{ppa1a.pk}")
    expect(card.get_by_test_id("unit-answer")).to_have_text("Ya")
    expect(card.get_by_test_id("unit-side")).to_contain_text(EVIDENCE_NAME)
    card.get_by_label("Jawaban TPI").select_option("Ya")
    card.get_by_label("Catatan TPI").fill("SK sesuai, ditandatangani Ketua.")
    tpi_summary = page.get_by_test_id("tpi-summary")
    expect(tpi_summary.get_by_test_id("answered")).to_have_text("125")
    expect(save_card(page, ppa1a).get_by_test_id("saved")).to_have_text("Tersimpan.")
    expect(tpi_summary.get_by_test_id("answered")).to_have_text("126")  # drawn again in place
    expect(page.locator(f"#score-{ppa1a.node_id}")).to_contain_text("nilai 0,25 dari bobot 0,5")
    back = page.locator(f"#q-{ppa1b.pk}")
    back.get_by_text("Kembalikan ke unit").first.click()
    back.get_by_label("Yang perlu diperbaiki unit").fill(BACK_NOTE)
    save_card(page, ppa1b, "Kembalikan ke unit")
    expect(page.locator(f"#q-{ppa1b.pk}").get_by_test_id("correction")).to_contain_text(
        f"Diminta perbaikan oleh TPI: {BACK_NOTE}"
    )
    shot(page, "2-tpi-send-back")
    page.reload()  # the heading was drawn before the TPI's first save began the evaluation
    expect(page.get_by_test_id("lke-state")).to_have_text("Dievaluasi TPI")
    portal.logout()

    # 5. koordinator1: the notice, then the request on PPA1B, corrected in place.
    portal.login("koordinator1")
    expect(page.get_by_test_id("unread")).to_be_visible()  # and the review of I.a's evidence
    page.get_by_role("link", name=re.compile(r"^Pemberitahuan")).click()
    notice = page.locator(".list-group-item", has_text="TPI meminta perbaikan")
    expect(notice).to_contain_text(f"TPI meminta perbaikan jawaban LKE PPA1B: {BACK_NOTE}")
    expect(notice).to_contain_text("belum dibaca")
    notice.get_by_role("link", name="Buka").click()
    card = page.locator(f"#q-{ppa1b.pk}")
    expect(card.get_by_test_id("correction")).to_contain_text(BACK_NOTE)
    expect(page.locator(f"#q-{ppa1a.pk}").get_by_test_id("read-only")).to_be_visible()
    card.get_by_label(re.compile(r"^A – ")).check()
    card.get_by_label("Penjelasan").fill("Mekanisme pemilihan dalam notulen rapat 3 Januari.")
    card = save_card(page, ppa1b)
    expect(card.get_by_test_id("saved")).to_be_visible()
    expect(card.get_by_test_id("correction")).to_have_count(0)
    expect(card.get_by_test_id("read-only")).to_contain_text("A – ")  # closed again
    shot(page, "3-corrected")
    portal.logout()
    assert not Correction.objects.filter(assessment=assessment, resolved_at=None).exists()
    assert Answer.objects.get(question=ppa1b, side=Side.UNIT).choice == "A"

    # 6. The TPI answers PPA1B again on its page and completes the evaluation.
    portal.login("tpi")
    page.goto(f"{base}/tpi/area/{AREA}/")
    card = page.locator(f"#q-{ppa1b.pk}")
    expect(card.get_by_test_id("unit-answer")).to_contain_text("A")
    card.get_by_label("Jawaban TPI").select_option("B")
    card.get_by_label("Catatan TPI").fill("Mekanisme ada, belum ditetapkan dengan SK.")
    expect(save_card(page, ppa1b).get_by_test_id("saved")).to_have_text("Tersimpan.")
    expect(page.get_by_test_id("tpi-summary").get_by_test_id("answered")).to_have_text("127")
    page.get_by_test_id("complete-link").click()
    done = page.get_by_test_id("complete-summary")
    expect(done.get_by_test_id("answered")).to_have_text("127/127")
    expect(done.get_by_test_id("waiting")).to_have_text("0")
    page.get_by_role("button", name="Selesaikan evaluasi").click()
    expect(page.get_by_test_id("lke-state")).to_have_text("Selesai dievaluasi")
    portal.logout()
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED

    # 7. The Sekretariat exports the LHE and the package and downloads both.
    portal.login("sekretariat")
    lhe_file, zip_file = tmp_path / "lhe.pdf", tmp_path / "paket.zip"
    lhe = export(portal, r"^Ekspor LHE 2025 \(Selesai dievaluasi\)", lhe_file)
    assert lhe.kind == ReportJob.Kind.LHE and lhe.version == 1
    lhe_bytes = lhe_file.read_bytes()
    assert sha256(lhe_bytes) == lhe.sha256
    assert "DRAF" not in "".join(page_texts(lhe_bytes)), "a completed evaluation's LHE is DRAF"
    package = export(portal, r"^Paket pengajuan 2025", zip_file)
    assert package.kind == ReportJob.Kind.PACKAGE
    assert sha256(zip_file.read_bytes()) == package.sha256
    shot(page, "4-package")

    # 8. The verification page accepts the downloaded LHE.
    page.goto(f"{portal.url}/verifikasi/{lhe.code}/")
    expect(page.get_by_test_id("sha")).to_have_text(lhe.sha256)
    page.get_by_label("Berkas PDF").set_input_files(str(lhe_file))
    page.get_by_role("button", name="Periksa").click()
    expect(page.get_by_test_id("verify-result")).to_have_text(
        "Berkas sama persis dengan dokumen yang diterbitkan dan tanda tangannya sah."
    )

    # 9. The package: every manifest entry against its file, the completed LHE inside, the
    #    plan's evidence in its questions' folders.
    with zipfile.ZipFile(io.BytesIO(zip_file.read_bytes())) as archive:
        assert archive.testzip() is None
        files = {name: archive.read(name) for name in archive.namelist()}
    lines = files["MANIFEST.sha256"].decode().splitlines()
    sums = {line[66:]: line[:64] for line in lines}
    assert set(sums) == set(files) - {"MANIFEST.sha256"}, sorted(files)
    assert all(sha256(files[path]) == digest for path, digest in sums.items())
    about = json.loads(files["manifest.json"])
    listed, listed_lhe = about["files"], about["lhe"]
    assert {e["path"]: e["sha256"] for e in listed} == {
        path: digest for path, digest in sums.items() if path != "manifest.json"
    }
    assert all(len(files[e["path"]]) == e["size"] for e in listed)
    lhe_inside = [p for p in files if p.startswith("LHE-") and p.endswith(".pdf")]
    assert len(lhe_inside) == 1, sorted(files)
    assert "DRAF" not in "".join(page_texts(files[lhe_inside[0]]))
    # nothing changed since the export: the package holds the LHE the verify page accepted
    assert sha256(files[lhe_inside[0]]) == lhe.sha256 == listed_lhe["sha256"]
    assert (listed_lhe["verification_code"], listed_lhe["version"]) == (lhe.code, 1)
    assert files[f"bukti/PPA1A/{EVIDENCE_NAME}"] == EVIDENCE
    assert files[f"bukti/PPA1B/{EVIDENCE_NAME}"] == EVIDENCE
    row = next(r for r in index_rows(files) if r["Kode pertanyaan"] == "PPA1A")
    assert (row["Berkas dalam paket"], row["Bulan"], row["Status reviu"]) == (
        f"bukti/PPA1A/{EVIDENCE_NAME}",
        "Januari",
        "Diterima",
    )
    assert row["SHA-256"] == sha256(EVIDENCE)
