"""The expected documents of a question as a checklist the unit ticks by choosing one of
the question's files: who may tick, when, with which files, and what the page shows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, WorkPlan
from evidence.services import evidence_submit
from lke.attachments import document_match_set, question_evidence_submit
from lke.evaluation import assessment_submit, question_send_back
from lke.models import Assessment, DocumentMatch, Question
from lke.selectors.evidence import QuestionFile, assessment_files, question_evidence
from tests.factories import PDF_BYTES, PNG_BYTES, lke_assessment, lke_question, upload

pytestmark = pytest.mark.django_db

SLUG, YEAR = "kpu-kalbar", 2025


@pytest.fixture
def assessment(province: Unit) -> Assessment:
    return lke_assessment(province)


@pytest.fixture
def tim_kerja(people: dict, plan: WorkPlan, assessment: Assessment) -> QuestionFile:
    """PPA1A with one file: I.a's evidence of April."""
    action = ActionItem.objects.get(area__plan=plan, area__code="manajemen_perubahan", label="a.")
    evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("sk.pdf", PDF_BYTES)]
    )
    return assessment_files(assessment)[lke_question("PPA1A").pk][0]


def tick(
    assessment: Assessment, user: object, file: QuestionFile | None, document: int = 0
) -> DocumentMatch | None:
    question = Question.objects.get(pk=file.question_id) if file else lke_question("PPA1A")
    return document_match_set(
        assessment=assessment, question=question, document=document, file=file, user=user
    )


def test_the_coordinator_ticks_a_document_with_a_file_and_the_history_says_who(
    assessment: Assessment, people: dict, tim_kerja: QuestionFile
) -> None:
    match = tick(assessment, people["koordinator_own"], tim_kerja)
    assert (match.document, match.plan_file_id, match.direct_file_id) == (
        0,
        tim_kerja.file_id,
        None,
    )
    assert match.text == "SK Tim Kerja Pembangunan ZI menuju WBK/WBBM"
    page = question_evidence(assessment, lke_question("PPA1A"))
    assert [d.ticked for d in page.documents] == [True, False, False]
    assert page.documents[0].file == tim_kerja
    tick(assessment, people["koordinator_own"], None)  # untick
    assert not DocumentMatch.objects.exists()
    history = DocumentMatch.history.order_by("history_id")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", people["koordinator_own"]),
        ("-", people["koordinator_own"]),
    ]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("koordinator_own", True),
        ("ketua", True),
        ("sekretariat", True),
        ("koordinator_other_area", False),
        ("tpi", False),
        ("koordinator_other_unit", False),
    ],
)
def test_who_may_tick_is_who_answers_the_question_for_the_unit(
    assessment: Assessment, people: dict, tim_kerja: QuestionFile, role: str, allowed: bool
) -> None:
    if allowed:
        assert tick(assessment, people[role], tim_kerja) is not None
    else:
        with pytest.raises(PermissionDenied):
            tick(assessment, people[role], tim_kerja)
        assert not DocumentMatch.objects.exists()


def test_the_checklist_locks_with_the_answers_and_reopens_for_a_question_sent_back(
    assessment: Assessment, people: dict, tim_kerja: QuestionFile
) -> None:
    coordinator = people["koordinator_own"]
    assessment_submit(assessment=assessment, user=people["ketua"])
    with pytest.raises(ValidationError, match="sudah diajukan"):
        tick(assessment, coordinator, tim_kerja)
    with pytest.raises(ValidationError, match="sudah diajukan"):
        question_evidence_submit(
            assessment=assessment,
            question=lke_question("PPA1A"),
            user=coordinator,
            files=[upload("a.png", PNG_BYTES)],
        )
    question_send_back(
        assessment=assessment, question=lke_question("PPA1B"), user=people["tpi"], note="SK?"
    )
    with pytest.raises(ValidationError, match="sudah diajukan"):
        tick(assessment, coordinator, tim_kerja)  # PPA1A was not sent back
    question_send_back(
        assessment=assessment, question=lke_question("PPA1A"), user=people["tpi"], note="SK?"
    )
    assert tick(assessment, coordinator, tim_kerja) is not None
    version = question_evidence_submit(
        assessment=assessment,
        question=lke_question("PPA1A"),
        user=coordinator,
        files=[upload("a.png", PNG_BYTES)],
    )
    assert version.number == 1


def test_only_a_file_of_the_question_can_tick_one_of_its_documents(
    assessment: Assessment, people: dict, plan: WorkPlan, tim_kerja: QuestionFile
) -> None:
    sop = ActionItem.objects.get(area__plan=plan, area__code="manajemen_perubahan", label="b.")
    evidence_submit(
        user=people["koordinator_own"], action=sop, month=4, files=[upload("r.pdf", PDF_BYTES)]
    )
    elsewhere = assessment_files(assessment)[lke_question("PPA2A").pk][0]
    borrowed = QuestionFile(**{**elsewhere.__dict__, "question_id": tim_kerja.question_id})
    with pytest.raises(ValidationError, match="salah satu berkas"):
        tick(assessment, people["koordinator_own"], borrowed)
    with pytest.raises(ValidationError, match="tidak ada pada daftar"):
        tick(assessment, people["koordinator_own"], tim_kerja, document=3)  # PPA1A has 3


