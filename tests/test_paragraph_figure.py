"""D4: a Lampiran paragraph carries a figure — an uploaded image checked by its content, or
until one is uploaded the component model drawn from the plan's areas and LKE weights."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from areas.figures import paragraph_figure_uri
from areas.models import Paragraph, WorkPlan
from common.formatting import number_text
from reports.selectors import decree_context
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

ANNOUNCES = "Di bawah ini adalah gambar"


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture
def announcing(plan: WorkPlan) -> Paragraph:
    return Paragraph.objects.get(section__plan=plan, text__contains=ANNOUNCES)


def _figure_of(plan: WorkPlan, paragraph: Paragraph) -> str | None:
    def walk(items: list[dict]) -> str | None:
        for item in items:
            if item["text"] == paragraph.text:
                return item["figure"]
            found = walk(item["children"])
            if found:
                return found
        return None

    for s in decree_context(plan)["sections_before"]:
        if s.pk == paragraph.section_id:
            return walk(s.tree)
    return None


def test_the_seeded_paragraph_shows_the_component_model_drawn_from_the_plan(
    plan: WorkPlan, announcing: Paragraph
) -> None:
    assert announcing.figure == Paragraph.Figure.COMPONENT_MODEL
    uri = _figure_of(plan, announcing)
    assert uri and uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert "PENGUNGKIT" in svg and "HASIL" in svg
    for area in plan.areas.all():
        assert area.name.split()[0] in svg
        assert f"bobot {number_text(area.lke_weight)}" in svg
    for result in plan.components.filter(kind="hasil"):
        assert f"bobot {number_text(result.lke_weight)}" in svg
    # the drawing follows the plan: another weight shows at once
    area = plan.areas.order_by("order").first()
    area.lke_weight = 9
    area.save()
    assert "bobot 9<" in base64.b64decode(_figure_of(plan, announcing).split(",", 1)[1]).decode()


def test_no_other_paragraph_carries_a_figure(plan: WorkPlan, announcing: Paragraph) -> None:
    others = Paragraph.objects.filter(section__plan=plan).exclude(pk=announcing.pk)
    assert all(paragraph_figure_uri(p, plan) is None for p in others)


def test_an_uploaded_image_replaces_the_drawing(plan: WorkPlan, announcing: Paragraph) -> None:
    announcing.figure_image = SimpleUploadedFile("model.png", image_bytes("PNG"))
    announcing.full_clean()
    announcing.save()
    uri = _figure_of(plan, announcing)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == image_bytes("PNG")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("model.png", PDF_BYTES, "bukan gambar PNG atau JPEG"),
        ("model.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bukan gambar PNG atau JPEG"),
        ("model.gif", image_bytes("GIF"), "harus PNG atau JPEG"),
    ],
)
def test_an_upload_is_checked_by_its_content(
    announcing: Paragraph, name: str, content: bytes, message: str
) -> None:
    announcing.figure_image = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as caught:
        announcing.full_clean()
    assert message in " ".join(caught.value.message_dict["figure_image"])


def test_a_jpeg_is_accepted(announcing: Paragraph) -> None:
    announcing.figure_image = SimpleUploadedFile("foto.bin", image_bytes("JPEG"))
    announcing.full_clean()


def test_the_decree_prints_the_figure_below_its_paragraph(rendered_decree) -> None:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(rendered_decree.data)).pages]
    squashed = [re.sub(r"\u2010\s*|\s+", "", p) for p in pages]
    page = next(n for n, text in enumerate(squashed) if "Dibawahiniadalahgambar" in text)
    after = squashed[page].split("Dibawahiniadalahgambar", 1)[1]
    assert "PENGUNGKIT" in after and "HASIL" in after
