"""Templates read flags and properties (``job.is_failed``, ``evidence.is_accepted``), never
rule literals: a template compares nothing against a literal value, so a renamed value
cannot leave a page behind and the rule lives in one place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.template import Engine
from django.template.defaulttags import IfNode
from django.template.smartif import TokenBase

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Comparisons with a literal that are presentation, not a rule (template, the literal):
PRESENTATIONAL = {
    # A decree item whose text ends with a colon introduces the nested list that follows
    # (punctuation of the text, not a value of a choice).
    ("reports/pdf/_items.html", ":"),
}
COMPARING = {"==", "!=", "in", "not in"}


def _literal(token: TokenBase) -> str | None:
    """The string a condition's operand is written as, or None for a variable."""
    if token.id != "literal":
        return None
    value = token.value.var  # a FilterExpression: a str when the operand is a literal
    return value if isinstance(value, str) else None


def _compared_literals(token: TokenBase | None) -> Iterator[str]:
    if token is None or token.id == "literal":
        return
    if token.id in COMPARING:
        for side in (token.first, token.second):
            literal = _literal(side)
            if literal is not None:
                yield literal
    yield from _compared_literals(getattr(token, "first", None))
    yield from _compared_literals(getattr(token, "second", None))


def template_literals(source: str) -> list[str]:
    """Every string literal an ``{% if %}``/``{% elif %}`` compares with (==, !=, in)."""
    nodelist = Engine.get_default().from_string(source).nodelist
    conditions = [
        condition
        for node in nodelist.get_nodes_by_type(IfNode)
        for condition, _ in node.conditions_nodelists
    ]
    return [literal for c in conditions for literal in _compared_literals(c)]


def test_template_scan_finds_literals_in_every_comparison_but_not_filter_arguments() -> None:
    source = (
        "{% if job.status == 'gagal' %}a{% elif 'x' != kind %}b{% endif %}"
        "{% for f in form %}{% if f.name in 'a b' and not f.hidden %}c{% endif %}{% endfor %}"
        '{% if a|stringformat:"s" == b|stringformat:"s" %}d{% endif %}'
        "{% if job.is_failed %}e{% endif %}"
    )
    assert template_literals(source) == ["gagal", "x", "a b"]


def compared_literals() -> set[tuple[str, str]]:
    """(template, literal) of every comparison with a literal in the portal's templates."""
    return {
        (str(path.relative_to(TEMPLATES)), literal)
        for path in sorted(TEMPLATES.rglob("*.html"))
        for literal in template_literals(path.read_text())
    }


def test_no_template_compares_with_a_literal_value() -> None:
    found = compared_literals()
    assert sorted(found - PRESENTATIONAL) == []
    assert sorted(PRESENTATIONAL - found) == []  # no stale allowance
