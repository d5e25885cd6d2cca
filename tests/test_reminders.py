"""The monthly reminder writes its notices in a transaction and mails only after it commits."""

import datetime
import logging

import pytest
from django.core import mail
from django.db import connection, transaction

from access.models import Unit
from common.links import progress_url
from reports import notices
from reports.models import Notice
from reports.reminders import reminders_send
from tests.factories import user_with_role

MAY = datetime.date(2025, 5, 5)  # reminds about April 2025


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_the_mails_wait_for_the_commit(people: dict, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = reminders_send(on=MAY)
        # Returned, notices written, the transaction not yet committed: nothing mailed.
        assert mail.outbox == []
        assert Notice.objects.filter(user=people["koordinator_own"]).exists()
    assert sent >= 2
    assert len(callbacks) == sent  # every coordinator of the fixture has an e-mail address
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "k1@example.invalid" in recipients and "k2@example.invalid" in recipients
    assert len(recipients) == sent
    assert all("April 2025" in message.subject for message in mail.outbox)


@pytest.mark.django_db
def test_the_reminder_is_a_notice_and_its_mail_links_the_progress_page(
    people: dict, settings, django_capture_on_commit_callbacks
) -> None:
    """The reminder is written and mailed by reports.notices, like every other notice."""
    settings.PORTAL_BASE_URL = "http://portal.test"
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(on=MAY)
    user = people["koordinator_own"]
    notice = Notice.objects.get(user=user)
    assert notice.link == progress_url("kpu-kalbar", 2025, 4)
    assert notice.link == "/satker/kpu-kalbar/progres/?tahun=2025&bulan=4"
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    assert message.subject == "[ZI Portal] Progres April 2025 belum lengkap"
    name = user.get_full_name() or user.get_username()
    assert message.body == (
        f"Yth. {name},\n\n{notice.text}\n\nIsi di: http://portal.test{notice.link}\n"
    )


@pytest.mark.django_db
def test_a_january_reminder_is_about_december_of_the_year_before(
    people: dict, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(on=datetime.date(2026, 1, 3))
    links = set(Notice.objects.values_list("link", flat=True))
    assert links and links <= {
        progress_url(slug, 2025, 12) for slug in ("kpu-kalbar", "kpu-sambas")
    }


@pytest.mark.django_db
def test_a_rolled_back_transaction_sends_nothing(
    people: dict, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        assert reminders_send(on=MAY) >= 2
        raise Rollback
    assert callbacks == []
    assert mail.outbox == []
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_a_failing_mail_is_logged_and_the_others_still_go_out(
    people: dict, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    real_send_mail = notices.send_mail

    def flaky(**kwargs: object) -> int:
        if kwargs["recipient_list"] == ["k1@example.invalid"]:
            raise ConnectionRefusedError("SMTP tidak menjawab")
        return real_send_mail(**kwargs)

    monkeypatch.setattr(notices, "send_mail", flaky)
    with (
        caplog.at_level(logging.ERROR, logger="reports.notices"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = reminders_send(on=MAY)
    assert Notice.objects.filter(user=people["koordinator_own"]).exists()
    assert len(mail.outbox) == sent - 1
    assert "k2@example.invalid" in {a for message in mail.outbox for a in message.to}
    assert "k1@example.invalid" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_the_mails_go_out_after_commit_and_never_after_a_rollback(
    monkeypatch,
) -> None:
    """Real transactions: the tables are committed to, and put back as loaded when the test
    ends (tests/db_snapshot.py)."""
    user_with_role(
        "k-commit", Unit.objects.get(slug="kpu-kalbar"), "koordinator", ["manajemen_perubahan"]
    )
    in_transaction = []
    real_send_mail = notices.send_mail

    def spy(**kwargs: object) -> int:
        in_transaction.append(connection.in_atomic_block)
        return real_send_mail(**kwargs)

    monkeypatch.setattr(notices, "send_mail", spy)

    with pytest.raises(Rollback), transaction.atomic():
        assert reminders_send(on=MAY) == 1
        raise Rollback
    assert mail.outbox == [] and in_transaction == []
    assert not Notice.objects.exists()

    assert reminders_send(on=MAY) == 1
    assert [message.to for message in mail.outbox] == [["k-commit@example.invalid"]]
    assert in_transaction == [False]  # sent after the commit, outside any transaction
    assert Notice.objects.get().user.username == "k-commit"
