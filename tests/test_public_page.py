"""The public page (Keterbukaan Informasi Publik) shows the plan and achievement, nothing internal."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from evidence.services import evidence_submit
from targets.services import progress_update
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(plan: WorkPlan, people: dict) -> WorkPlan:
    k1 = people["koordinator_own"]
    k1.first_name, k1.last_name = "Rahmat", "Hidayat"
    k1.save(update_fields=["first_name", "last_name"])
    component = Component.objects.get(
        plan=plan, name="Pemantauan dan Evaluasi Pembangunan WBK/WBBM"
    )
    progress_update(
        user=k1,
        component=component,
        month=1,
        percent=Decimal(80),
        activities="Rapat evaluasi terbuka",
    )
    progress_update(
        user=k1,
        component=component,
        month=2,
        percent=Decimal(60),
        obstacles="RAHASIA-INTERNAL anggaran",
        is_internal=True,
    )
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    evidence_submit(
        user=k1, action=action, month=1, files=[upload("notulen-rahasia.pdf", PDF_BYTES)]
    )
    return plan


def test_it_shows_the_plan_and_monthly_achievement_per_area(
    client: Client, filled: WorkPlan
) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    for area in filled.areas.all():
        assert area.name in body
    assert "Memperbaharui Tim Pembangunan Zona integritas" in body  # an action item
    assert "Meningkatnya komitmen seluruh jajaran" in body  # a target
    assert 'data-testid="public-monthly"' in body
    assert "<svg" in body


def test_it_shows_nothing_internal(client: Client, filled: WorkPlan, people: dict) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    assert "RAHASIA-INTERNAL" not in body
    assert "notulen-rahasia" not in body
    assert "/bukti/" not in body
    for user in people.values():
        assert f">{user.username}<" not in body and f" {user.username} " not in body
    assert "Rahmat" not in body and "Hidayat" not in body


def test_a_unit_that_has_not_opted_in_is_not_published(
    client: Client, province: Unit, plan: WorkPlan
) -> None:
    province.is_public = False
    province.save(update_fields=["is_public"])
    assert client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).status_code == 404
    assert "kpu-kalbar/2025" not in client.get(reverse("public_index")).content.decode()


# C6: the issued decree is downloadable from the public page and links to its verification.


def test_without_an_issued_decree_nothing_is_offered(client: Client, plan: WorkPlan) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    assert 'data-testid="public-decree"' not in body
    assert client.get(reverse("public_decree", args=["kpu-kalbar", 2025])).status_code == 404


def test_the_issued_decree_is_downloadable_and_links_its_verification(
    client: Client, plan: WorkPlan, people: dict, issue_rendered_decree, rendered_decree
) -> None:
    job = issue_rendered_decree(people["sekretariat"])
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    block = body.split('data-testid="public-decree"', 1)[1].split("</div>", 1)[0]
    download = reverse("public_decree", args=["kpu-kalbar", 2025])
    assert f'href="{download}"' in block
    assert f'href="{reverse("verify", args=[job.code])}"' in block
    response = client.get(download)  # anonymous
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == rendered_decree.data
    assert 'filename="keputusan-kpu-kalbar-2025-v1.pdf"' in response["Content-Disposition"]
    assert client.get(reverse("verify", args=[job.code])).status_code == 200


def test_a_unit_not_published_offers_no_decree(
    client: Client, plan: WorkPlan, people: dict, issue_rendered_decree
) -> None:
    issue_rendered_decree(people["sekretariat"])
    Unit.objects.filter(slug="kpu-kalbar").update(is_public=False)
    assert client.get(reverse("public_decree", args=["kpu-kalbar", 2025])).status_code == 404


def _text_extents(svg: str) -> list[tuple[str, float, float, float]]:
    """(text, left, right, viewBox width) of every text element, at ~0.56 em per character."""
    import re

    width = float(re.search(r"viewBox='0 0 (\d+)", svg).group(1))
    size = float(re.search(r"font-size='(\d+)'", svg).group(1))
    found = []
    for attrs, text in re.findall(r"<text([^>]*)>([^<]*)</text>", svg):
        x = float(re.search(r"x='([\d.]+)'", attrs).group(1))
        size_here = float(m.group(1)) if (m := re.search(r"font-size='(\d+)'", attrs)) else size
        w = len(text) * 0.56 * size_here
        left = x - w if "text-anchor='end'" in attrs else x - w / 2 if "middle" in attrs else x
        found.append((text, left, left + w, width))
    return found


def test_the_area_chart_labels_are_whole_and_inside_the_chart(
    client: Client, plan: WorkPlan
) -> None:
    body = client.get(reverse("public_plan", args=["kpu-kalbar", 2025])).content.decode()
    svg = body.split('data-chart="public">', 1)[1].split("</svg>", 1)[0] + "</svg>"
    extents = _text_extents(svg)
    texts = " ".join(t for t, *_ in extents)
    for area in plan.areas.all():
        assert f"{area.number}. {area.name}" in texts
    for text, left, right, width in extents:
        assert left >= 0 and right <= width, (text, left, right, width)
