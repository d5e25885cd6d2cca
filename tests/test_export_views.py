"""Export pages and job rules: who may export and download, one render per document at a time."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from access.models import Unit
from areas.models import Component, WorkPlan
from reports.models import Notice, ReportJob
from reports.reminders import reminders_send
from reports.services import job_output_bytes, job_request, job_run
from targets.models import ProgressEntry

pytestmark = pytest.mark.django_db


def test_two_requests_for_the_same_document_share_one_job(
    people: dict, province: Unit, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first, created = job_request(
            user=people["sekretariat"], kind="keputusan", unit=province, year=2025
        )
    assert len(callbacks) == 1  # sent after commit
    with django_capture_on_commit_callbacks(execute=True) as callbacks_again:
        second, created_again = job_request(
            user=people["admin"], kind="keputusan", unit=province, year=2025
        )
    assert created and not created_again
    assert first.pk == second.pk
    assert callbacks_again == []  # already sent: not sent twice
    other, created = job_request(
        user=people["sekretariat"], kind="laporan", unit=province, year=2025, month=4
    )
    assert created and other.pk != first.pk


@pytest.mark.parametrize("role", ["ketua", "tpi", "koordinator_own", "koordinator_other_unit"])
def test_only_sekretariat_and_admin_export(people: dict, province: Unit, role: str) -> None:
    with pytest.raises(PermissionDenied):
        job_request(user=people[role], kind="keputusan", unit=province, year=2025)


def test_bad_requests_say_why(people: dict, province: Unit, sambas: Unit) -> None:
    with pytest.raises(ValidationError, match="Pilih bulan"):
        job_request(user=people["sekretariat"], kind="laporan", unit=province, year=2025)
    with pytest.raises(ValidationError, match="belum memiliki rencana kerja"):
        job_request(user=people["sekretariat"], kind="keputusan", unit=province, year=2031)
    with pytest.raises(ValidationError, match="hanya untuk satuan kerja provinsi"):
        job_request(user=people["admin"], kind="laporan_provinsi", unit=sambas, year=2025, month=3)


@pytest.fixture
def finished(people: dict, plan: WorkPlan, issue_rendered_decree) -> ReportJob:
    """The province's decree, issued to the Sekretariat: rendered once per run
    (tests/conftest.py ``rendered_decree``), since these tests only read it."""
    return issue_rendered_decree(people["sekretariat"])


@pytest.mark.parametrize(
    ("role", "detail", "download"),
    [
        ("sekretariat", 200, 200),
        ("admin", 200, 200),
        ("ketua", 200, 200),
        ("tpi", 404, 404),
        ("koordinator_own", 404, 404),
        ("koordinator_other_unit", 404, 404),
        ("ketua_other_unit", 404, 404),
    ],
)
def test_who_sees_and_downloads_documents(
    client: Client, people: dict, finished: ReportJob, role: str, detail: int, download: int
) -> None:
    client.force_login(people[role])
    assert client.get(reverse("job_detail", args=[finished.pk])).status_code == detail
    response = client.get(reverse("job_download", args=[finished.pk]))
    assert response.status_code == download
    if download == 200:
        assert b"".join(response.streaming_content) == job_output_bytes(finished)


def test_the_export_button_queues_and_redirects_to_the_job_page(
    client: Client, people: dict, province: Unit
) -> None:
    client.force_login(people["sekretariat"])
    body = client.get(reverse("job_list", args=[province.slug])).content.decode()
    assert "Ekspor PDF" in body
    response = client.post(
        reverse("job_create", args=[province.slug]), {"kind": "keputusan", "year": "2025"}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Antre" in page
    client.force_login(people["ketua"])
    body = client.get(reverse("job_list", args=[province.slug])).content.decode()
    assert "Ekspor PDF" not in body  # the Ketua downloads, does not export
    assert (
        client.post(
            reverse("job_create", args=[province.slug]), {"kind": "keputusan", "year": "2025"}
        ).status_code
        == 403
    )


def test_the_job_page_stops_polling_when_done_and_lists_version_and_hash(
    client: Client, people: dict, finished: ReportJob
) -> None:
    client.force_login(people["sekretariat"])
    fragment = client.get(
        reverse("job_detail", args=[finished.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "every 1s" not in fragment
    assert "100%" in fragment and finished.sha256 in fragment and "versi 1" in fragment
    listing = client.get(reverse("job_list", args=["kpu-kalbar"])).content.decode()
    assert finished.sha256[:14] in listing and "sekre-uji" in listing


def test_the_monthly_report_has_summary_areas_narratives_actions_evidence_charts_and_recommendations(
    people: dict, plan: WorkPlan
) -> None:
    k1 = people["koordinator_own"]
    component = Component.objects.get(
        plan=plan, name="Pemantauan dan Evaluasi Pembangunan WBK/WBBM"
    )
    ProgressEntry.objects.create(
        component=component,
        month=4,
        percent=55,
        activities="Rapat monev triwulan",
        obstacles="Jadwal bentrok",
        follow_up="Jadwal ulang",
        updated_by=k1,
    )
    job = ReportJob.objects.create(
        kind="laporan", unit=plan.unit, year=2025, month=4, requested_by=people["sekretariat"]
    )
    job = job_run(job_id=job.pk)
    assert job.status == "selesai", job.error
    reader = PdfReader(io.BytesIO(job_output_bytes(job)))
    text = re.sub(r"\s+", "", " ".join(p.extract_text() for p in reader.pages))
    for phrase in [
        "LAPORAN MONITORING DAN EVALUASI",
        "April 2025",
        "Capaian keseluruhan",
        "Rapat monev triwulan",
        "Jadwal bentrok",
        "Jadwal ulang",
        "Rekomendasi dan tindak lanjut",
        "di bawah target",
        "Memperbaharui Tim Pembangunan",
    ]:
        assert re.sub(r"\s+", "", phrase) in text, phrase
    assert "Targetkumulatif" in text  # the S-curves are drawn, with their legends


def test_the_province_report_covers_all_units(people: dict, plan: WorkPlan, sambas: Unit) -> None:
    job = ReportJob.objects.create(
        kind="laporan_provinsi", unit=plan.unit, year=2025, month=3, requested_by=people["admin"]
    )
    job = job_run(job_id=job.pk)
    assert job.status == "selesai", job.error
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(job_output_bytes(job))).pages)
    assert "Ringkasan seluruh satuan kerja" in text
    assert "KPU Kabupaten Sambas" in text and "KPU Kabupaten Bengkayang" in text
    # Stored once under documents/ (the field's upload_to), named by unit, year and month.
    assert job.output.name.startswith("documents/kpu-kalbar/2025/laporan_provinsi-03-v1-")


def test_reminders_email_and_notify_coordinators_once(
    people: dict, plan: WorkPlan, django_capture_on_commit_callbacks
) -> None:
    import datetime

    k1 = people["koordinator_own"]
    k1.email = "k1@example.invalid"
    k1.save(update_fields=["email"])
    for component in Component.objects.filter(plan=plan, area__code="manajemen_perubahan").exclude(
        name="Tim Kerja"
    ):
        ProgressEntry.objects.create(component=component, month=4, percent=100, updated_by=k1)
    # The e-mails go out when the transaction commits (tests/test_reminders.py).
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(on=datetime.date(2025, 5, 5))
    assert sent >= 2  # k1 and k2 (and the other unit's coordinator for its own plan)
    notice = Notice.objects.get(user=k1)
    assert notice.text == "Progres April 2025 belum diisi untuk: Tim Kerja."
    assert any(m.to == ["k1@example.invalid"] and "April 2025" in m.subject for m in mail.outbox)
    assert reminders_send(on=datetime.date(2025, 5, 5)) == 0  # not twice for the same month
    client = Client()
    client.force_login(k1)
    assert "Tim Kerja" in client.get(reverse("notices")).content.decode()
