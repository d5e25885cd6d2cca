"""Template tags that draw a piece of page layout once: ``{% load layout %}``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def card(content: str, title: str, width: int = 6) -> SafeString:
    """``{% card "Impor" width=7 %}…{% endcard %}``: a titled card in a row of cards
    (``<div class="row g-3">``), ``width`` columns of 12 from the xl breakpoint on and the
    whole row below it."""
    return format_html(
        '<div class="col-12 col-xl-{}">\n'
        '  <div class="card h-100"><div class="card-body">\n'
        '    <h2 class="h6">{}</h2>{}  </div></div>\n'
        "</div>",
        width,
        title,
        content,
    )
