"""Decree versions are honest: the same content gives back the issued version, a change
needs a reason and is recorded, a superseded version says so where it is verified and listed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from areas.models import ActionItem, DecreeClause, MonthlyTarget, Paragraph, WorkPlan
from common.formatting import datetime_text
from reports.models import ReportJob
from reports.services import job_output_bytes, job_run

pytestmark = pytest.mark.django_db
EXPORT = {"kind": "keputusan", "year": "2025"}
REASON = "Rencana aksi Area I diperjelas sesuai hasil rapat evaluasi."


@pytest.fixture
def issued(people: dict, plan: WorkPlan, issue_rendered_decree) -> ReportJob:
    job = issue_rendered_decree(people["sekretariat"])
    assert job.version == 1 and job.content_sha256
    return job


@pytest.fixture
def sekretariat(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


def edit_the_plan(plan: WorkPlan) -> None:
    """One change in each part: a clause, a paragraph, an action item, a target cell."""
    clause = DecreeClause.objects.filter(plan=plan, kind="menimbang").order_by("order").first()
    clause.text = clause.text + " (diubah)"
    clause.save()
    paragraph = Paragraph.objects.filter(section__plan=plan).order_by("section__order", "order")[0]
    paragraph.text = "Paragraf yang ditulis ulang."
    paragraph.save()
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    action.text = "Memperbaharui Tim ZI dengan mekanisme yang jelas dan terukur."
    action.save()
    cell = MonthlyTarget.objects.filter(component__plan=plan).order_by("pk").first()
    cell.percent = Decimal("62.5")
    cell.save()


def test_exporting_an_unchanged_decree_gives_back_the_issued_version(
    sekretariat: Client, issued: ReportJob
) -> None:
    response = sekretariat.post(reverse("job_create", args=["kpu-kalbar"]), EXPORT, follow=True)
    assert response.redirect_chain[-1][0] == reverse("job_detail", args=[issued.pk])
    assert "tidak berubah sejak versi 1" in response.content.decode()
    assert ReportJob.objects.count() == 1  # no new version, same Nomor and date


def test_a_changed_plan_shows_what_changed_and_asks_for_a_reason(
    sekretariat: Client, issued: ReportJob, plan: WorkPlan
) -> None:
    edit_the_plan(plan)
    response = sekretariat.post(reverse("job_create", args=["kpu-kalbar"]), EXPORT)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rencana kerja berubah sejak versi 1" in page
    assert "1 klausul, 1 paragraf, 1 rencana aksi dan 1 sel target berubah." in page
    assert "Memperbaharui Tim ZI dengan mekanisme yang jelas dan terukur." in page
    assert ": 62,5</td>" in page  # the cell, formatted the Indonesian way
    assert 'name="reason"' in page and 'name="base_version" value="1"' in page
    assert ReportJob.objects.count() == 1


def test_a_missing_or_short_reason_is_refused_next_to_the_field(
    sekretariat: Client, issued: ReportJob, plan: WorkPlan
) -> None:
    edit_the_plan(plan)
    url = reverse("job_create", args=["kpu-kalbar"])
    for reason in ("", "ok"):
        response = sekretariat.post(url, {**EXPORT, "base_version": "1", "reason": reason})
        assert response.status_code == 422
        assert "Tuliskan alasan perubahan, paling sedikit 10 karakter." in response.content.decode()
    assert ReportJob.objects.count() == 1


def test_a_confirmation_against_an_older_version_is_shown_again(
    sekretariat: Client, issued: ReportJob, plan: WorkPlan
) -> None:
    edit_the_plan(plan)
    url = reverse("job_create", args=["kpu-kalbar"])
    response = sekretariat.post(url, {**EXPORT, "base_version": "7", "reason": REASON})
    assert response.status_code == 422
    assert "Versi 1 diterbitkan sementara Anda mengisi" in response.content.decode()
    assert ReportJob.objects.count() == 1


def test_a_confirmed_change_issues_a_new_version_recording_reason_and_changes(
    sekretariat: Client, issued: ReportJob, plan: WorkPlan
) -> None:
    edit_the_plan(plan)
    url = reverse("job_create", args=["kpu-kalbar"])
    response = sekretariat.post(url, {**EXPORT, "base_version": "1", "reason": REASON})
    job = ReportJob.objects.exclude(pk=issued.pk).get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.change_reason == REASON
    job = job_run(job_id=job.pk)
    assert (job.status, job.version) == ("selesai", 2), job.error
    assert {c["bagian"] for c in job.changes} == {
        "Klausul",
        "Paragraf",
        "Rencana aksi",
        "Sel target",
    }
    assert job.content_sha256 != issued.content_sha256
    action = next(c for c in job.changes if c["bagian"] == "Rencana aksi")
    assert action["jenis"] == "diubah"
    assert action["sesudah"].endswith(
        "Memperbaharui Tim ZI dengan mekanisme yang jelas dan terukur."
    )
    page = sekretariat.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Perubahan dari versi 1: 1 klausul, 1 paragraf, 1 rencana aksi dan 1 sel target" in page
    assert f"Alasan perubahan: {REASON}" in page
    # exporting again now gives back version 2
    again = sekretariat.post(url, EXPORT)
    assert again["Location"] == reverse("job_detail", args=[job.pk])
    assert ReportJob.objects.count() == 2


def second_version(issued: ReportJob, people: dict) -> ReportJob:
    """Version 2 as a row (its render is not what these tests are about)."""
    return ReportJob.objects.create(
        kind="keputusan",
        unit=issued.unit,
        year=2025,
        requested_by=people["sekretariat"],
        status="selesai",
        version=2,
        finished_at=timezone.now(),
        change_reason=REASON,
        sha256="b" * 64,
    )


def test_the_verification_page_of_a_superseded_version_names_and_links_its_successor(
    client: Client, issued: ReportJob, people: dict
) -> None:
    newer = second_version(issued, people)
    page = client.get(reverse("verify", args=[issued.code])).content.decode()
    assert "telah <strong>digantikan</strong>" in page
    assert f'href="{reverse("verify", args=[newer.code])}">versi 2</a>' in page
    assert datetime_text(newer.finished_at) in page
    assert REASON not in page  # the reason is for the portal's users, not the public page
    upload = SimpleUploadedFile("k.pdf", job_output_bytes(issued), "application/pdf")
    checked = client.post(reverse("verify", args=[issued.code]), {"file": upload})
    assert checked.status_code == 200
    assert "Namun versi 1 ini telah digantikan oleh versi 2" in checked.content.decode()
    # the newest version says nothing of the kind, and names the version it replaced
    latest = client.get(reverse("verify", args=[newer.code])).content.decode()
    assert "digantikan</strong>" not in latest
    assert "<th>Menggantikan</th><td>versi 1</td>" in latest


def test_the_documents_list_marks_superseded_versions_in_one_query(
    sekretariat: Client, issued: ReportJob, people: dict, django_assert_num_queries
) -> None:
    second_version(issued, people)
    for month in (3, 4):
        ReportJob.objects.create(
            kind="laporan",
            unit=issued.unit,
            year=2025,
            month=month,
            requested_by=people["sekretariat"],
            status="selesai",
            version=1,
            finished_at=timezone.now(),
        )
    url = reverse("job_list", args=["kpu-kalbar"])
    sekretariat.get(url)  # warm the session and the unit caches
    # 11: the 8 of the decree's list, the unit's assessments (the LHE buttons), and the
    # survey row's years and active desks
    with django_assert_num_queries(11):
        page = sekretariat.get(url).content.decode()
    assert page.count('data-testid="superseded"') == 1
    assert "digantikan versi 2" in page


def test_the_job_page_of_a_superseded_version_links_its_successor(
    sekretariat: Client, issued: ReportJob, people: dict
) -> None:
    newer = second_version(issued, people)
    page = sekretariat.get(reverse("job_detail", args=[issued.pk])).content.decode()
    assert "Versi 1 ini telah digantikan oleh" in page
    assert f'href="{reverse("job_detail", args=[newer.pk])}">versi 2</a>' in page
    latest = sekretariat.get(reverse("job_detail", args=[newer.pk])).content.decode()
    assert "telah digantikan" not in latest


def test_an_uploaded_figure_is_a_change_that_needs_a_reason(
    sekretariat: Client, issued: ReportJob, plan: WorkPlan
) -> None:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(png, format="PNG")
    paragraph = Paragraph.objects.filter(section__plan=plan).exclude(figure="").get()
    paragraph.figure_image = SimpleUploadedFile("model.png", png.getvalue(), "image/png")
    paragraph.save()
    response = sekretariat.post(reverse("job_create", args=["kpu-kalbar"]), EXPORT)
    assert response.status_code == 200
    assert "1 paragraf berubah." in response.content.decode()
    assert ReportJob.objects.count() == 1


def test_the_fingerprint_does_not_depend_on_the_language_in_use(plan: WorkPlan) -> None:
    from django.utils import translation

    from reports.versions import decree_snapshot

    with translation.override("id"):
        indonesian = decree_snapshot(plan)
    with translation.override("en"):
        english = decree_snapshot(plan)
    assert english == indonesian
