"""Admin changelists cost the same number of queries for 3 rows as for 9 (no N+1).

Each changelist is filtered to the rows the test built (``?id__in=…``, a lookup on the
model's own field that every ModelAdmin allows), so the plan loaded for the session does
not fill the page. The counts are pinned: a change in them (a new column reading a
relation, a list_select_related dropped) shows here with the number it went to.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import RoleAssignment, Unit
from areas.models import (
    ActionItem,
    Area,
    AreaTarget,
    Component,
    DecreeClause,
    LampiranSection,
    MonthlyTarget,
    Paragraph,
    WorkPlan,
)
from evidence.models import Evidence, EvidenceFile, EvidenceVersion, Review
from periods.models import MonthLock
from reports.models import Notice, ReportJob
from targets.models import ActionItemStatus, ProgressEntry
from tests.factories import UserFactory
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"access", "areas", "periods", "targets", "evidence", "reports", "transfer"}
N = 3

# Queries of one changelist page, the same for N and 3N rows. Every page makes 9: session
# and user (2); the filtered count, the full count and the rows with their
# list_select_related (3); the portal's navigation (roles, their units, plan years, unread
# notices: 4). Each list filter over related rows (unit, plan__unit) or distinct values
# (month, plan__year) adds one. The evidence versions, files and reviews were 12 → 18 before
# their list_select_related reached the area (one query per row for ActionItem.__str__).
PINNED = {
    "access.Unit": 9,
    "access.RoleAssignment": 10,
    "areas.WorkPlan": 10,
    "areas.DecreeClause": 11,
    "areas.LampiranSection": 11,
    "areas.Paragraph": 11,  # + the year filter (plan__year) lists its years
    "areas.Area": 11,
    "areas.AreaTarget": 11,  # + the year filter
    "areas.ActionItem": 11,
    "areas.Component": 11,
    "areas.MonthlyTarget": 12,
    "periods.MonthLock": 11,
    "evidence.Evidence": 11,
    "evidence.EvidenceVersion": 9,
    "evidence.EvidenceFile": 9,
    "evidence.Review": 9,
    "targets.ProgressEntry": 12,
    "targets.ActionItemStatus": 11,
    "reports.ReportJob": 11,
    "reports.Notice": 9,
    "transfer.ImportRecord": 11,
}


@dataclass
class Rows:
    """What the builders hang their rows on; ``seq`` keeps every row's unique keys apart."""

    plan: WorkPlan
    area: Area
    user: object
    seq: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def unit(self) -> Unit:
        return self.plan.unit

    def unit_new(self, i: int) -> Unit:
        return Unit.objects.create(
            name=f"KPU Kabupaten Uji {i}",
            short_name=f"KPU Uji {i}",
            slug=f"kpu-uji-{i}",
            kind=Unit.Kind.KABKOTA,
            parent=self.unit,
            city=f"Kota Uji {i}",
        )

    def plan_new(self, i: int) -> WorkPlan:
        return WorkPlan.objects.create(
            unit=self.unit_new(i),
            year=2025,
            number=str(i),
            issuer="KOMISI PEMILIHAN UMUM KABUPATEN UJI",
            title="RENCANA KERJA UJI",
            official_title="KETUA",
            establishes="KEPUTUSAN UJI",
            enacted_place="Uji",
            enacted_date=datetime.date(2025, 1, 2),
            signer_title="KETUA",
            signer_name="PENANDA TANGAN",
            lampiran_heading="LAMPIRAN",
            cover_title="RENCANA KERJA",
        )

    def action_new(self, i: int) -> ActionItem:
        return ActionItem.objects.create(
            area=self.area, order=1000 + i, label=f"{i})", text=f"Rencana aksi uji {i}"
        )

    def component_new(self, i: int) -> Component:
        return Component.objects.create(
            plan=self.plan,
            kind=Component.Kind.PENGUNGKIT,
            area=self.area,
            order=100 + i,
            name=f"Komponen uji {i}",
        )

    def evidence_new(self, i: int) -> Evidence:
        return Evidence.objects.create(action=self.action_new(i), month=4, current_version=1)

    def version_new(self, i: int) -> EvidenceVersion:
        return EvidenceVersion.objects.create(
            evidence=self.evidence_new(i), number=1, uploaded_by=self.user
        )


