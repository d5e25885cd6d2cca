"""Signing issued documents with pyHanko (PAdES) and checking a signature."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")


class SigningNotConfiguredError(RuntimeError):
    pass


def _signer() -> object:
    key, cert = Path(settings.SIGNING_KEY_FILE), Path(settings.SIGNING_CERT_FILE)
    if not key.exists() or not cert.exists():
        raise SigningNotConfiguredError(
            "Sertifikat penandatanganan belum tersedia: jalankan `python manage.py create_signing_certificate` "
            "atau isi SIGNING_KEY_FILE dan SIGNING_CERT_FILE."
        )
    # Loaded once per worker process (and again when a file is replaced): ~36 ms a document.
    return _load_signer(
        str(key),
        str(cert),
        settings.SIGNING_KEY_PASSPHRASE,
        key.stat().st_mtime,
        cert.stat().st_mtime,
    )


@functools.lru_cache(maxsize=4)
def _load_signer(
    key: str, cert: str, passphrase: str, key_mtime: float, cert_mtime: float
) -> object:
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key, cert, key_passphrase=passphrase.encode() or None)


def _outside_running_loop(func: Callable[..., T], *args: object) -> T:
    """pyHanko signs and validates with ``asyncio.run()``, which cannot run inside a running
    event loop (an async caller; Playwright's sync API in the tests): there ``func`` runs in
    a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args).result()


def pdf_sign(data: bytes, *, reason: str, location: str) -> bytes:
    """A PAdES signature over the whole file with the portal's signing key."""
    return _outside_running_loop(_pdf_sign, data, reason, location)


def _pdf_sign(data: bytes, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="Tandatangan",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    return signers.sign_pdf(writer, meta, signer=_signer()).getvalue()


@dataclass
class SignatureCheck:
    valid: bool
    message: str


def pdf_signature_check(data: bytes) -> SignatureCheck:
    """Is the file signed by the portal's certificate, intact and covering the whole file?"""
    return _outside_running_loop(_pdf_signature_check, data)


def _pdf_signature_check(data: bytes) -> SignatureCheck:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except Exception:
        return SignatureCheck(False, "Berkas bukan PDF yang dapat dibaca.")
    if not signatures:
        return SignatureCheck(False, "Berkas tidak memiliki tanda tangan elektronik.")
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(settings.SIGNING_CERT_FILE))]
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception as exc:
        return SignatureCheck(False, f"Tanda tangan tidak dapat diperiksa: {exc}")
    if not status.intact:
        return SignatureCheck(False, "Isi berkas telah berubah setelah ditandatangani.")
    if not (status.valid and status.trusted):
        return SignatureCheck(False, "Tanda tangan tidak berasal dari sertifikat portal ini.")
    if status.coverage.name != "ENTIRE_FILE":
        return SignatureCheck(False, "Ada perubahan pada berkas setelah ditandatangani.")
    return SignatureCheck(True, "Tanda tangan elektronik sah dan berkas utuh.")
