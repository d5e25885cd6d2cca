"""The Sekretariat exports the decree in a real browser; a real Celery worker renders it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reports.models import ReportJob
from reports.services import pdf_signature_check
from tests.worker import Worker, flush_broker

from .conftest import Portal


@pytest.fixture
def worker(portal: Portal, private_root: Path, tmp_path: Path) -> Iterator[Worker]:
    flush_broker()
    w = Worker(private_root, tmp_path / "worker.log")
    w.start()
    yield w
    w.stop()


@pytest.mark.browser
@pytest.mark.worker
def test_sekretariat_exports_the_decree_and_downloads_it(
    portal: Portal, worker: Worker, tmp_path: Path
) -> None:
    page = portal.page
    portal.login("sekretariat")
    page.goto(f"{portal.url}/satker/kpu-kalbar/dokumen/")
    page.select_option("#kind", "keputusan")
    page.select_option("#year", "2025")
    page.get_by_role("button", name="Ekspor PDF").click()
    expect(page).to_have_url(re.compile(r"/dokumen/\d+/$"))
    bar = page.get_by_test_id("job-progress")
    seen: set[str] = set()
    # the bar updates without reloading the page, until the job is done
    page.evaluate("window.__marker = 1")
    for _ in range(600):
        seen.add(bar.inner_text())
        if page.get_by_test_id("job-status").inner_text() in {"Selesai", "Gagal"}:
            break
        page.wait_for_timeout(100)
    expect(page.get_by_test_id("job-status")).to_have_text("Selesai", timeout=1000)
    expect(bar).to_have_text("100%")
    assert page.evaluate("window.__marker") == 1, f"page reloaded ({portal.screenshot})"
    assert len(seen) >= 2, f"progress never changed on the page: {seen}"
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    target = tmp_path / "keputusan.pdf"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    job = ReportJob.objects.get()
    assert (job.status, job.version) == ("selesai", 1)
    assert pdf_signature_check(data).valid
    import hashlib

    assert hashlib.sha256(data).hexdigest() == job.sha256
    page.goto(f"{portal.url}/satker/kpu-kalbar/dokumen/")
    expect(page.get_by_test_id("jobs")).to_contain_text(job.sha256[:14])


def wait_done(portal: Portal) -> None:
    expect(portal.page.get_by_test_id("job-status")).to_have_text("Selesai", timeout=90_000)


@pytest.mark.browser
@pytest.mark.worker
def test_a_changed_decree_is_confirmed_with_a_reason_and_the_old_version_says_it_was_replaced(
    portal: Portal, worker: Worker
) -> None:
    from areas.models import ActionItem

    page = portal.page
    portal.login("sekretariat")
    jobs_url = f"{portal.url}/satker/kpu-kalbar/dokumen/"

    def export() -> None:
        page.goto(jobs_url)
        page.select_option("#kind", "keputusan")
        page.select_option("#year", "2025")
        page.get_by_role("button", name="Ekspor PDF").click()

    export()
    wait_done(portal)
    first = ReportJob.objects.get()
    export()  # nothing changed: back to version 1, no new version
    expect(page).to_have_url(f"{portal.url}/dokumen/{first.pk}/")
    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text(
        "tidak berubah sejak versi 1"
    )
    action = ActionItem.objects.filter(area__plan__unit=first.unit).order_by("pk").first()
    action.text = "Memperbaharui Tim ZI dengan mekanisme yang jelas dan terukur."
    action.save()
    export()
    expect(page.get_by_test_id("change-summary")).to_have_text("1 rencana aksi berubah.")
    expect(page.get_by_test_id("changes")).to_contain_text("mekanisme yang jelas dan terukur")
    page.get_by_role("button", name="Terbitkan versi 2").click()
    expect(page.get_by_test_id("reason-error")).to_contain_text("Tuliskan alasan perubahan")
    page.fill("#reason", "Rencana aksi Area I diperjelas sesuai rapat evaluasi.")
    page.get_by_role("button", name="Terbitkan versi 2").click()
    wait_done(portal)
    second = ReportJob.objects.exclude(pk=first.pk).get()
    assert (second.version, second.change_reason) == (
        2,
        "Rencana aksi Area I diperjelas sesuai rapat evaluasi.",
    )
    page.goto(f"{portal.url}/verifikasi/{first.code}/")
    expect(page.get_by_test_id("superseded")).to_contain_text("versi 2")
    page.get_by_role("link", name="versi 2").click()
    expect(page).to_have_url(f"{portal.url}/verifikasi/{second.code}/")
    page.goto(jobs_url)
    expect(page.get_by_test_id("superseded")).to_have_text("digantikan versi 2")
