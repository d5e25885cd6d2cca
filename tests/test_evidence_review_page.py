"""C7: the TPI's review form and the coordinator's upload form on the evidence page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, WorkPlan
from common.formatting import size_text
from evidence.models import Evidence
from evidence.services import evidence_submit
from periods.services import month_lock
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(people: dict, plan: WorkPlan) -> Evidence:
    action = (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )
    return evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("a.pdf", PDF_BYTES)]
    ).evidence


def _page(evidence: Evidence) -> str:
    return reverse("evidence_action", args=["kpu-kalbar", 2025, 4, evidence.action_id])


def _review(client: Client, evidence: Evidence, **data: str):
    url = reverse("evidence_review", args=["kpu-kalbar", evidence.pk])
    return client.post(url, {"version_number": "1", **data})


def test_the_choices_are_styled_and_the_page_links_back_to_the_review_list(
    client: Client, people: dict, evidence: Evidence
) -> None:
    client.force_login(people["tpi"])
    body = client.get(_page(evidence)).content.decode()
    form = body.split('data-testid="review-form"', 1)[1].split("</form>", 1)[0]
    radios = re.findall(r"<input type=\"radio\"[^>]*>", form)
    assert len(radios) == 2 and all('class="form-check-input' in r for r in radios)
    queue = reverse("evidence_list", args=["kpu-kalbar", 2025]) + "?status=diunggah"
    assert f'href="{queue}" data-testid="back-to-queue"' in body


def test_a_rejection_without_a_reason_keeps_the_choice_and_says_so_at_the_comment(
    client: Client, people: dict, evidence: Evidence
) -> None:
    client.force_login(people["tpi"])
    response = _review(client, evidence, decision="ditolak", comment="")
    body = response.content.decode()
    assert response.status_code == 422
    comment_block = body.split('id="id_comment"', 1)[1].split("</div>", 1)[0]
    assert "Tuliskan alasan penolakan" in comment_block
    assert re.search(r'value="ditolak"[^>]* checked', body)
    evidence.refresh_from_db()
    assert evidence.status == "diunggah"


def test_no_decision_is_said_next_to_the_choices_and_the_comment_is_kept(
    client: Client, people: dict, evidence: Evidence
) -> None:
    client.force_login(people["tpi"])
    response = _review(client, evidence, comment="Sudah saya baca")
    body = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="decision-error">Pilih keputusan: Diterima atau Ditolak.<' in body
    assert ">\nSudah saya baca</textarea>" in body


def test_an_accepted_review_still_redirects(
    client: Client, people: dict, evidence: Evidence
) -> None:
    client.force_login(people["tpi"])
    assert _review(client, evidence, decision="diterima").status_code == 302


def test_the_upload_form_names_the_size_cap(
    client: Client, people: dict, evidence: Evidence, settings
) -> None:
    settings.MAX_UPLOAD_BYTES = 25 * 1024 * 1024
    client.force_login(people["koordinator_own"])
    body = client.get(_page(evidence)).content.decode()
    assert "Ukuran maksimal 25 MB per berkas." in body
    assert "mengikuti pengaturan portal" not in body


def test_in_a_locked_month_no_upload_form_is_offered(
    client: Client, people: dict, evidence: Evidence, province
) -> None:
    month_lock(user=people["sekretariat"], unit=province, year=2025, month=4)
    client.force_login(people["koordinator_own"])
    body = client.get(_page(evidence)).content.decode()
    assert 'enctype="multipart/form-data"' not in body
    assert 'data-testid="upload-closed"' in body and "sudah dikunci" in body
    response = client.post(_page(evidence), {"files": [upload("b.pdf", PDF_BYTES)]})
    assert response.status_code == 422
    evidence.refresh_from_db()
    assert evidence.current_version == 1


@pytest.mark.parametrize(
    ("size", "text"),
    [(25 * 1024 * 1024, "25 MB"), (1536, "1,5 KB"), (900, "900 B"), (None, "–")],
)
def test_sizes_are_written_the_indonesian_way(size: int | None, text: str) -> None:
    assert size_text(size) == text
