"""With English chosen, pages still rank and colour by values, never by translated labels.

The labels follow the language (``Evidence.Status.DITERIMA.label`` is "Accepted" in
English); ranks, badges and notices must come from the stored values.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from access.models import AreaCode, Unit
from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence, EvidenceVersion
from evidence.services import evidence_review, evidence_submit
from lke.attachments import document_match_set
from lke.models import Assessment
from lke.selectors.evidence import assessment_files
from tests.factories import PDF_BYTES, lke_assessment, lke_question, upload, user_with_role

pytestmark = pytest.mark.django_db

SLUG, YEAR = "kpu-kalbar", 2025
AREA_I = "manajemen_perubahan"


@pytest.fixture
def english(client: Client) -> Client:
    """The client as a user who chose English with the language selector."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def coordinator(province: Unit, people: dict) -> object:
    return user_with_role("k-semua", province, "koordinator", AreaCode.values)


def evidence_of(
    people: dict, coordinator: object, item: ActionItem, month: int, name: str, decision: str = ""
) -> EvidenceVersion:
    version = evidence_submit(
        user=coordinator, action=item, month=month, files=[upload(name, PDF_BYTES + name.encode())]
    )
    if decision:
        evidence_review(
            user=people["tpi"],
            evidence=version.evidence,
            decision=decision,
            comment="Kurang tanda tangan." if decision == Evidence.Status.DITOLAK else "",
            version_number=version.number,
        )
    return version


def team_item(plan: WorkPlan) -> ActionItem:
    """I.a, which names PPA1A and PPA1B."""
    return ActionItem.objects.get(area__plan=plan, area__code=AREA_I, label="a.")


def rows_by_name(table: str) -> dict[str, str]:
    """File name → its table row (the row's HTML)."""
    rows = re.findall(r"<tr data-status.*?</tr>", table, flags=re.S)
    return {re.search(r">([^<>]+\.pdf)</a>", row).group(1): row for row in rows}


def badge(row: str) -> tuple[str, str]:
    """The row's badge: (its colour class, its words)."""
    found = re.search(r'<span class="badge (text-bg-\w+)">([^<]+)</span>', row)
    return found.group(1), found.group(2)


def test_the_evidence_page_ranks_and_colours_by_status_in_english(
    english: Client, people: dict, coordinator: object, plan: WorkPlan, province: Unit
) -> None:
    assessment = lke_assessment(province)
    item = team_item(plan)
    evidence_of(people, coordinator, item, 4, "april.pdf")
    evidence_of(people, coordinator, item, 5, "mei.pdf", Evidence.Status.DITERIMA)
    evidence_of(people, coordinator, item, 3, "maret.pdf", Evidence.Status.DITOLAK)
    english.force_login(people["tpi"])
    question = lke_question("PPA1A")
    url = reverse("lke_question_evidence", args=[SLUG, YEAR, question.pk])
    body = english.get(url).content.decode()
    assert 'lang="en"' in body
    table = body[body.index('data-testid="plan-files"') :]
    assert table.index("mei.pdf") < table.index("april.pdf") < table.index("maret.pdf")
    rows = rows_by_name(table)
    assert badge(rows["mei.pdf"]) == ("text-bg-success", "Accepted")
    assert badge(rows["april.pdf"]) == ("text-bg-warning", "Uploaded")
    assert badge(rows["maret.pdf"]) == ("text-bg-danger", "Rejected")
    assert 'data-status="diterima"' in rows["mei.pdf"]
    assert assessment.pk


def test_files_are_ranked_accepted_first_whatever_the_active_language(
    people: dict, coordinator: object, plan: WorkPlan, province: Unit
) -> None:
    assessment = lke_assessment(province)
    item = team_item(plan)
    evidence_of(people, coordinator, item, 3, "maret.pdf", Evidence.Status.DITOLAK)
    evidence_of(people, coordinator, item, 4, "april.pdf")
    evidence_of(people, coordinator, item, 5, "mei.pdf", Evidence.Status.DITERIMA)
    for language in ("id", "en"):
        with translation.override(language):
            rows = assessment_files(assessment)[lke_question("PPA1A").pk]
            assert [f.name for f in rows] == ["mei.pdf", "april.pdf", "maret.pdf"], language
    with translation.override("en"):
        assert [f.status_label for f in rows] == ["Accepted", "Uploaded", "Rejected"]


def test_a_ticked_document_names_its_files_status_in_english(
    english: Client, people: dict, coordinator: object, plan: WorkPlan, province: Unit
) -> None:
    assessment = lke_assessment(province)
    evidence_of(people, coordinator, team_item(plan), 5, "sk.pdf", Evidence.Status.DITERIMA)
    question = lke_question("PPA1A")
    (chosen,) = assessment_files(assessment)[question.pk]
    document_match_set(
        assessment=assessment, question=question, document=0, file=chosen, user=people["ketua"]
    )
    english.force_login(people["ketua"])
    url = reverse("lke_question_evidence", args=[SLUG, YEAR, question.pk])
    body = english.get(url).content.decode()
    assert "<strong>sk.pdf</strong> (Accepted)" in body


def test_the_lke_pages_of_a_completed_evaluation_say_so_in_english(
    english: Client, people: dict, province: Unit
) -> None:
    lke_assessment(province, state=Assessment.State.COMPLETED)
    english.force_login(people["ketua"])
    comparison = english.get(reverse("lke_comparison", args=[SLUG, YEAR])).content.decode()
    assert 'lang="en"' in comparison
    assert "Evaluasi TPI selesai" in comparison and "belum selesai" not in comparison
    tpi_area = reverse("lke_tpi_area", args=[SLUG, YEAR, AREA_I])
    assert "Evaluasi TPI sudah selesai." in english.get(tpi_area).content.decode()
    for name, more in (("lke_overview", ()), ("lke_area", (AREA_I,))):
        response = english.get(reverse(name, args=[SLUG, YEAR, *more]))
        assert response.status_code == 200, name
    dashboard = reverse("dashboard", args=[SLUG]) + f"?tahun={YEAR}"
    body = english.get(dashboard).content.decode()
    panel = body[body.index('data-testid="lke-evaluation-state"') - 80 :]
    assert "text-bg-success" in panel.split("</span>", 1)[0]


def test_the_evidence_badges_elsewhere_follow_the_status_in_english(
    english: Client, people: dict, coordinator: object, plan: WorkPlan
) -> None:
    item = team_item(plan)
    version = evidence_of(people, coordinator, item, 4, "april.pdf", Evidence.Status.DITOLAK)
    english.force_login(people["koordinator_own"])
    page = reverse("evidence_action", args=[SLUG, YEAR, 4, item.pk])
    body = english.get(page).content.decode()
    assert re.search(r'badge fs-6 text-bg-danger" data-testid="evidence-status">Rejected<', body)
    assert re.search(r'class="alert alert-danger" data-testid="review-comment"', body)
    progress = reverse("progress_month", args=[SLUG]) + f"?tahun={YEAR}&bulan=4"
    body = english.get(progress).content.decode()
    assert re.search(r'badge text-bg-danger" data-testid="evidence-status">Rejected<', body)
    assert version.evidence.status == Evidence.Status.DITOLAK
