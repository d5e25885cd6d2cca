"""The dashboard's repeated markup, made in Python (docs/performance.md, "Dashboard at 553
units (issue 21)"): the heat map's cells (an include per component rendered ~3,000 template
nodes, most of the page's template time) and the links of the evidence waiting for review
(a ``{% url %}`` each, ~100 a page). The markup and the links are the ones the template
made."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template import Context
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from common.formatting import percent_text
from dashboards.figures import STATE_LABELS, Cell, ComponentFigures

register = template.Library()

ONE = Decimal(1)
LABELS = {state: conditional_escape(label) for state, label in STATE_LABELS.items()}


def _mark(cell: Cell) -> str:
    """What the cell shows: the realisation as a whole number (``floatformat:"0"``), "!"
    missing, "·" no target, else nothing."""
    if cell.real is not None:
        if cell.real < 0:  # floatformat's "-0" rule; a percent is never below 0
            return floatformat(cell.real, "0")
        return f"{Decimal(cell.real).quantize(ONE, rounding=ROUND_HALF_UP):f}"
    if cell.is_missing:
        return "!"
    return "·" if cell.has_no_target else ""


@register.simple_tag
def heatmap_cells(figures: ComponentFigures, months: Sequence[tuple[int, str]]) -> SafeString:
    """The twelve ``<td>`` of a component's row, each with its state, words and value;
    ``months`` the page's (number, name) pairs, so each name is looked up once a page."""
    name = conditional_escape(figures.component.name)
    month_names = {m: conditional_escape(n) for m, n in months}
    # Every text is escaped above or is the portal's own (a state value, a formatted
    # number, "!", "·"), so plain formatting is safe and far cheaper than format_html.
    return mark_safe(  # noqa: S308
        "".join(
            f'<td class="cell cell-{c.state}" title="{name} · {month_names[c.month]}: '
            f"{LABELS[c.state]} · target {percent_text(c.target)} · realisasi "
            f'{percent_text(c.real)}" data-state="{c.state}">{_mark(c)}</td>'
            for c in figures.cells
        )
    )


@register.simple_tag(takes_context=True)
def evidence_url(context: Context, slug: str, year: int, month: int, action_id: int) -> str:
    """``{% url 'evidence_action' slug year month action_id %}``, reversed once per month of
    the page: the action item's id is the path's last part (evidence/urls.py)."""
    prefixes = context.render_context.setdefault("evidence_url_prefixes", {})
    key = (slug, year, month)
    if key not in prefixes:
        sample = reverse("evidence_action", args=[slug, year, month, 1])
        prefixes[key] = sample.removesuffix("1/")
    return f"{prefixes[key]}{action_id}/"
