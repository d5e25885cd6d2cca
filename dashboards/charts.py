"""Charts drawn on the server as SVG: the same code serves the dashboard and the PDF reports.

Each function returns a complete <svg> element (safe HTML) with a legend, axis labels and a
<title> on each point or bar, which browsers show on hover.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.formatting import month_abbr, month_name, number_text, wrap_words

if TYPE_CHECKING:
    from .figures import AreaFigures

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


# Bar labels sit on their own line above the bar, across the chart's whole width: a long
# area name is never cut at the left edge, and on a 390 px phone the text stays legible.
BAR_FONT_PX = 12
CHAR_PX = 0.56 * BAR_FONT_PX  # average width of a Helvetica character at that size


def bar_chart_svg(
    rows: list[tuple[str, Decimal | None]], *, title: str, width: int = 400
) -> SafeString:
    """Horizontal bars, one per row (e.g. achievement per unit), 0–100 %, each under its
    full label with the value at the right."""
    line_h, bar_h, gap, top, value_w = BAR_FONT_PX + 3, 12, 10, 30, 56
    chars = int((width - value_w) / CHAR_PX)
    wrapped = [wrap_words(label, chars) for label, _ in rows]
    height = top + sum(len(lines) * line_h + bar_h + gap for lines in wrapped) + 4
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title)}' class='zi-chart zi-bars' "
        f"font-family='Helvetica, Arial, sans-serif' font-size='{BAR_FONT_PX}'>",
        f"<title>{escape(title)}</title>",
        f"<text x='0' y='16' font-weight='bold'>{escape(title)}</text>",
    ]
    y = top
    for (label, value), lines in zip(rows, wrapped, strict=True):
        for n, line in enumerate(lines):
            parts.append(f"<text x='0' y='{y + (n + 1) * line_h - 4}'>{escape(line)}</text>")
        text = "–" if value is None else f"{_num(value)}%"
        parts.append(
            f"<text x='{width}' y='{y + line_h - 4}' text-anchor='end' font-weight='bold'>{text}</text>"
        )
        y += len(lines) * line_h
        parts.append(f"<rect x='0' y='{y}' width='{width}' height='{bar_h}' fill='#f1f3f5'/>")
        if value is not None:
            w = width * min(float(value), 100.0) / 100
            parts.append(
                f"<rect x='0' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{REAL_COLOUR}'>"
                f"<title>{escape(label)}: {_num(value)}%</title></rect>"
            )
        y += bar_h + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def area_curve_svg(area: AreaFigures) -> SafeString:
    """The S-curve of an area's figures (dashboard and area page)."""
    target_line, real_line = area.s_curve()
    return s_curve_svg(target_line, real_line, title=f"Area {area.area.number} – {area.area.name}")
