"""One Indonesian formatter everywhere a user reads a number, a month or a time: the history
pages, the dashboard's activity list, e-mails, notices and the records' names (admin)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from areas.models import ActionItem, Component, MonthlyTarget, WorkPlan
from evidence.models import Evidence
from evidence.services import evidence_review, evidence_submit
from periods.models import MonthLock
from periods.services import month_lock
from reports.models import ReportJob
from reports.reminders import reminders_send
from targets.models import ActionItemStatus, ProgressEntry
from targets.services import progress_update
from tests.factories import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

# "12 April 2025 09.30" is the portal's time: drop it before looking for raw decimals.
PORTAL_TIME = re.compile(r"\d{4} \d{2}\.\d{2}")
RAW = {
    "decimal with a point": re.compile(r"\d+\.\d{2}(?!\d)"),
    "ISO date or timestamp": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month as a number": re.compile(r"bulan(?: yang dibuktikan)? \d"),
    "year then month number": re.compile(r"\d{4} bulan \d"),
}


def raw_formats(text: str) -> list[str]:
    text = PORTAL_TIME.sub("", " ".join(strip_tags(text).split()))
    return [f"{name}: {m.group(0)}" for name, rx in RAW.items() for m in rx.finditer(text)]


def main_of(body: str) -> str:
    """The page's own content (the layout's assets carry version numbers)."""
    return body.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def component(plan: WorkPlan) -> Component:
    return Component.objects.get(plan=plan, name="Tim Kerja")


@pytest.fixture
def action(plan: WorkPlan) -> ActionItem:
    return (
        ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
        .order_by("order")
        .first()
    )


def test_the_raw_format_check_finds_what_it_should() -> None:
    assert raw_formats("realisasi 80.00") and raw_formats("2026-11-24 10:42:28.734936+00:00")
    assert raw_formats("2025 bulan 4") and raw_formats("bulan yang dibuktikan 4")
    assert raw_formats("12 April 2025 09.30 – 62,5%") == []


def test_the_progress_history_shows_percents_months_and_times_in_indonesian(
    client: Client, people: dict, component: Component
) -> None:
    user = people["koordinator_own"]
    progress_update(user=user, component=component, month=4, percent=Decimal("80"))
    progress_update(user=user, component=component, month=4, percent=Decimal("62.5"), version=1)
    client.force_login(people["ketua"])
    body = client.get(reverse("entry_history", args=["kpu-kalbar", 2025, 4, component.pk]))
    page = main_of(body.content.decode())
    assert "<td>realisasi (%)</td><td>80%</td><td>62,5%</td>" in page.replace("\n", "")
    assert "<td>bulan</td><td></td><td>April</td>" in page.replace("\n", "")
    assert raw_formats(page) == []


def test_the_evidence_history_names_the_month_and_formats_times(
    client: Client, people: dict, action: ActionItem
) -> None:
    evidence = evidence_submit(
        user=people["koordinator_own"], action=action, month=4, files=[upload("a.pdf", PDF_BYTES)]
    ).evidence
    evidence_review(user=people["tpi"], evidence=evidence, decision="diterima", version_number=1)
    client.force_login(people["ketua"])
    body = client.get(reverse("evidence_history", args=["kpu-kalbar", evidence.pk]))
    page = main_of(body.content.decode())
    assert "April" in page
    assert raw_formats(page) == []


def test_the_lock_history_formats_its_times(client: Client, people: dict) -> None:
    month_lock(
        user=people["sekretariat"],
        unit=people["sekretariat"].roles.first().unit,
        year=2025,
        month=4,
    )
    client.force_login(people["sekretariat"])
    body = client.get(reverse("lock_history", args=["kpu-kalbar", 2025]))
    page = main_of(body.content.decode())
    assert "April" in page
    assert raw_formats(page) == []


def test_the_dashboard_activity_and_lke_table_use_the_formatter(
    client: Client, people: dict, component: Component
) -> None:
    progress_update(
        user=people["koordinator_own"], component=component, month=4, percent=Decimal("100")
    )
    from lke.services import assessment_start

    assessment_start(unit=component.plan.unit, year=2025, user=None)
    client.force_login(people["ketua"])
    body = client.get(reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025").content.decode()
    activity = body.split('data-testid="activity"', 1)[1].split("</ul>", 1)[0]
    assert "Tim Kerja April: 100%" in activity
    lke = body.split('data-testid="lke-panel"', 1)[1].split("Kurva S", 1)[0]
    assert "0,00" in lke
    assert raw_formats(activity) == [] and raw_formats(lke) == []


def test_the_reminder_mail_and_notice_name_the_month(people: dict) -> None:
    reminders_send(on=datetime.date(2025, 5, 5))
    message = mail.outbox[0] if mail.outbox else None
    notice = people["koordinator_own"].notices.first()
    assert "April 2025" in notice.text and raw_formats(notice.text) == []
    if message is not None:
        assert raw_formats(message.subject + message.body) == []


def test_records_name_their_month_by_name(
    plan: WorkPlan, component: Component, action: ActionItem, people: dict
) -> None:
    unit = plan.unit
    job = ReportJob(kind="laporan", unit=unit, year=2025, month=4)
    assert "April 2025" in str(job) and raw_formats(str(job)) == []
    assert str(MonthLock(unit=unit, year=2025, month=8)).startswith(f"{unit} Agustus 2025")
    assert "Agustus" in str(Evidence(action=action, month=8))
    assert "Agustus" in str(ProgressEntry(component=component, month=8, percent=Decimal("5")))
    assert "Agustus" in str(MonthlyTarget(component=component, month=8, percent=Decimal("5")))
    assert "Agustus" in str(ActionItemStatus(action=action, month=8, status="selesai"))
    for text in map(str, [job, Evidence(action=action, month=8)]):
        assert not re.search(r"bulan \d", text)
