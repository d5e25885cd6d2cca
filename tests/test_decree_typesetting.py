"""D1–D3: the decree typeset like an official one — headings with what follows, signature
blocks with the paragraph before them, Indonesian hyphenation, one space in the date line."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from areas.models import Component, DecreeClause, LampiranSection, WorkPlan
from common.formatting import date_text

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    """Without whitespace and hyphenation breaks (U+2010), to find text on a page."""
    return re.sub(r"\u2010\s*|\s+", "", text)


@pytest.fixture(scope="module")
def pages(rendered_decree) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(rendered_decree.data)).pages]


def page_of(pages: list[str], text: str, *, start: int = 0) -> int:
    wanted = squash(text)
    for n in range(start, len(pages)):
        if wanted in squash(pages[n]):
            return n
    raise AssertionError(f"not found: {text[:60]}")


def test_the_date_line_is_one_run_of_text_with_one_space(plan: WorkPlan, pages: list[str]) -> None:
    """ "pada tanggal" and the date in one line of text: as two table cells a PDF reader
    copies them with a gap ("pada tanggal␣␣25 April 2025")."""
    from reports.selectors import decree_html

    line = f"pada tanggal {date_text(plan.enacted_date)}"
    html = decree_html(plan, verify_url="https://zi.example/verifikasi/X/", code_context={})
    assert re.search(rf">\s*{line}\s*<", html), "the date line is not one run of text"
    assert any(line in p for p in pages)
    assert not any(re.search(r"pada tanggal\s{2,}\d", p) for p in pages)


def test_the_decree_signature_stands_with_the_last_dictum(plan: WorkPlan, pages: list[str]) -> None:
    last = DecreeClause.objects.filter(plan=plan, kind="diktum").order_by("order").last()
    signed = page_of(pages, "Ditetapkan di")
    assert page_of(pages, last.text[-60:]) == signed
    assert page_of(pages, plan.signer_name) == signed


def test_the_kata_pengantar_signature_stands_with_its_last_paragraph(
    plan: WorkPlan, pages: list[str]
) -> None:
    section = LampiranSection.objects.get(plan=plan, key=LampiranSection.Key.KATA_PENGANTAR)
    last = section.paragraphs.order_by("order").last()
    start = page_of(pages, "KATA PENGANTAR")
    assert page_of(pages, section.signature_name, start=start) == page_of(
        pages, last.text[-60:], start=start
    )


def test_each_area_heading_of_the_target_table_stands_with_its_first_row(
    plan: WorkPlan, pages: list[str]
) -> None:
    table = page_of(pages, "AREA PEMBANGUNAN")
    for area in plan.areas.order_by("order"):
        first = Component.objects.filter(area=area).order_by("order").first()
        heading = page_of(pages, f"{area.number}.{area.name}", start=table)
        assert page_of(pages, first.name, start=heading) == heading, area.name


def test_each_area_heading_of_bab_iii_stands_with_its_targets(
    plan: WorkPlan, pages: list[str]
) -> None:
    for area in plan.areas.order_by("order"):
        heading = page_of(pages, f"{area.letter} AREA {area.number} – {area.name}")
        first = area.targets.order_by("order").first()
        assert page_of(pages, f"Target :{first.label}", start=heading) == heading, area.name


def test_justified_text_is_hyphenated_the_indonesian_way(pages: list[str]) -> None:
    breaks = re.findall(r"(\w+)\u2010\s*\n\s*(\w+)", "\n".join(pages))
    assert len(breaks) > 20
    # pyphen's id_ID splits between syllables: never one letter alone on a line
    assert all(len(a) >= 2 and len(b) >= 2 for a, b in breaks)
