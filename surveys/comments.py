"""Moderating respondents' comments: a comment is never public unless the Sekretariat
approves it. Each decision is recorded (``CommentReview``: who, when, which) in the
transaction that sets the response's ``comment_status``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from access import rules
from common.db import StaleVersionError
from common.formatting import datetime_text, person_name

from .choices import CommentStatus
from .models import CommentReview, Response

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DECISIONS = (CommentStatus.APPROVED, CommentStatus.REJECTED)
NO_COMMENT = "Jawaban ini tidak berisi komentar."
NOT_A_DECISION = "Pilih Setujui atau Tolak."


def _decided_since(response: Response) -> str:
    last = response.comment_reviews.select_related("decided_by").first()
    if last is None:
        return "Komentar ini telah berubah — muat ulang halaman."
    who, when = person_name(last.decided_by, empty="-"), datetime_text(last.decided_at)
    return f"Komentar ini sudah diputuskan oleh {who} pada {when} — muat ulang halaman."


@transaction.atomic
def comment_moderate(
    *, user: AbstractBaseUser, response: Response, decision: str, seen: str | None = None
) -> Response:
    """Approve (shown publicly) or reject a response's comment. ``seen``: the comment's
    status as the page showed it; refused when someone decided since."""
    rules.ensure_can_manage_surveys(user, response.period.unit)
    row = (
        Response.objects.select_for_update(of=("self",))
        .select_related("period__unit")
        .get(pk=response.pk)
    )
    if not row.comment:
        raise ValidationError({"decision": NO_COMMENT})
    if decision not in DECISIONS:
        raise ValidationError({"decision": NOT_A_DECISION})
    if seen is not None and row.comment_status != seen:
        raise StaleVersionError(_decided_since(row))
    row.comment_status = decision
    row.save(update_fields=["comment_status"])
    review = CommentReview(response=row, status=decision, decided_by=user)
    review.full_clean()
    review.save()
    return row
