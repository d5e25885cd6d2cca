"""The dashboard's repeated markup, made in Python (docs/performance.md, "Dashboard at 553
units (issue 21)"): the heat map's cells (an include per component rendered ~3,000 template
nodes, most of the page's template time) and the links of the evidence waiting for review
(a ``{% url %}`` and a ``truncatechars`` each, ~100 a page). The markup and the links
are the ones the template made."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat, truncatechars
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from common.formatting import month_name, percent_text
from dashboards.figures import STATE_LABELS, Cell, ComponentFigures, WaitingEvidence

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


def _evidence_prefix(
    prefixes: dict[tuple[str, int, int], str], slug: str, year: int, month: int
) -> str:
    """The evidence page's path of a month without the action item's id, its last part
    (evidence/urls.py): ``reverse`` once per month of the page."""
    key = (slug, year, month)
    if key not in prefixes:
        prefixes[key] = reverse("evidence_action", args=[slug, year, month, 1]).removesuffix("1/")
    return prefixes[key]


@register.simple_tag
def waiting_items(waiting: Sequence[WaitingEvidence], slug: str, year: int) -> SafeString:
    """The ``<li>`` of each evidence waiting for review: its month, action item and link
    (``{% url 'evidence_action' … %}``), the action's text cut at 70 characters."""
    prefixes: dict[tuple[str, int, int], str] = {}
    items = []
    for e in waiting:
        url = f"{_evidence_prefix(prefixes, slug, year, e.month)}{e.action_id}/"
        action = e.action
        text = f"{month_name(e.month)} – {action.area.number}.{action.label} "
        text += truncatechars(action.text, 70)
        items.append(f'<li><a href="{conditional_escape(url)}">{conditional_escape(text)}</a></li>')
    return mark_safe("".join(items))  # noqa: S308 - the link and the text are escaped
