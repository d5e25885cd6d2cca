"""reports.signing: a PAdES signature made and checked, also from inside a running event loop
(pyHanko uses ``asyncio.run``, which refuses to run in one)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from weasyprint import HTML

from reports.signing import pdf_sign, pdf_signature_check


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return HTML(string="<p>Dokumen uji</p>").write_pdf()


def test_a_signed_document_checks_out_and_a_changed_byte_does_not(pdf: bytes) -> None:
    signed = pdf_sign(pdf, reason="Uji", location="Pontianak")
    assert pdf_signature_check(signed).valid
    tampered = bytearray(signed)
    at = signed.index(b"Dokumen") if b"Dokumen" in signed else len(signed) // 3
    tampered[at] ^= 0xFF
    assert not pdf_signature_check(bytes(tampered)).valid
    assert not pdf_signature_check(pdf).valid  # not signed at all


def test_signing_and_checking_work_inside_a_running_event_loop(pdf: bytes) -> None:
    async def inside_a_loop() -> tuple[bytes, bool]:
        signed = pdf_sign(pdf, reason="Uji", location="Pontianak")
        return signed, pdf_signature_check(signed).valid

    # A thread of its own: a session fixture of this process (Playwright's sync API) may
    # already run a loop in the main thread, where asyncio.run() refuses to start one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed, valid = pool.submit(asyncio.run, inside_a_loop()).result()
    assert valid and signed.startswith(b"%PDF")
