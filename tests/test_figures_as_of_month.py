"""A report or dashboard of month M shows month M as it stood: whatever is entered, uploaded
or reviewed later (May, or after the end of April) leaves the April figures, charts, lists and
narratives exactly as they were."""

import datetime
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from dashboards.selectors import unit_dashboard, units_overview
from evidence.models import Evidence, EvidenceVersion, Review
from evidence.services import evidence_review, evidence_submit
from reports import selectors as documents
from reports.services import pdf_from_html
from targets.models import ActionItemStatus, ProgressEntry
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

PEMANTAUAN = "Pemantauan dan Evaluasi Pembangunan WBK/WBBM"
VERIFY = {"verify_url": "https://portal.invalid/verifikasi/X/", "qr_data_uri": "", "job": None}


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2025, month, day, 10, tzinfo=timezone.get_default_timezone())


def put(plan: WorkPlan, name: str, month: int, value: int, user: object, text: str = "") -> None:
    ProgressEntry.objects.update_or_create(
        component=Component.objects.get(plan=plan, name=name),
        month=month,
        defaults={"percent": Decimal(value), "updated_by": user, "activities": text},
    )


def submit(action: ActionItem, month: int, user: object, when: datetime.datetime) -> Evidence:
    version = evidence_submit(
        user=user, action=action, month=month, files=[upload("a.pdf", PDF_BYTES)]
    )
    EvidenceVersion.objects.filter(pk=version.pk).update(uploaded_at=when)
    return version.evidence


def review(evidence: Evidence, user: object, decision: str, when: datetime.datetime) -> None:
    evidence.refresh_from_db()
    evidence_review(
        user=user,
        evidence=evidence,
        decision=decision,
        version_number=evidence.current_version,
        comment="" if decision == "diterima" else "Kurang tanda tangan",
    )
    latest = Review.objects.filter(evidence=evidence).latest("pk")
    Review.objects.filter(pk=latest.pk).update(created_at=when)


@pytest.fixture
def april(plan: WorkPlan, people: dict) -> WorkPlan:
    """Jan–Apr entered (Pemantauan April left empty), April statuses, evidence uploaded and
    reviewed in April."""
    k1 = people["koordinator_own"]
    for month in (1, 2, 3, 4):
        put(plan, "Tim Kerja", month, 100, k1, f"Rapat tim bulan {month}")
        put(plan, "Perubahan Pola Pikir dan Budaya Kerja", month, 90, k1)
    for month in (1, 2, 3):
        put(plan, PEMANTAUAN, month, 100, k1)
    actions = list(
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").order_by(
            "order"
        )[:4]
    )
    for action in actions[:2]:
        ActionItemStatus.objects.create(action=action, month=4, status="berjalan", updated_by=k1)
    accepted = submit(actions[0], 4, k1, at(4, 10))
    review(accepted, people["tpi"], "diterima", at(4, 20))
    submit(actions[1], 4, k1, at(4, 25))  # waiting for review at the end of April
    submit(actions[2], 3, k1, at(3, 25))
    return plan


def enter_later(plan: WorkPlan, people: dict) -> None:
    """May's numbers and statuses, and April's evidence reviewed and re-uploaded in May."""
    k1, tpi = people["koordinator_own"], people["tpi"]
    for c in Component.objects.filter(plan=plan, area__isnull=False):
        ProgressEntry.objects.create(component=c, month=5, percent=Decimal(100), updated_by=k1)
        ProgressEntry.objects.get_or_create(
            component=c, month=6, defaults={"percent": Decimal(10), "updated_by": k1}
        )
    for action in ActionItem.objects.filter(area__plan=plan)[:10]:
        ActionItemStatus.objects.create(action=action, month=5, status="selesai", updated_by=k1)
    actions = list(
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan").order_by(
            "order"
        )[:4]
    )
    waiting = Evidence.objects.get(action=actions[1], month=4)
    review(waiting, tpi, "diterima", at(5, 3))  # reviewed after April ended
    march = Evidence.objects.get(action=actions[2], month=3)
    review(march, tpi, "ditolak", at(5, 4))
    accepted = Evidence.objects.get(action=actions[0], month=4)
    version = evidence_submit(
        user=k1, action=actions[0], month=4, files=[upload("b.pdf", PDF_BYTES)]
    )
    EvidenceVersion.objects.filter(pk=version.pk).update(uploaded_at=at(5, 6))
    assert accepted.versions.count() == 2
    submit(actions[3], 5, k1, at(5, 7))


