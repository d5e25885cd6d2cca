"""evidence_review: Diunggah → Diterima / Ditolak with a comment → revision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, WorkPlan
from common.db import StaleVersionError
from evidence.models import Evidence, Review
from evidence.services import evidence_review, evidence_submit
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
        user=people["koordinator_own"], action=action, month=4, files=[upload("sk.pdf", PDF_BYTES)]
    ).evidence


def test_the_tpi_accepts(people: dict, evidence: Evidence) -> None:
    review = evidence_review(
        user=people["tpi"], evidence=evidence, decision="diterima", version_number=1
    )
    evidence.refresh_from_db()
    assert (evidence.status, review.reviewer, review.version.number) == (
        "diterima",
        people["tpi"],
        1,
    )


def test_a_rejection_needs_a_comment(people: dict, evidence: Evidence) -> None:
    with pytest.raises(ValidationError) as caught:
        evidence_review(
            user=people["tpi"],
            evidence=evidence,
            decision="ditolak",
            comment="  ",
            version_number=1,
        )
    assert "alasan penolakan" in caught.value.message_dict["comment"][0]
    assert Evidence.objects.get(pk=evidence.pk).status == "diunggah"


@pytest.mark.parametrize(
    "role", ["koordinator_own", "ketua", "sekretariat", "koordinator_other_unit"]
)
def test_only_the_tpi_reviews(people: dict, evidence: Evidence, role: str) -> None:
    with pytest.raises(PermissionDenied):
        evidence_review(user=people[role], evidence=evidence, decision="diterima", version_number=1)
    assert not Review.objects.exists()


def test_a_review_of_an_outdated_version_is_refused(people: dict, evidence: Evidence) -> None:
    evidence_submit(
        user=people["koordinator_own"],
        action=evidence.action,
        month=4,
        files=[upload("v2.pdf", PDF_BYTES)],
    )
    with pytest.raises(StaleVersionError):
        evidence_review(
            user=people["tpi"], evidence=evidence, decision="diterima", version_number=1
        )
    assert Evidence.objects.get(pk=evidence.pk).status == "diunggah"


def test_rejected_then_revised_then_accepted_in_the_browser_pages(
    client: Client, people: dict, evidence: Evidence
) -> None:
    page = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, evidence.action_id])
    review_url = reverse("evidence_review", args=["kpu-kalbar", evidence.pk])
    client.force_login(people["tpi"])
    body = client.get(page).content.decode()
    assert "Reviu TPI (versi 1)" in body
    client.post(
        review_url,
        {"decision": "ditolak", "comment": "Lampirkan notulen rapat.", "version_number": "1"},
    )

    client.force_login(people["koordinator_own"])
    body = client.get(page).content.decode()
    assert "Ditolak" in body
    assert "Lampirkan notulen rapat." in body
    assert "Unggah revisi (versi baru)" in body
    assert client.post(page, {"files": [upload("notulen.pdf", PDF_BYTES)]}).status_code == 302
    evidence.refresh_from_db()
    assert (evidence.status, evidence.current_version) == ("diunggah", 2)

    client.force_login(people["tpi"])
    client.post(review_url, {"decision": "diterima", "version_number": "2"})
    client.force_login(people["koordinator_own"])
    body = client.get(page).content.decode()
    assert 'data-testid="evidence-status">Diterima<' in body
    month_page = client.get(
        reverse("progress_month", args=["kpu-kalbar"]) + "?tahun=2025&bulan=4"
    ).content.decode()
    assert 'data-testid="evidence-status">Diterima<' in month_page


def test_the_tpi_queue_lists_evidence_waiting_for_review(
    client: Client, people: dict, evidence: Evidence
) -> None:
    client.force_login(people["tpi"])
    body = client.get(
        reverse("evidence_list", args=["kpu-kalbar", 2025]) + "?status=diunggah"
    ).content.decode()
    assert evidence.action.text[:40] in body
    body = client.get(
        reverse("evidence_list", args=["kpu-kalbar", 2025]) + "?status=diterima"
    ).content.decode()
    assert "Tidak ada bukti dukung." in body


def test_the_evidence_history_shows_versions_and_reviews(
    client: Client, people: dict, evidence: Evidence
) -> None:
    evidence_review(
        user=people["tpi"],
        evidence=evidence,
        decision="ditolak",
        comment="Kurang tanda tangan",
        version_number=1,
    )
    client.force_login(people["ketua"])
    body = client.get(
        reverse("evidence_history", args=["kpu-kalbar", evidence.pk])
    ).content.decode()
    assert "Kurang tanda tangan" in body
    assert "tpi-uji" in body and "k1" in body
