"""C4: the TPI is told when evidence awaits review; the coordinator when it was accepted or
rejected — a notice in the portal, and an e-mail sent only after the commit."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence
from evidence.services import evidence_review, evidence_submit
from reports.models import Notice
from tests.factories import PDF_BYTES, upload, user_with_role


@pytest.fixture
def action(plan: WorkPlan) -> ActionItem:
    return (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .select_related("area")
        .order_by("order")
        .first()
    )


def _submit(people: dict, action: ActionItem) -> Evidence:
    return evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("a.pdf", PDF_BYTES)]
    ).evidence


@pytest.mark.django_db
def test_the_tpi_gets_a_notice_and_a_mail_after_commit_when_evidence_awaits_review(
    people: dict, action: ActionItem, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _submit(people, action)
        assert mail.outbox == []  # not before the commit
    notice = Notice.objects.get(user=people["tpi"])
    assert "menunggu reviu" in notice.text and "April 2025" in notice.text
    assert notice.link == reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    assert [m.to for m in mail.outbox] == [["tpi-uji@example.invalid"]]
    assert notice.link in mail.outbox[0].body
    # nobody else of the unit, and no TPI of another unit
    assert not Notice.objects.exclude(user=people["tpi"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("decision", "word"), [("diterima", "diterima"), ("ditolak", "ditolak")])
def test_the_coordinator_is_told_the_tpis_decision(
    people: dict, action: ActionItem, decision: str, word: str, django_capture_on_commit_callbacks
) -> None:
    evidence = _submit(people, action)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_review(
            user=people["tpi"],
            evidence=evidence,
            decision=decision,
            comment="Tanda tangan belum ada" if decision == "ditolak" else "",
            version_number=1,
        )
    notice = Notice.objects.get(user=people["koordinator_own"])
    assert f"{word} oleh TPI" in notice.text
    if decision == "ditolak":
        assert "Tanda tangan belum ada" in notice.text
    assert [m.to for m in mail.outbox] == [["k1@example.invalid"]]
    assert word in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_refused_review_leaves_no_notice_and_sends_nothing(
    people: dict, action: ActionItem, django_capture_on_commit_callbacks
) -> None:
    evidence = _submit(people, action)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        evidence_review(user=people["tpi"], evidence=evidence, decision="ditolak", version_number=1)
    assert not Notice.objects.filter(user=people["koordinator_own"]).exists()


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_a_rolled_back_review_mails_nothing() -> None:
    """Real transactions: the tables are committed to, and put back as loaded when the test
    ends (tests/db_snapshot.py)."""
    unit = Unit.objects.get(slug="kpu-kalbar")
    coordinator = user_with_role("k-commit", unit, "koordinator", ["manajemen_perubahan"])
    tpi = user_with_role("tpi-commit", unit, "tpi")
    action = (
        ActionItem.objects.filter(area__plan__unit=unit, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )
    evidence = evidence_submit(
        user=coordinator, action=action, month=4, files=[upload("a.pdf", PDF_BYTES)]
    ).evidence
    assert [m.to for m in mail.outbox] == [["tpi-commit@example.invalid"]]  # after commit
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence_review(user=tpi, evidence=evidence, decision="diterima", version_number=1)
        raise RuntimeError("rolled back")
    assert mail.outbox == [] and not Notice.objects.filter(user=coordinator).exists()
    evidence_review(user=tpi, evidence=evidence, decision="diterima", version_number=1)
    assert [m.to for m in mail.outbox] == [["k-commit@example.invalid"]]


@pytest.mark.django_db
def test_the_notice_appears_on_the_coordinators_notice_page(
    client: Client, people: dict, action: ActionItem
) -> None:
    evidence = _submit(people, action)
    evidence_review(user=people["tpi"], evidence=evidence, decision="diterima", version_number=1)
    client.force_login(people["koordinator_own"])
    body = client.get(reverse("notices")).content.decode()
    assert "diterima oleh TPI" in body
