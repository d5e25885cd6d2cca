"""Figures of the Lampiran: a paragraph's uploaded image, or the drawing it names.

The standard component model of Zona Integritas (PermenPANRB 90/2021): the six Pengungkit
areas lead to the Hasil components, each with its LKE weight — drawn from the plan itself,
so a plan with other areas or weights shows its own."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape

from common.formatting import number_text, wrap_words

from .validators import figure_content_type

if TYPE_CHECKING:
    from .models import Paragraph, WorkPlan

FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
LINE = "#7a1c1c"


def _weight(value: Decimal | None) -> str:
    return f"bobot {number_text(value)}" if value is not None else ""


def _box(x: int, y: int, w: int, h: int, title: str, note: str, fill: str) -> str:
    parts = [
        f"<rect x='{x}' y='{y}' width='{w}' height='{h}' rx='6' fill='{fill}' stroke='{LINE}'/>"
    ]
    lines = wrap_words(title, 34)
    top = y + h / 2 - (len(lines) + (1 if note else 0)) * 7 + 11
    for n, line in enumerate(lines):
        parts.append(
            f"<text x='{x + w / 2}' y='{top + n * 14:.1f}' text-anchor='middle' font-size='11.5'"
            f" font-weight='bold'>{escape(line)}</text>"
        )
    if note:
        parts.append(
            f"<text x='{x + w / 2}' y='{top + len(lines) * 14:.1f}' text-anchor='middle'"
            f" font-size='10.5'>{escape(note)}</text>"
        )
    return "".join(parts)


def component_model_svg(plan: WorkPlan) -> str:
    """Pengungkit areas (left) → Hasil components (right), with their LKE weights."""
    areas = list(plan.areas.order_by("order"))
    results = list(plan.components.filter(kind="hasil").order_by("order"))
    box_h, gap, top, width = 46, 8, 44, 640
    left_h = len(areas) * (box_h + gap) - gap
    height = top + max(left_h, 160) + 16
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' {FONT}>",
        "<text x='130' y='22' text-anchor='middle' font-size='13' font-weight='bold'>PENGUNGKIT</text>",
        f"<text x='{width - 120}' y='22' text-anchor='middle' font-size='13' font-weight='bold'>HASIL</text>",
        f"<defs><marker id='arrow' markerWidth='10' markerHeight='10' refX='9' refY='5' orient='auto'>"
        f"<path d='M0,0 L10,5 L0,10 z' fill='{LINE}'/></marker></defs>",
    ]
    for n, area in enumerate(areas):
        y = top + n * (box_h + gap)
        title = f"{area.number}. {area.name}"
        parts.append(_box(0, y, 260, box_h, title, _weight(area.lke_weight), "#fdf2f2"))
        parts.append(
            f"<line x1='260' y1='{y + box_h / 2}' x2='330' y2='{top + left_h / 2}' stroke='{LINE}'/>"
        )
    parts.append(
        f"<line x1='330' y1='{top + left_h / 2}' x2='392' y2='{top + left_h / 2}' stroke='{LINE}'"
        " stroke-width='2' marker-end='url(#arrow)'/>"
    )
    result_h = 56
    block = len(results) * (result_h + gap) - gap
    for n, component in enumerate(results):
        y = top + left_h / 2 - block / 2 + n * (result_h + gap)
        parts.append(
            _box(400, int(y), 240, result_h, component.name, _weight(component.lke_weight), "#fff")
        )
    parts.append("</svg>")
    return "".join(parts)


def _data_uri(content_type: str, data: bytes) -> str:
    return f"data:{content_type};base64," + base64.b64encode(data).decode()


def paragraph_figure_uri(paragraph: Paragraph, plan: WorkPlan) -> str | None:
    """What the paragraph shows below it: the uploaded image, else its drawing, else None."""
    if paragraph.figure_image:
        with paragraph.figure_image.open("rb") as handle:
            content_type = figure_content_type(handle)
            return _data_uri(content_type, handle.read())
    if paragraph.figure == "model_komponen":
        return _data_uri("image/svg+xml", component_model_svg(plan).encode())
    return None