def test_a_ticked_file_replaced_by_a_new_version_asks_to_be_chosen_again(
    client: Client, assessment: Assessment, people: dict, plan: WorkPlan, tim_kerja: QuestionFile
) -> None:
    tick(assessment, people["koordinator_own"], tim_kerja)
    action = ActionItem.objects.get(area__plan=plan, area__code="manajemen_perubahan", label="a.")
    evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("sk2.pdf", PDF_BYTES)]
    )
    row = question_evidence(assessment, lke_question("PPA1A")).documents[0]
    assert row.ticked and row.stale
    client.force_login(people["koordinator_own"])
    page = reverse("lke_question_evidence", args=[SLUG, YEAR, lke_question("PPA1A").pk])
    assert "berkas versi lama yang sudah diganti" in client.get(page).content.decode()


def test_ticking_from_the_page_with_a_direct_attachment(
    client: Client, assessment: Assessment, people: dict
) -> None:
    question = lke_question("PPA2A")
    question_evidence_submit(
        assessment=assessment,
        question=question,
        user=people["koordinator_own"],
        files=[upload("rencana.pdf", PDF_BYTES)],
    )
    (attached,) = assessment_files(assessment)[question.pk]
    client.force_login(people["koordinator_own"])
    url = reverse("lke_document_tick", args=[SLUG, YEAR, question.pk])
    response = client.post(url, {"document": "2", "file": attached.key})
    assert response.status_code == 302
    assert response["Location"].endswith("/bukti/#dokumen")
    match = DocumentMatch.objects.get()
    assert (match.document, match.direct_file_id) == (2, attached.file_id)
    body = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'data-document="2" data-ticked="ya"' in body
    assert "Dipenuhi oleh: <strong>rencana.pdf</strong>" in body
    refused = client.post(url, {"document": "2", "file": "plan:999999"}, follow=True)
    assert "plan:999999 bukan salah satu dari pilihan yang tersedia" in refused.content.decode()
    assert DocumentMatch.objects.get().direct_file_id == attached.file_id
    client.force_login(people["tpi"])
    assert client.post(url, {"document": "2", "file": ""}).status_code == 403
    assert DocumentMatch.objects.exists()


def test_a_count_item_is_ticked_on_its_first_question(assessment: Assessment, people: dict) -> None:
    first, second = lke_question(row=176), lke_question(row=177)
    assert first.expected_documents and not second.expected_documents
    page = question_evidence(assessment, second)
    assert page.question == first and page.code == "PRE3A"
    with pytest.raises(ValidationError, match="pertanyaan pertama"):
        document_match_set(
            assessment=assessment, question=second, document=0, file=None, user=people["ketua"]
        )


def test_the_admin_reads_attachments_and_ticks_without_changing_them(
    client: Client, assessment: Assessment, people: dict, tim_kerja: QuestionFile
) -> None:
    tick(assessment, people["koordinator_own"], tim_kerja)
    question_evidence_submit(
        assessment=assessment,
        question=lke_question("PPA1A"),
        user=people["koordinator_own"],
        files=[upload("notulen.pdf", PDF_BYTES)],
    )
    client.force_login(people["admin"])
    for name in ("questionevidencefile", "documentmatch"):
        listing = client.get(reverse(f"admin:lke_{name}_changelist"))
        assert listing.status_code == 200
        assert client.get(reverse(f"admin:lke_{name}_add")).status_code == 403
    body = client.get(reverse("admin:lke_questionevidencefile_changelist")).content.decode()
    assert "notulen.pdf" in body


def test_a_tick_follows_a_kept_attachment_and_goes_with_one_let_go(
    assessment: Assessment, people: dict
) -> None:
    question, user = lke_question("PPA2A"), people["koordinator_own"]

    def attach(files: list, keep: list[int] | None = None) -> None:
        question_evidence_submit(
            assessment=assessment, question=question, user=user, files=files, keep=keep
        )

    attach([upload("rencana.pdf", PDF_BYTES)])
    (first,) = assessment_files(assessment)[question.pk]
    document_match_set(assessment=assessment, question=question, document=0, file=first, user=user)
    attach([upload("foto.png", PNG_BYTES)])  # keeps rencana.pdf
    kept, photo = assessment_files(assessment)[question.pk]
    assert DocumentMatch.objects.get().direct_file_id == kept.file_id
    assert question_evidence(assessment, question).documents[0].file == kept
    attach([], keep=[photo.file_id])  # lets rencana.pdf go
    assert not DocumentMatch.objects.exists()
    assert DocumentMatch.history.filter(history_type="-").get().history_user == user
