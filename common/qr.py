"""QR codes drawn on the server as SVG data URIs (the CSP allows ``data:`` images), for
pages a browser prints. One ``<path>`` of the dark modules: faster than the qrcode
package's SVG image (the printed slips draw hundreds) and the same symbol."""

from __future__ import annotations

import base64

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_svg(text: str, *, border: int = 2) -> str:
    """The QR code of ``text`` as an SVG document, one unit per module."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs: list[str] = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def qr_data_uri(text: str) -> str:
    """``data:image/svg+xml;base64,…`` of :func:`qr_svg` (for an ``<img src>``)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(text).encode()).decode()
