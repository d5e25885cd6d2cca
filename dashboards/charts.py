"""Charts drawn on the server as SVG: the same code serves the dashboard and the PDF reports.

Each function returns a complete <svg> element (safe HTML) with a legend, axis labels and a
<title> on each point or bar, which browsers show on hover.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.formatting import month_abbr, month_name, number_text

if TYPE_CHECKING:
    from .selectors import AreaFigures

TARGET_COLOUR = "#6c757d"
REAL_COLOUR = "#dc3545"
FONT = "font-family='Helvetica, Arial, sans-serif' font-size='11'"


def _num(value: Decimal | float) -> str:
    return number_text(value, places=1)


def s_curve_svg(
    target: list[Decimal],
    real: list[Decimal | None],
    *,
    title: str,
    width: int = 560,
    height: int = 260,
) -> SafeString:
    """Cumulative target against realisation by month (Jan … Des), 0–100 %."""
    left, right, top, bottom = 40, 12, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / 11

    def xy(i: int, value: Decimal) -> tuple[float, float]:
        return left + i * step, top + plot_h * (1 - min(float(value), 100.0) / 100)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title)}' class='zi-chart' {FONT}>",
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(
            f"<line x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}' stroke='#e9ecef'/>"
        )
        parts.append(
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' fill='#6c757d'>{tick}%</text>"
        )
    for i in range(12):
        x = left + i * step
        parts.append(
            f"<text x='{x:.1f}' y='{height - bottom + 16}' text-anchor='middle' fill='#6c757d'>{escape(month_abbr(i + 1))}</text>"
        )

    def line(values: list[Decimal | None], colour: str, name: str, dash: str = "") -> None:
        points = [(i, v) for i, v in enumerate(values) if v is not None]
        if not points:
            return
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in points))
        parts.append(
            f"<polyline fill='none' stroke='{colour}' stroke-width='2.5' {dash} points='{path}' data-series='{escape(name)}'/>"
        )
        for i, v in points:
            x, y = xy(i, v)
            parts.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3.5' fill='{colour}'><title>{escape(name)} {escape(month_name(i + 1))}: {_num(v)}%</title></circle>"
            )

    line(list(target), TARGET_COLOUR, "Target kumulatif", "stroke-dasharray='6 4'")
    line(real, REAL_COLOUR, "Realisasi kumulatif")
    legend_y = height - 8
    parts.append(
        f"<line x1='{left}' x2='{left + 24}' y1='{legend_y - 4}' y2='{legend_y - 4}' stroke='{TARGET_COLOUR}' stroke-width='2.5' stroke-dasharray='6 4'/>"
    )
    parts.append(f"<text x='{left + 30}' y='{legend_y}'>Target kumulatif</text>")
    parts.append(
        f"<line x1='{left + 150}' x2='{left + 174}' y1='{legend_y - 4}' y2='{legend_y - 4}' stroke='{REAL_COLOUR}' stroke-width='2.5'/>"
    )
    parts.append(f"<text x='{left + 180}' y='{legend_y}'>Realisasi kumulatif</text>")
    parts.append(f"<text x='{left}' y='16' font-weight='bold'>{escape(title)}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def bar_chart_svg(
    rows: list[tuple[str, Decimal | None]], *, title: str, width: int = 640
) -> SafeString:
    """Horizontal bars, one per row (e.g. achievement per unit), 0–100 %."""
    bar_h, gap, left, right, top = 18, 6, 190, 50, 28
    height = top + len(rows) * (bar_h + gap) + 10
    plot_w = width - left - right
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title)}' class='zi-chart' {FONT}>",
        f"<title>{escape(title)}</title>",
        f"<text x='0' y='16' font-weight='bold'>{escape(title)}</text>",
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(
            f"<text x='{left - 6}' y='{y + bar_h - 5}' text-anchor='end'>{escape(label)}</text>"
        )
        parts.append(f"<rect x='{left}' y='{y}' width='{plot_w}' height='{bar_h}' fill='#f1f3f5'/>")
        if value is not None:
            w = plot_w * min(float(value), 100.0) / 100
            parts.append(
                f"<rect x='{left}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{REAL_COLOUR}'>"
                f"<title>{escape(label)}: {_num(value)}%</title></rect>"
            )
        text = "–" if value is None else f"{_num(value)}%"
        parts.append(f"<text x='{left + plot_w + 4}' y='{y + bar_h - 5}'>{text}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def area_curve_svg(area: AreaFigures) -> SafeString:
    """The S-curve of an area's figures (dashboard and area page)."""
    target_line, real_line = area.s_curve()
    return s_curve_svg(target_line, real_line, title=f"Area {area.area.number} – {area.area.name}")
