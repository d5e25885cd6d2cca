"""The page templates keep to the policy: no inline style (the CSP's style-src has no
'unsafe-inline'), and form controls come from the one field template (templates/forms/),
not from hand-written <input>, <select> or <textarea>."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from access.models import Unit

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# WeasyPrint renders these to PDF (reports/selectors.py, reports/lhe/selectors.py): no browser, no CSP.
PDF = TEMPLATES / "reports" / "pdf"
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
CONTROL = re.compile(r"<(input|select|textarea)\b[^>]*>", re.IGNORECASE)
HIDDEN = re.compile(r"""\stype=["']hidden["']""", re.IGNORECASE)
# Controls with no Django form behind them, kept by hand (template: why).
HAND_WRITTEN = {
    # GET pickers of year/month/unit/status that only build a query string
    "dashboards/dashboard.html": 2,
    "dashboards/province.html": 1,
    "targets/progress_month.html": 3,
    "evidence/list.html": 1,
    # Django's set_language view posts "language"; it has no form class
    "base.html": 1,
}


def page_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if PDF not in p.parents)


def test_no_page_template_has_a_style_attribute_or_block() -> None:
    found = [
        f"{p.relative_to(TEMPLATES)}: {m.group(0)[:80]}"
        for p in page_templates()
        for pattern in (STYLE_ATTRIBUTE, STYLE_BLOCK)
        for m in pattern.finditer(p.read_text())
    ]
    assert found == []


def test_visible_form_controls_come_from_the_field_template() -> None:
    counts = {}
    for path in page_templates():
        name = str(path.relative_to(TEMPLATES))
        if name.startswith("forms/"):
            continue
        visible = [m for m in CONTROL.finditer(path.read_text()) if not HIDDEN.search(m[0])]
        if visible:
            counts[name] = len(visible)
    assert counts == HAND_WRITTEN


@pytest.mark.django_db
def test_the_policy_allows_styles_only_from_the_portal(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["ketua"])
    for url in [f"/satker/{province.slug}/dasbor/", "/akun/masuk/", "/publik/"]:
        policy = client.get(url)["Content-Security-Policy"]
        style_src = re.search(r"style-src ([^;]*)", policy)[1].split()
        assert style_src == ["'self'"], (url, policy)
