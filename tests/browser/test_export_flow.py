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
