"""Moderating respondents' comments (surveys.comments.comment_moderate): the Sekretariat
approves or rejects; each decision is recorded with who and when in the same transaction;
a decision based on a stale page is refused; nobody else decides."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.models import Unit
from surveys.comments import comment_moderate
from surveys.models import CommentReview, Response
from surveys.responses import Profile, Submission, responses_create
from tests.survey_support import SKM_CODES, period_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)


def commented(unit: Unit, comment: str = "Petugas ramah, antrean panjang.") -> Response:
    period_make(unit, 2025, 2)
    (response,) = responses_create(
        unit=unit,
        kind="skm",
        submissions=[
            Submission(
                values=dict.fromkeys(SKM_CODES, 3),
                profile=Profile(comment=comment),
                service_date=DAY,
            )
        ],
        user=None,
    )
    return Response.objects.select_related("period__unit").get(pk=response.pk)


def moderate_url(unit: Unit, response: Response) -> str:
    return reverse("survey_comment_moderate", args=[unit.slug, response.pk])


def test_the_sekretariat_approves_and_the_decision_is_recorded(
    client: Client, people: dict, province: Unit
) -> None:
    response = commented(province)
    client.force_login(people["sekretariat"])
    data = {"decision": "disetujui", "seen": "menunggu", "komentar": "menunggu", "halaman": "1"}
    answer = client.post(moderate_url(province, response), data)
    assert answer.status_code == 302
    assert answer["Location"].endswith(
        f"?triwulan=2&survei=skm&komentar=menunggu&halaman=1#r{response.pk}"
    )
    response.refresh_from_db()
    assert response.comment_status == Response.CommentStatus.APPROVED
    review = CommentReview.objects.get(response=response)
    assert (review.status, review.decided_by) == ("disetujui", people["sekretariat"])
    body = client.get(
        answer["Location"].split("#")[0].replace("komentar=menunggu", "komentar=")
    ).content.decode()
    assert "disetujui untuk publik" in body and "Disetujui untuk publik" in body


def test_a_rejected_comment_can_be_approved_later_and_both_decisions_stay(
    people: dict, province: Unit
) -> None:
    response = commented(province)
    comment_moderate(
        user=people["sekretariat"], response=response, decision="ditolak", seen="menunggu"
    )
    comment_moderate(user=people["admin"], response=response, decision="disetujui", seen="ditolak")
    decisions = list(
        CommentReview.objects.filter(response=response)
        .order_by("decided_at", "pk")
        .values_list("status", "decided_by")
    )
    assert decisions == [("ditolak", people["sekretariat"].pk), ("disetujui", people["admin"].pk)]


def test_a_decision_on_a_stale_page_is_refused(
    client: Client, people: dict, province: Unit
) -> None:
    response = commented(province)
    comment_moderate(user=people["admin"], response=response, decision="ditolak", seen="menunggu")
    client.force_login(people["sekretariat"])
    answer = client.post(
        moderate_url(province, response), {"decision": "disetujui", "seen": "menunggu"}, follow=True
    )
    assert "Komentar ini sudah diputuskan oleh admin-uji" in answer.content.decode()
    response.refresh_from_db()
    assert response.comment_status == Response.CommentStatus.REJECTED
    assert CommentReview.objects.filter(response=response).count() == 1


def test_an_odd_decision_or_no_comment_is_refused_and_nothing_is_recorded(
    client: Client, people: dict, province: Unit
) -> None:
    response = commented(province)
    client.force_login(people["sekretariat"])
    answer = client.post(moderate_url(province, response), {"decision": "menunggu"}, follow=True)
    assert "Pilih Setujui atau Tolak." in answer.content.decode()
    with pytest.raises(ValidationError) as caught:
        comment_moderate(user=people["sekretariat"], response=response, decision="publik")
    assert caught.value.message_dict == {"decision": ["Pilih Setujui atau Tolak."]}
    (silent,) = responses_create(
        unit=province,
        kind="skm",
        submissions=[Submission(values=dict.fromkeys(SKM_CODES, 4), service_date=DAY)],
        user=None,
    )
    silent = Response.objects.select_related("period__unit").get(pk=silent.pk)
    with pytest.raises(ValidationError, match="tidak berisi komentar"):
        comment_moderate(user=people["sekretariat"], response=silent, decision="disetujui")
    assert not CommentReview.objects.exists()
    response.refresh_from_db()
    assert response.comment_status == Response.CommentStatus.PENDING


@pytest.mark.parametrize("role", ["ketua", "tpi", "koordinator_own"])
def test_only_the_sekretariat_decides(
    client: Client, people: dict, province: Unit, role: str
) -> None:
    response = commented(province)
    with pytest.raises(PermissionDenied):
        comment_moderate(user=people[role], response=response, decision="disetujui")
    client.force_login(people[role])
    assert (
        client.post(moderate_url(province, response), {"decision": "disetujui"}).status_code == 403
    )
    response.refresh_from_db()
    assert response.comment_status == Response.CommentStatus.PENDING


def test_another_units_response_is_not_found(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    theirs = commented(sambas)
    client.force_login(people["sekretariat"])
    assert client.post(moderate_url(province, theirs), {"decision": "disetujui"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.comment_status == Response.CommentStatus.PENDING


def test_the_status_is_not_changed_when_its_record_cannot_be_written(province: Unit) -> None:
    from django.contrib.auth import get_user_model

    response = commented(province)
    unsaved_admin = get_user_model()(username="belum-disimpan", is_superuser=True)
    with pytest.raises(ValidationError):  # the record has no one to name
        comment_moderate(user=unsaved_admin, response=response, decision="disetujui")
    response.refresh_from_db()
    assert response.comment_status == Response.CommentStatus.PENDING
    assert not CommentReview.objects.exists()