def report_html(plan: WorkPlan, month: int) -> str:
    context = documents.unit_report_context(plan, month)
    return documents.report_html(
        [context], title="Laporan", overview=None, chart=None, verify=VERIFY
    )


def dashboard_page(client: Client, month: int) -> str:
    url = reverse("dashboard", args=["kpu-kalbar"]) + f"?tahun=2025&bulan={month}"
    body = client.get(url).content.decode()
    return re.sub(r"[A-Za-z0-9]{64}", "", body)  # the per-request CSRF tokens


def test_the_april_report_and_dashboard_are_unchanged_by_later_entries(
    april: WorkPlan, people: dict, client: Client
) -> None:
    client.force_login(people["ketua"])
    units = Unit.objects.filter(slug__in=["kpu-kalbar", "kpu-sambas"])
    before_html = report_html(april, 4)
    before_page = dashboard_page(client, 4)
    before_rows = [vars(r) for r in units_overview(units, 2025, as_of=4)]

    enter_later(april, people)

    assert report_html(april, 4) == before_html
    assert dashboard_page(client, 4) == before_page
    assert [vars(r) for r in units_overview(units, 2025, as_of=4)] == before_rows
    # …and the later data is really there: the May report and the live dashboard see it
    assert report_html(april, 5) != before_html
    assert unit_dashboard(april).achievement != unit_dashboard(april, as_of=4).achievement


def test_the_april_figures_are_as_of_april(april: WorkPlan, people: dict) -> None:
    enter_later(april, people)
    d = unit_dashboard(april, as_of=4)
    area = d.areas[0]
    pem = next(c for c in area.components if c.component.name == PEMANTAUAN)
    # Pemantauan April is empty: behind in April, whatever May says
    assert pem.behind and [c.state for c in pem.cells[3:6]] == ["missing", "future", "future"]
    assert all(c.real is None for cf in area.components for c in cf.cells[4:])
    _target, real = area.s_curve()
    assert real[4:] == [None] * 8  # the realisation line stops at April
    # evidence as it stood on 30 April: one accepted, April's and March's others waiting
    assert area.actions_accepted == 1
    assert sorted(e.month for e in d.waiting_evidence) == [3, 4]
    context = documents.unit_report_context(april, 4)
    rows = {x["action"].pk: x for x in context["areas"][0]["actions"]}
    states = sorted((x["evidence"] or {}).get("state", "") for x in rows.values())
    assert states.count("Diterima") == 1 and states.count("Diunggah") == 1
    assert all(x["status"] is None or x["status"].month == 4 for x in rows.values())


def test_the_april_pdf_text_is_unchanged_by_later_entries(
    april: WorkPlan, people: dict, tmp_path: Path
) -> None:
    def text() -> str:
        pdf = tmp_path / "april.pdf"
        pdf.write_bytes(pdf_from_html(report_html(april, 4)))
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
        )
        return out.stdout

    before = text()
    enter_later(april, people)
    after = text()
    assert after == before
    words = " ".join(after.split())
    assert "Rapat tim bulan 4" in words and "belum diisi" in words


def drill_down_pages(client: Client, plan: WorkPlan, month: int) -> list[str]:
    """The area page and a component page of Area I, chosen as of ``month``."""
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    urls = [
        reverse("area_detail", args=["kpu-kalbar", 2025, "manajemen_perubahan"]),
        reverse("component_detail", args=["kpu-kalbar", 2025, component.pk]),
    ]
    pages = [client.get(f"{url}?bulan={month}").content.decode() for url in urls]
    return [re.sub(r"[A-Za-z0-9]{64}", "", page) for page in pages]


def test_the_april_drill_down_pages_are_unchanged_by_later_entries(
    april: WorkPlan, people: dict, client: Client
) -> None:
    client.force_login(people["ketua"])
    before = drill_down_pages(client, april, 4)
    assert all("keadaan akhir April 2025" in page for page in before)

    enter_later(april, people)

    assert drill_down_pages(client, april, 4) == before
    assert drill_down_pages(client, april, 5) != before  # the later data is there
