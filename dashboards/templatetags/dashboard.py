"""The dashboard's repeated markup, made in Python (docs/performance.md, "Dashboard at 553
units (issue 21)"): the heat map's cells (an include per component rendered ~3,000 template
nodes, most of the page's template time), the evidence waiting for review (a ``{% url %}``
and a ``truncatechars`` each, ~100 a page) and the links to the components (``id_url``: one
``reverse`` a page). The markup and the links are the ones the templates made."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.template import Context
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


def _id_url(prefixes: dict[tuple[Any, ...], str], name: str, args: tuple[Any, ...], pk: int) -> str:
    """``reverse(name, args=[*args, pk])`` for a path whose last part is an id: reversed
    once per ``(name, *args)`` (with id 1, the id then put in its place); ``reverse`` itself
    when the path does not end so."""
    key = (name, *args)
    if key not in prefixes:
        sample = reverse(name, args=[*args, 1])
        prefixes[key] = sample.removesuffix("/1/") + "/" if sample.endswith("/1/") else ""
    if not prefixes[key]:
        return reverse(name, args=[*args, pk])
    return f"{prefixes[key]}{pk}/"


@register.simple_tag(takes_context=True)
def id_url(context: Context, name: str, *args: Any) -> str:
    """``{% url name … id %}`` for a path ending in an id, in a loop: one ``reverse`` a
    page (per name and other arguments; the component links of the heat map and lists)."""
    prefixes = context.render_context.setdefault("dashboard_id_urls", {})
    return _id_url(prefixes, name, tuple(args[:-1]), args[-1])


@register.simple_tag
def waiting_items(waiting: Sequence[WaitingEvidence], slug: str, year: int) -> SafeString:
    """The ``<li>`` of each evidence waiting for review: its month, action item and link
    (``{% url 'evidence_action' … %}``), the action's text cut at 70 characters."""
    prefixes: dict[tuple[Any, ...], str] = {}
    items = []
    for e in waiting:
        url = _id_url(prefixes, "evidence_action", (slug, year, e.month), e.action_id)
        action = e.action
        text = f"{month_name(e.month)} – {action.area.number}.{action.label} "
        text += truncatechars(action.text, 70)
        items.append(f'<li><a href="{conditional_escape(url)}">{conditional_escape(text)}</a></li>')
    return mark_safe("".join(items))  # noqa: S308 - the link and the text are escaped
