"""A question's files: the evidence of the plan's action items that name it (accepted
first, current versions only, this unit and year) and the files attached to it directly
(typed by content, capped while streaming, versioned, private)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from access.models import AreaCode, Unit
from areas.models import ActionItem, WorkPlan
from evidence.models import Evidence, EvidenceVersion
from evidence.services import evidence_review, evidence_submit
from lke.attachments import document_match_set, question_evidence_submit
from lke.models import Assessment, QuestionEvidence, QuestionEvidenceVersion
from lke.selectors.evidence import assessment_files, open_file, worksheet_items
from tests.factories import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    lke_assessment,
    lke_question,
    upload,
    user_with_role,
)

pytestmark = pytest.mark.django_db

SLUG, YEAR = "kpu-kalbar", 2025


@pytest.fixture
def assessment(province: Unit, people: dict) -> Assessment:
    people["koordinator_all"] = user_with_role("k-semua", province, "koordinator", AreaCode.values)
    return lke_assessment(province)


def action(plan: WorkPlan, area: str, label: str) -> ActionItem:
    return ActionItem.objects.get(area__plan=plan, area__code=area, label=label)


def plan_evidence(
    people: dict, item: ActionItem, month: int, name: str, decision: str = ""
) -> EvidenceVersion:
    """Evidence of an action item for a month, reviewed by the TPI when ``decision``."""
    version = evidence_submit(
        user=people["koordinator_all"],
        action=item,
        month=month,
        files=[upload(name, PDF_BYTES + name.encode())],
    )
    if decision:
        comment = "Kurang tanda tangan." if decision == Evidence.Status.DITOLAK else ""
        evidence_review(
            user=people["tpi"],
            evidence=version.evidence,
            decision=decision,
            comment=comment,
            version_number=version.number,
        )
    return version


def page_url(question: Any) -> str:
    return reverse("lke_question_evidence", args=[SLUG, YEAR, question.pk])


def attach_url(question: Any) -> str:
    return reverse("lke_question_attach", args=[SLUG, YEAR, question.pk])


def test_a_question_shows_the_evidence_of_its_action_items_accepted_first(
    people: dict, plan: WorkPlan, assessment: Assessment
) -> None:
    tim = action(plan, "manajemen_perubahan", "a.")  # names PPA1A and PPA1B
    plan_evidence(people, tim, 4, "april.pdf")
    plan_evidence(people, tim, 5, "mei.pdf", Evidence.Status.DITERIMA)
    plan_evidence(people, tim, 6, "juni.pdf", Evidence.Status.DITOLAK)

    files = assessment_files(assessment)

    for code in ("PPA1A", "PPA1B"):
        rows = files[lke_question(code).pk]
        assert [(f.name, f.month, f.status) for f in rows] == [
            ("mei.pdf", 5, Evidence.Status.DITERIMA),
            ("april.pdf", 4, Evidence.Status.DIUNGGAH),
            ("juni.pdf", 6, Evidence.Status.DITOLAK),
        ]
        assert {f.code for f in rows} == {code}
        assert {f.source for f in rows} == {"plan"}
        assert rows[0].action_label.startswith("I.a Memperbaharui Tim Pembangunan")
    assert lke_question("PPA2A").pk not in files  # no action item with evidence names it


def test_only_the_current_version_of_an_evidence_counts(
    people: dict, plan: WorkPlan, assessment: Assessment
) -> None:
    tim = action(plan, "manajemen_perubahan", "a.")
    plan_evidence(people, tim, 4, "lama.pdf")
    plan_evidence(people, tim, 4, "baru.pdf")
    rows = assessment_files(assessment)[lke_question("PPA1A").pk]
    assert [f.name for f in rows] == ["baru.pdf"]


def test_the_files_carry_what_the_package_needs_and_open_from_private_storage(
    people: dict, plan: WorkPlan, assessment: Assessment, private_root: Path
) -> None:
    version = plan_evidence(people, action(plan, "manajemen_perubahan", "a."), 4, "sk.pdf")
    stored = version.files.get()
    (f,) = assessment_files(assessment)[lke_question("PPA1A").pk]
    assert (f.file_id, f.sha256, f.size, f.path) == (
        stored.pk,
        stored.sha256,
        stored.size,
        stored.file.name,
    )
    assert (private_root / f.path).is_file()
    with open_file(f) as handle:
        assert handle.read() == PDF_BYTES + b"sk.pdf"


def test_a_count_items_evidence_hangs_from_its_first_question(
    people: dict, plan: WorkPlan, assessment: Assessment
) -> None:
    """V.19 (Laporan Harta) names PRE3A and PRE3B, two runs of count questions."""
    plan_evidence(people, action(plan, "pengawasan", "19."), 4, "lhkpn.pdf")
    files = assessment_files(assessment)
    first_lhkpn, second_lhkpn = lke_question(row=176), lke_question(row=177)
    first_non_lhkpn = lke_question(row=183)
    assert [f.code for f in files[first_lhkpn.pk]] == ["PRE3A"]
    assert [f.code for f in files[first_non_lhkpn.pk]] == ["PRE3B"]
    assert second_lhkpn.pk not in files
    items = worksheet_items(assessment.worksheet)
    assert items.code_of[second_lhkpn.pk] == "PRE3A"
    assert items.holder(second_lhkpn.pk) == first_lhkpn.pk


def test_another_units_evidence_does_not_count(
    people: dict, plan: WorkPlan, sambas: Unit, assessment: Assessment
) -> None:
    theirs = ActionItem.objects.get(
        area__plan__unit=sambas, area__code="manajemen_perubahan", label="a."
    )
    assert theirs.lke_codes == ["PPA1A", "PPA1B"]  # the copy kept the mapping
    coordinator = user_with_role("k-sambas-2", sambas, "koordinator", ["manajemen_perubahan"])
    evidence_submit(user=coordinator, action=theirs, month=4, files=[upload("x.pdf", PDF_BYTES)])
    assert assessment_files(assessment) == {}
    assert len(assessment_files(lke_assessment(sambas))[lke_question("PPA1A").pk]) == 1


def test_assessment_files_runs_the_same_queries_for_one_file_or_many(
    people: dict, plan: WorkPlan, assessment: Assessment, django_assert_num_queries: Any
) -> None:
    plan_evidence(people, action(plan, "manajemen_perubahan", "a."), 4, "satu.pdf")
    with django_assert_num_queries(5):
        assert len(assessment_files(assessment)) == 2
    for label in ("b.", "c.", "d.", "e.", "f.", "g."):
        for month in (4, 5):
            plan_evidence(people, action(plan, "manajemen_perubahan", label), month, "n.pdf")
    question = lke_question("PPA2A")
    question_evidence_submit(
        assessment=assessment,
        question=question,
        user=people["koordinator_own"],
        files=[upload("langsung.pdf", PDF_BYTES), upload("foto.png", PNG_BYTES)],
    )
    with django_assert_num_queries(5):
        files = assessment_files(assessment)
    assert len(files) == 13
    # a. 1 file × 2 codes; b.–g. 2 months × (3 + 1 + 1 + 2 + 4 + 3 codes); 2 attached
    assert sum(len(rows) for rows in files.values()) == 2 + 2 * 14 + 2


def test_a_question_page_lists_the_plan_evidence_with_month_and_status(
    client: Client, people: dict, plan: WorkPlan, assessment: Assessment
) -> None:
    tim = action(plan, "manajemen_perubahan", "a.")
    plan_evidence(people, tim, 4, "april.pdf")
    plan_evidence(people, tim, 5, "mei.pdf", Evidence.Status.DITERIMA)
    client.force_login(people["tpi"])
    body = client.get(page_url(lke_question("PPA1A"))).content.decode()
    table = body[body.index('data-testid="plan-files"') :]
    assert table.index("mei.pdf") < table.index("april.pdf")
    assert 'data-status="diterima"' in table and "Mei" in table and "April" in table
    assert "Tim Kerja (Area I)" in body
    assert 'data-testid="attach-form"' not in body  # the TPI reads, the unit attaches


# Direct attachments


def test_a_file_pretending_to_be_a_pdf_is_refused_and_nothing_is_stored(
    client: Client, people: dict, assessment: Assessment, private_root: Path
) -> None:
    question = lke_question("PPA2A")
    with pytest.raises(ValidationError, match="jenis berkas tidak diizinkan"):
        question_evidence_submit(
            assessment=assessment,
            question=question,
            user=people["koordinator_own"],
            files=[upload("laporan.pdf", EXE_BYTES, "application/pdf")],
        )
    client.force_login(people["koordinator_own"])
    response = client.post(
        attach_url(question), {"files": [upload("laporan.pdf", EXE_BYTES, "application/pdf")]}
    )
    assert response.status_code == 422
    assert "laporan.pdf: jenis berkas tidak diizinkan" in response.content.decode()
    assert not QuestionEvidence.objects.exists()
    assert not any(p.is_file() for p in private_root.rglob("*"))


def test_a_file_over_the_cap_is_refused_while_it_streams(
    client: Client, people: dict, assessment: Assessment, private_root: Path, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    big = upload("besar.pdf", PDF_BYTES + b"0" * (200 * 1024), "application/pdf")
    client.force_login(people["koordinator_own"])
    response = client.post(attach_url(lke_question("PPA2A")), {"files": [big]})
    assert response.status_code == 422
    assert "besar.pdf: melebihi batas ukuran 64 KB" in response.content.decode()
    assert not QuestionEvidence.objects.exists()
    assert not any(p.is_file() for p in private_root.rglob("*"))


def test_attachments_are_versions_that_keep_or_let_go_of_the_current_files(
    client: Client, people: dict, assessment: Assessment
) -> None:
    question = lke_question("PPA2A")
    client.force_login(people["koordinator_own"])
    first = client.post(attach_url(question), {"files": [upload("a.pdf", PDF_BYTES)]})
    assert first.status_code == 302
    (a,) = assessment_files(assessment)[question.pk]
    second = client.post(
        attach_url(question), {"files": [upload("b.png", PNG_BYTES)], "keep": [a.file_id]}
    )
    assert second.status_code == 302
    kept, added = assessment_files(assessment)[question.pk]
    assert (kept.name, added.name) == ("a.pdf", "b.png")
    assert (kept.path, kept.sha256) == (a.path, a.sha256)  # the stored file is shared
    assert kept.file_id != a.file_id  # a row of the new version
    b = assessment_files(assessment)[question.pk][1]
    third = client.post(attach_url(question), {"keep": [b.file_id], "note": "a.pdf diganti"})
    assert third.status_code == 302
    assert [f.name for f in assessment_files(assessment)[question.pk]] == ["b.png"]
    versions = QuestionEvidenceVersion.objects.filter(evidence__question=question)
    assert list(versions.values_list("number", flat=True)) == [3, 2, 1]
    history = QuestionEvidenceVersion.history.filter(evidence_id=versions[0].evidence_id)
    assert {h.history_user for h in history} == {people["koordinator_own"]}
    nothing = client.post(attach_url(question), {"keep": [b.file_id]})
    assert nothing.status_code == 422  # no new file and nothing let go: no new version


def test_attached_files_download_for_readers_of_the_units_lke_only(
    client: Client, people: dict, assessment: Assessment, sambas: Unit
) -> None:
    question = lke_question("PPA2A")
    question_evidence_submit(
        assessment=assessment,
        question=question,
        user=people["koordinator_own"],
        files=[upload("bukti.pdf", PDF_BYTES)],
    )
    (f,) = assessment_files(assessment)[question.pk]
    url = reverse("lke_attachment", args=[SLUG, YEAR, f.file_id])
    expected = {
        "koordinator_other_area": 200,
        "tpi": 200,
        "ketua": 200,
        "ketua_other_unit": 404,
        "koordinator_other_unit": 404,
    }
    for role, status in expected.items():
        client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Disposition"].startswith('attachment; filename="bukti.pdf"')
            assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(url).status_code == 302
    # the file through another unit's URL (a unit whose LKE the user reads) is not found
    lke_assessment(sambas)
    client.force_login(people["admin"])
    other = reverse("lke_attachment", args=["kpu-sambas", YEAR, f.file_id])
    assert client.get(other).status_code == 404


def test_the_question_page_runs_the_same_queries_for_one_file_or_many(
    client: Client, people: dict, plan: WorkPlan, assessment: Assessment
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    question = lke_question("PPA3A")  # named by I.e, its six sub-items and I.g
    client.force_login(people["koordinator_own"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(question)).status_code == 200
        return len(captured)

    plan_evidence(people, action(plan, "manajemen_perubahan", "g."), 4, "satu.pdf")
    one = queries()
    for label in ("e.", "1)", "2)", "3)"):
        for month in (4, 5, 6):
            plan_evidence(people, action(plan, "manajemen_perubahan", label), month, "n.pdf")
    question_evidence_submit(
        assessment=assessment,
        question=question,
        user=people["koordinator_own"],
        files=[upload("a.pdf", PDF_BYTES), upload("b.png", PNG_BYTES)],
    )
    files = assessment_files(assessment)[question.pk]
    for index, f in enumerate(files[:3]):
        document_match_set(
            assessment=assessment,
            question=question,
            document=index,
            file=f,
            user=people["koordinator_own"],
        )
    assert len(files) == 1 + 12 + 2
    assert queries() == one
