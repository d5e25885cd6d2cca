"""Notices: messages for a user inside the portal (the monthly reminder, evidence reviews)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from common.formatting import person_name
from common.links import absolute_url

from .models import Notice

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

log = logging.getLogger(__name__)


def notices_of(user: AbstractBaseUser, *, limit: int = 50) -> list[Notice]:
    return list(Notice.objects.filter(user=user)[:limit])


def unread_notices(user: AbstractBaseUser) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read_at__isnull=True)


def notices_mark_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notice of the user as read; how many were unread."""
    return unread_notices(user).update(read_at=timezone.now())


def notice_mail_send(*, subject: str, message: str, recipient: str) -> None:
    """One notice e-mail, sent after the notice was committed. A failure is logged, not
    raised: the notice is stored and the other recipients still get their e-mails."""
    try:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
    except Exception:
        log.exception("Notice e-mail to %s could not be sent", recipient)


def notices_send(
    *,
    users: Iterable[AbstractBaseUser],
    text: str,
    link: str,
    subject: str,
    prompt: str = "Lihat di",
) -> int:
    """A notice for each user, written in the caller's transaction, and its e-mail (subject
    "[ZI Portal] …", the text, then "``prompt``: <the link>"), sent only once the transaction
    commits (a rolled-back review or reminder mails nothing). How many users got one.

    The one writer of notices and their e-mails: evidence reviews and LKE corrections (through
    ``common.notices.notice_send``) and the monthly reminder (reports.reminders)."""
    people = {user.pk: user for user in users if user is not None}
    Notice.objects.bulk_create([Notice(user=u, text=text, link=link) for u in people.values()])
    address = absolute_url(link)
    for user in people.values():
        if user.email:
            message = f"Yth. {person_name(user)},\n\n{text}\n\n{prompt}: {address}\n"
            transaction.on_commit(
                functools.partial(
                    notice_mail_send,
                    subject=f"[ZI Portal] {subject}",
                    message=message,
                    recipient=user.email,
                )
            )
    return len(people)