def _evidence_file(rows: Rows, i: int) -> EvidenceFile:
    return EvidenceFile.objects.create(
        version=rows.version_new(i),
        file=f"evidence/uji-{i}.pdf",
        original_name=f"uji-{i}.pdf",
        kind=EvidenceFile.Kind.PDF,
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


def _review(rows: Rows, i: int) -> Review:
    version = rows.version_new(i)
    return Review.objects.create(
        evidence=version.evidence, version=version, decision="diterima", reviewer=rows.user
    )


BUILDERS: dict[str, Callable[[Rows, int], Model]] = {
    "access.Unit": lambda r, i: r.unit_new(i),
    "access.RoleAssignment": lambda r, i: RoleAssignment.objects.create(
        user=UserFactory(username=f"peran-uji-{i}"), unit=r.unit_new(i), role="ketua"
    ),
    "areas.WorkPlan": lambda r, i: r.plan_new(i),
    "areas.DecreeClause": lambda r, i: DecreeClause.objects.create(
        plan=r.plan_new(i), kind="diktum", order=1, label="KESATU", text=f"Diktum {i}"
    ),
    "areas.LampiranSection": lambda r, i: LampiranSection.objects.create(
        plan=r.plan_new(i), key="penutup", order=1, heading="Penutup"
    ),
    "areas.Paragraph": lambda r, i: Paragraph.objects.create(
        section=LampiranSection.objects.create(
            plan=r.plan_new(i), key="penutup", order=1, heading="Penutup"
        ),
        order=1,
        text=f"Paragraf uji {i}",
    ),
    "areas.Area": lambda r, i: Area.objects.create(
        plan=r.plan_new(i), code="sdm", order=3, number="III", letter="C", name="SDM"
    ),
    "areas.AreaTarget": lambda r, i: AreaTarget.objects.create(
        area=Area.objects.create(
            plan=r.plan_new(i), code="sdm", order=3, number="III", letter="C", name="SDM"
        ),
        order=1,
        label="a.",
        text=f"Target uji {i}",
    ),
    "areas.ActionItem": lambda r, i: r.action_new(i),
    "areas.Component": lambda r, i: r.component_new(i),
    "areas.MonthlyTarget": lambda r, i: MonthlyTarget.objects.create(
        component=r.component_new(i), month=4, percent=50
    ),
    "periods.MonthLock": lambda r, i: MonthLock.objects.create(
        unit=r.unit_new(i), year=2025, month=4, changed_by=r.user
    ),
    "evidence.Evidence": lambda r, i: r.evidence_new(i),
    "evidence.EvidenceVersion": lambda r, i: r.version_new(i),
    "evidence.EvidenceFile": _evidence_file,
    "evidence.Review": _review,
    "targets.ProgressEntry": lambda r, i: ProgressEntry.objects.create(
        component=r.component_new(i), month=4, percent=40, updated_by=r.user
    ),
    "targets.ActionItemStatus": lambda r, i: ActionItemStatus.objects.create(
        action=r.action_new(i), month=4, status="berjalan", updated_by=r.user
    ),
    "reports.ReportJob": lambda r, i: ReportJob.objects.create(
        kind="keputusan",
        unit=r.unit_new(i),
        year=2025,
        status="selesai",
        version=1,
        requested_by=r.user,
    ),
    "reports.Notice": lambda r, i: Notice.objects.create(
        user=UserFactory(username=f"pesan-uji-{i}"), text=f"Pemberitahuan {i}"
    ),
    "transfer.ImportRecord": lambda r, i: ImportRecord.objects.create(
        unit=r.unit_new(i),
        year=2025,
        dataset="progres",
        file_name=f"progres-{i}.xlsx",
        sha256="0" * 64,
        imported_by=r.user,
    ),
}

REGISTERED = sorted(
    (m for m in admin.site._registry if m._meta.app_label in PORTAL_APPS),
    key=lambda m: m._meta.label,
)


def test_every_registered_portal_model_has_a_builder_and_a_pinned_count() -> None:
    labels = {m._meta.label for m in REGISTERED}
    assert labels == set(BUILDERS) == set(PINNED)


@pytest.fixture
def superuser_client(client: Client) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123456!")
    client.force_login(user)
    return client


def changelist_queries(client: Client, model: type[Model], pks: list[int]) -> int:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    query = {"id__in": ",".join(map(str, pks))}
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, response.get("Location")
    assert response.context["cl"].result_count == len(pks)
    return len(captured)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_the_changelist_costs_the_same_for_more_rows(
    superuser_client: Client, plan: WorkPlan, model: type[Model]
) -> None:
    label = model._meta.label
    rows = Rows(
        plan=plan,
        area=plan.areas.get(code="manajemen_perubahan"),
        user=UserFactory(username="pembuat-uji"),
    )
    build = BUILDERS[label]
    pks = [build(rows, next(rows.seq)).pk for _ in range(N)]
    changelist_queries(superuser_client, model, pks)  # warm the process caches (content types)
    few = changelist_queries(superuser_client, model, pks)
    pks += [build(rows, next(rows.seq)).pk for _ in range(2 * N)]
    many = changelist_queries(superuser_client, model, pks)
    assert (few, many) == (PINNED[label], PINNED[label]), label
