"""Dashboard benchmark on national-scale data (PostgreSQL only).

Fills a PostgreSQL database whose name contains "bench" with 553 units (by default: the
national unit, 38 provinces and 514 kab/kota), each with a copy of the 2025 plan, 12 months of
progress, ~5 evidence rows per action item, an LKE self-assessment answered on both sides and
four survey quarters with responses, then times the national view (``units_overview`` over
every unit), the province page and one unit's dashboard page against the bare SQL that
computes the same figures.

Server time is the time of one request through ``django.test.Client`` in this process
(middleware, view, queries and template; no network, no WSGI server), median and p95 of the
timed runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench \\
        .venv/bin/python bench/dashboard.py [--units 553] [--repeat 15] [--rebuild] [--explain]

The data is kept between runs (``--rebuild`` drops the database and fills it again). The
figures of the last run on the reference machine are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
os.environ["ZI_ENV"] = "development"
os.environ["DEBUG"] = "false"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench")
# Quiet start-up logging (axes, weasyprint); the figures go to stdout, progress to stderr.
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402
from benchdb import database_settings, ensure_database, log  # noqa: E402

YEAR = 2025
# Every month of 2025 has ended on this date: all cells count, the figures are deterministic.
ON = datetime.date(2026, 1, 15)
PROVINCE_SLUG = "kpu-kalbar"
SEED = "zi-bench-1"
MISSING_SHARE = 0.06  # entries left out: component-months nobody filled in
EVIDENCE_PER_ACTION = 5
EVIDENCE_STATUS_WEIGHTS = (("diunggah", 3), ("diterima", 5), ("ditolak", 2))
TOP_SLUG = "kpu-ri"  # the national unit (Unit.Kind.PUSAT where the code has it)
NATIONAL_UNITS = 553  # the top unit, 38 provinces and 514 kab/kota
NATIONAL_PROVINCES = 38
NATIONAL_KABKOTA = 514
LKE_SIDES = ("unit", "tpi")
SURVEY_RESPONSES_PER_QUARTER = 24  # per unit and quarter, the three surveys mixed
SURVEY_KINDS = (("skm", 0.4), ("spkp", 0.3), ("spak", 0.3))
SURVEY_BLANK_SHARE = 0.03
BATCH = 5000
GOAL_RATIO = 2.0
GOAL_NATIONAL_MS = 300.0


# --- the database ---------------------------------------------------------------------------


# --- the data -------------------------------------------------------------------------------


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def top_kind() -> str:
    """PUSAT once the code has it; until then the top unit is a provinsi, so the bench runs."""
    from access.models import Unit

    return getattr(Unit.Kind, "PUSAT", Unit.Kind.PROVINSI)


def province_sizes(extra: int) -> list[int]:
    """The kab/kota count of each extra province: ``extra`` units (provinces and kab/kota)
    after the top unit and the loaded province, spread so that 553 units in all are the
    national 38 provinces and 514 kab/kota."""
    per_group = 1 + NATIONAL_KABKOTA / NATIONAL_PROVINCES  # a province and its kab/kota
    provinces = max(1, round(extra / per_group))
    kabkota = extra - provinces
    return [kabkota // provinces + (j < kabkota % provinces) for j in range(provinces)]


def ensure_units(total: int) -> None:
    """The top unit, the loaded province and its 14 kab/kota, then extra provinces each with
    its kab/kota, up to ``total`` units."""
    from access.models import Unit

    existing = Unit.objects.count()
    if existing >= total:
        if existing > total:
            log(f"note: the database has {existing} units (> --units {total}); all are measured")
        return
    kind = top_kind()
    top, _ = Unit.objects.get_or_create(
        slug=TOP_SLUG,
        defaults={
            "name": "Komisi Pemilihan Umum Republik Indonesia",
            "short_name": "KPU RI",
            "kind": kind,
            "city": "Jakarta",
            "order": 0,
        },
    )
    # Provinces sit under the national unit only when it is one (not a provinsi stand-in).
    parent = top if kind != Unit.Kind.PROVINSI else None
    Unit.objects.filter(kind=Unit.Kind.PROVINSI, parent=None).exclude(pk=top.pk).update(
        parent=parent
    )
    taken = set(Unit.objects.values_list("slug", flat=True))
    existing = len(taken)
    sizes = province_sizes(total - existing)
    i = 0
    for number, size in enumerate(sizes, start=2):
        province, _ = Unit.objects.get_or_create(
            slug=f"bench-prov-{number:02d}",
            defaults={
                "name": f"Komisi Pemilihan Umum Provinsi Bench {number:02d}",
                "short_name": f"KPU Provinsi Bench {number:02d}",
                "kind": Unit.Kind.PROVINSI,
                "parent": parent,
                "city": f"Kota Bench {number:02d}",
                "order": 100 + i,
            },
        )
        i += 1
        for _ in range(size):
            slug = f"bench-kab-{i:03d}"
            if slug not in taken:
                Unit.objects.create(
                    slug=slug,
                    name=f"Komisi Pemilihan Umum Kabupaten Bench {i:03d}",
                    short_name=f"KPU Kab. Bench {i:03d}",
                    kind=Unit.Kind.KABKOTA,
                    parent=province,
                    city=f"Bench {i:03d}",
                    order=100 + i,
                )
            i += 1


def ensure_plans() -> None:
    """Every unit gets a copy of the province's 2025 plan (plan_copy: bulk, with history)."""
    from access.models import Unit
    from areas.models import WorkPlan
    from areas.services import plan_copy

    source = WorkPlan.objects.select_related("unit").get(unit__slug=PROVINCE_SLUG, year=YEAR)
    todo = list(Unit.objects.exclude(plans__year=YEAR).order_by("pk"))
    started = time.perf_counter()
    for n, unit in enumerate(todo, start=1):
        plan_copy(source=source, unit=unit)
        if n % 50 == 0 or n == len(todo):
            spent = time.perf_counter() - started
            log(f"  plans copied: {n}/{len(todo)} ({spent / n:.2f} s per unit)")


def _percent(value: float) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, value)), 2))).quantize(Decimal("0.01"))


def ensure_entries() -> None:
    """Progress of every component-month (6 % left out), near the target, seeded per unit."""
    from areas.models import Component, MonthlyTarget, WorkPlan
    from targets.models import ProgressEntry

    plans = list(
        WorkPlan.objects.filter(year=YEAR)
        .exclude(components__entries__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )
    for group in chunks(plans, 50):
        components: dict[int, list[Component]] = {}
        for component in Component.objects.filter(plan__in=group, area__isnull=False).order_by(
            "plan_id", "area__order", "order"
        ):
            components.setdefault(component.plan_id, []).append(component)
        targets = dict(
            ((cid, month), float(p))
            for cid, month, p in MonthlyTarget.objects.filter(
                component__plan__in=group
            ).values_list("component_id", "month", "percent")
        )
        rows = []
        for plan in group:
            rng = random.Random(f"{SEED}-entries-{plan.unit.slug}")  # noqa: S311
            for component in components.get(plan.pk, []):
                for month in range(1, 13):
                    if rng.random() < MISSING_SHARE:
                        continue
                    target = targets.get((component.pk, month))
                    # near the target (a mix of ahead and behind); anything without one
                    value = rng.uniform(0, 100) if target is None else rng.gauss(target - 4, 15)
                    if rng.random() < 0.5:
                        value = round(value)
                    rows.append(
                        ProgressEntry(
                            component=component,
                            month=month,
                            percent=_percent(value),
                            activities=f"Kegiatan {component.name} bulan {month}",
                        )
                    )
        ProgressEntry.objects.bulk_create(rows, batch_size=BATCH)
        log(f"  entries: +{len(rows)}")


def ensure_evidence() -> None:
    """Five evidence rows per action item, each for a different month, statuses mixed."""
    from areas.models import ActionItem, WorkPlan
    from evidence.models import Evidence

    plans = list(
        WorkPlan.objects.filter(year=YEAR)
        .exclude(areas__actions__evidence__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )
    statuses = [s for s, _ in EVIDENCE_STATUS_WEIGHTS]
    weights = [w for _, w in EVIDENCE_STATUS_WEIGHTS]
    for group in chunks(plans, 50):
        actions: dict[int, list[int]] = {}
        for action_id, plan_id in (
            ActionItem.objects.filter(area__plan__in=group)
            .order_by("area__plan_id", "area__order", "order")
            .values_list("pk", "area__plan_id")
        ):
            actions.setdefault(plan_id, []).append(action_id)
        rows = []
        for plan in group:
            rng = random.Random(f"{SEED}-evidence-{plan.unit.slug}")  # noqa: S311
            for action_id in actions.get(plan.pk, []):
                for month in sorted(rng.sample(range(1, 13), EVIDENCE_PER_ACTION)):
                    rows.append(
                        Evidence(
                            action_id=action_id,
                            month=month,
                            status=rng.choices(statuses, weights)[0],
                            current_version=1,
                        )
                    )
        Evidence.objects.bulk_create(rows, batch_size=BATCH)
        log(f"  evidence: +{len(rows)}")


def ensure_lke() -> None:
    """Every unit's LKE self-assessment of the year, answered on both sides (the answers of
    bench/lke_scores.py), so that the dashboard's LKE panel scores a full worksheet."""
    from lke_scores import ensure_answers  # imported here: it imports this module

    from lke.services import read_worksheet_files, worksheet_load

    worksheet, _changed = worksheet_load(**read_worksheet_files())
    ensure_answers(worksheet)


def ensure_surveys() -> None:
    """Four 2025 quarters per unit, each with SURVEY_RESPONSES_PER_QUARTER paper responses of
    the three surveys (3 % of the answers left blank), seeded per unit."""
    from django.db import transaction

    from access.models import Unit
    from surveys.loading import questionnaires_load
    from surveys.models import Answer, Response, SurveyPeriod
    from surveys.selectors import current_questionnaire, questionnaire_elements

    questionnaires_load()
    todo = list(Unit.objects.exclude(survey_periods__year=YEAR).order_by("pk"))
    if not todo:
        return
    SurveyPeriod.objects.bulk_create(
        [
            SurveyPeriod(unit=u, year=YEAR, quarter=q, population=2000)
            for u in todo
            for q in range(1, 5)
        ],
        batch_size=BATCH,
    )
    versions = {kind: current_questionnaire(todo[0], kind) for kind, _ in SURVEY_KINDS}
    elements = {kind: questionnaire_elements(q) for kind, q in versions.items()}
    kinds = [kind for kind, _ in SURVEY_KINDS]
    weights = [share for _, share in SURVEY_KINDS]
    periods = SurveyPeriod.objects.filter(unit__in=todo, year=YEAR).select_related("unit")
    for group in chunks(list(periods.order_by("unit_id", "quarter")), 200):
        with transaction.atomic():
            rows = []
            for period in group:
                rng = random.Random(f"{SEED}-survey-{period.unit.slug}-{period.quarter}")  # noqa: S311
                for _ in range(SURVEY_RESPONSES_PER_QUARTER):
                    kind = rng.choices(kinds, weights)[0]
                    month = (period.quarter - 1) * 3 + rng.randint(1, 3)
                    rows.append(
                        Response(
                            period=period,
                            questionnaire=versions[kind],
                            kind=kind,
                            channel="kertas",
                            service_date=datetime.date(YEAR, month, rng.randint(1, 28)),
                        )
                    )
            Response.objects.bulk_create(rows, batch_size=BATCH)
            rng = random.Random(f"{SEED}-survey-answers-{group[0].pk}")  # noqa: S311
            answers = [
                Answer(response=r, element=e, value=rng.choices((1, 2, 3, 4), (1, 3, 10, 8))[0])
                for r in rows
                for e in elements[r.kind]
                if rng.random() >= SURVEY_BLANK_SHARE
            ]
            Answer.objects.bulk_create(answers, batch_size=BATCH)
        log(f"  survey responses: +{len(rows)}")


HISTORY_SQL = [
    # One "created" audit record per entry and evidence row, dated in the month it covers,
    # so that the dashboard's activity feed reads audit tables of a realistic size.
    """
    INSERT INTO targets_historicalprogressentry
        (id, month, percent, activities, obstacles, follow_up, is_internal, version,
         created_at, updated_at, history_date, history_type, component_id, updated_by_id)
    SELECT e.id, e.month, e.percent, e.activities, e.obstacles, e.follow_up, e.is_internal,
           e.version, e.created_at, e.updated_at,
           make_timestamptz(2025, e.month, 1 + (e.id % 27)::int, 8 + (e.id % 9)::int,
                            (e.id % 60)::int, 0, 'Asia/Pontianak'),
           '+', e.component_id, e.updated_by_id
    FROM targets_progressentry e
    WHERE NOT EXISTS (SELECT 1 FROM targets_historicalprogressentry h WHERE h.id = e.id)
    """,
    """
    INSERT INTO evidence_historicalevidence
        (id, month, status, current_version, created_at, updated_at, history_date,
         history_type, action_id)
    SELECT e.id, e.month, e.status, e.current_version, e.created_at, e.updated_at,
           make_timestamptz(2025, e.month, 1 + (e.id % 27)::int, 8 + (e.id % 9)::int,
                            (e.id % 60)::int, 0, 'Asia/Pontianak'),
           '+', e.action_id
    FROM evidence_evidence e
    WHERE NOT EXISTS (SELECT 1 FROM evidence_historicalevidence h WHERE h.id = e.id)
    """,
]


# Each evidence row's one version (uploaded in the month it covers) and, when it was decided,
# the TPI's review of that version a day later: the dashboard reads an evidence's status as
# of a moment from these (dashboards/selectors/asof.py evidence_as_of). The rows already there
# are read once (MATERIALIZED): a NOT EXISTS on the table being filled can be planned as a
# scan per row over the rows this statement adds, quadratic.
VERSION_SQL = [
    """
    INSERT INTO evidence_evidenceversion (number, note, uploaded_at, evidence_id, uploaded_by_id)
    WITH have AS MATERIALIZED (SELECT evidence_id FROM evidence_evidenceversion)
    SELECT 1, '', make_timestamptz(2025, e.month, 1 + (e.id %% 27)::int, 8, 0, 0,
                                   'Asia/Pontianak'),
           e.id, %(user)s
    FROM evidence_evidence e
    WHERE NOT EXISTS (SELECT 1 FROM have WHERE have.evidence_id = e.id)
    """,
    """
    INSERT INTO evidence_review (decision, comment, created_at, evidence_id, reviewer_id,
                                 version_id)
    WITH have AS MATERIALIZED (SELECT evidence_id FROM evidence_review)
    SELECT e.status, CASE WHEN e.status = 'ditolak' THEN 'Belum lengkap.' ELSE '' END,
           v.uploaded_at + interval '1 day', e.id, %(user)s, v.id
    FROM evidence_evidence e
    JOIN evidence_evidenceversion v ON v.evidence_id = e.id AND v.number = 1
    WHERE e.status IN ('diterima', 'ditolak')
      AND NOT EXISTS (SELECT 1 FROM have WHERE have.evidence_id = e.id)
    """,
]


def ensure_history() -> None:
    from django.db import connection

    user = ensure_superuser()
    with connection.cursor() as cursor:
        for statement in VERSION_SQL:
            cursor.execute(statement, {"user": user.pk})
            if cursor.rowcount:
                log(f"  evidence versions and reviews: +{cursor.rowcount}")
        for statement in HISTORY_SQL:
            cursor.execute(statement)
            if cursor.rowcount:
                log(f"  audit records: +{cursor.rowcount}")


def ensure_superuser() -> Any:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.invalid", None)
    return user


def build(units: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from areas.models import WorkPlan
    from areas.services import plan_load, read_plan_file

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not WorkPlan.objects.filter(unit__slug=PROVINCE_SLUG, year=YEAR).exists():
        log("loading the plan")
        plan_load(data=read_plan_file())
    ensure_units(units)
    ensure_plans()
    ensure_entries()
    ensure_evidence()
    ensure_history()
    ensure_lke()
    ensure_surveys()
    ensure_rollups()
    with connection.cursor() as cursor:
        # Fresh statistics and visibility map, as autovacuum would leave a settled database.
        cursor.execute("VACUUM ANALYZE")
    log(f"data ready in {time.perf_counter() - started:.1f} s")


def ensure_rollups() -> None:
    """The summaries of every plan, assessment and survey quarter (rollups/): the bench
    writes its rows in bulk, past the services that keep them, so they are counted once
    after the fill (``rollups_rebuild``, as after a deployment), and again whenever their
    number does not match the plans'."""
    from areas.models import WorkPlan
    from rollups.models import PlanMonth
    from rollups.services import rollups_rebuild

    if PlanMonth.objects.count() == 12 * WorkPlan.objects.count():
        return
    started = time.perf_counter()
    rollups_rebuild()
    log(f"rollups rebuilt in {time.perf_counter() - started:.1f} s")


def data_sizes() -> dict[str, int]:
    from access.models import Unit
    from areas.models import ActionItem, Component, MonthlyTarget, WorkPlan
    from evidence.models import Evidence, EvidenceVersion, Review
    from lke.models import Answer as LkeAnswer
    from surveys.models import Answer as SurveyAnswer
    from surveys.models import Response, SurveyPeriod
    from targets.models import ProgressEntry

    return {
        "units": Unit.objects.count(),
        "plans": WorkPlan.objects.count(),
        "components (pengungkit)": Component.objects.filter(area__isnull=False).count(),
        "action items": ActionItem.objects.count(),
        "monthly targets": MonthlyTarget.objects.count(),
        "progress entries": ProgressEntry.objects.count(),
        "evidence": Evidence.objects.count(),
        "evidence versions": EvidenceVersion.objects.count(),
        "reviews": Review.objects.count(),
        "entry audit records": ProgressEntry.history.count(),
        "evidence audit records": Evidence.history.count(),
        "LKE answers (both sides)": LkeAnswer.objects.count(),
        "survey quarters": SurveyPeriod.objects.count(),
        "survey responses": Response.objects.count(),
        "survey answers": SurveyAnswer.objects.count(),
    }


# --- the bare SQL ---------------------------------------------------------------------------

# The figures of units_overview in one hand-written statement: joins and GROUP BY, no
# correlated subquery; evidence is reduced per action item first (hash aggregates instead of
# a COUNT(DISTINCT) sort). /*wp*/ and /*u*/ become the unit filter (see overview_sql).
OVERVIEW_SQL = """
WITH cells AS (
    SELECT wp.unit_id,
           SUM(mt.percent) AS target_sum,
           SUM(LEAST(COALESCE(pe.percent, 0), mt.percent)) AS achieved_sum,
           COUNT(*) FILTER (WHERE pe.id IS NULL) AS missing
    FROM targets_monthlytarget mt
    JOIN areas_component c ON c.id = mt.component_id
    JOIN areas_workplan wp ON wp.id = c.plan_id
    LEFT JOIN targets_progressentry pe
           ON pe.component_id = mt.component_id AND pe.month = mt.month
    WHERE wp.year = %(year)s AND c.area_id IS NOT NULL /*wp*/
    GROUP BY wp.unit_id
), ev AS (
    SELECT unit_id, COUNT(*) AS actions, SUM(waiting) AS waiting,
           COUNT(*) FILTER (WHERE accepted) AS accepted
    FROM (
        SELECT a.id, wp.unit_id,
               COUNT(e.id) FILTER (WHERE e.status = 'diunggah') AS waiting,
               bool_or(e.status = 'diterima') AS accepted
        FROM areas_actionitem a
        JOIN areas_area ar ON ar.id = a.area_id
        JOIN areas_workplan wp ON wp.id = ar.plan_id
        LEFT JOIN evidence_evidence e
               ON e.action_id = a.id AND e.status IN ('diunggah', 'diterima')
        WHERE wp.year = %(year)s /*wp*/
        GROUP BY a.id, wp.unit_id
    ) per_action
    GROUP BY unit_id
)
SELECT u.id, cells.target_sum, cells.achieved_sum, COALESCE(cells.missing, 0),
       COALESCE(ev.waiting, 0), COALESCE(ev.actions, 0), COALESCE(ev.accepted, 0)
FROM areas_unit u
LEFT JOIN cells ON cells.unit_id = u.id
LEFT JOIN ev ON ev.unit_id = u.id
/*u*/
ORDER BY u."order", u.name
"""

# The target and entry cells of one plan's dashboard: components × 12 months.
CELLS_SQL = """
SELECT c.id, m.month, mt.percent, pe.percent
FROM areas_component c
JOIN areas_area ar ON ar.id = c.area_id
CROSS JOIN generate_series(1, 12) AS m(month)
LEFT JOIN targets_monthlytarget mt ON mt.component_id = c.id AND mt.month = m.month
LEFT JOIN targets_progressentry pe ON pe.component_id = c.id AND pe.month = m.month
WHERE c.plan_id = %(plan)s
ORDER BY ar."order", c."order", m.month
"""


def overview_sql(*, filtered: bool) -> str:
    """OVERVIEW_SQL for every unit, or for the unit ids in %(units)s."""
    if not filtered:
        return OVERVIEW_SQL.replace("/*wp*/", "").replace("/*u*/", "")
    return OVERVIEW_SQL.replace("/*wp*/", "AND wp.unit_id = ANY(%(units)s)").replace(
        "/*u*/", "WHERE u.id = ANY(%(units)s)"
    )


def run_sql(statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# --- timing ---------------------------------------------------------------------------------


@dataclass
class Figure:
    view: str
    server_ms: float
    sql_ms: float
    queries: int
    rows: str
    p95_ms: float | None = None  # of the server time (the bench of this module gives it)

    @property
    def ratio(self) -> float:
        return self.server_ms / self.sql_ms


def samples_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    return statistics.median(samples_ms(fn, repeat, warmup))


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank): with 15 runs, the slowest but none."""
    ranked = sorted(samples)
    return ranked[max(0, -(-len(ranked) * 95 // 100) - 1)]


def capture(fn: Callable[[], object]) -> list[dict[str, str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return list(ctx.captured_queries)


def overview_key(row: Any) -> tuple[Any, ...]:
    return (
        row.unit.pk,
        row.target_sum,
        row.achieved_sum,
        row.missing,
        row.waiting,
        row.actions,
        row.accepted,
    )


def bodies_forget() -> None:
    """The unit dashboard's cached bodies deleted (dashboards/selectors/page.py)."""
    from django.core.cache import cache

    if not hasattr(cache, "_cache"):  # locmem (no REDIS_URL): this process's alone
        cache.clear()
        return
    client = cache._cache.get_client()
    keys = list(client.scan_iter(match=cache.make_key("dasbor:*")))
    if keys:
        client.delete(*keys)


def get_page(client: Any, url: str) -> Callable[[], object]:
    def fetch() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return fetch


def measure(repeat: int, *, explain: bool, save_html: str = "") -> list[Figure]:
    from django.db.models import Q
    from django.test import Client, override_settings

    from access.models import Unit
    from areas.models import WorkPlan
    from dashboards.selectors import latest_activity, unit_dashboard, units_overview
    from dashboards.selectors.lke import unit_lke_panel
    from dashboards.selectors.surveys import survey_panel

    figures: list[Figure] = []
    client = Client()
    client.force_login(ensure_superuser())
    province = Unit.objects.get(slug=PROVINCE_SLUG)
    plan = WorkPlan.objects.get(unit=province, year=YEAR)

    def timed(
        view: str, fn: Callable[[], object], sql_ms: float, rows: str
    ) -> list[dict[str, str]]:
        samples = samples_ms(fn, repeat)
        server_ms = statistics.median(samples)
        queries = capture(fn)  # warm: as in the timed runs
        figures.append(Figure(view, server_ms, sql_ms, len(queries), rows, p95(samples)))
        log(f"  {view}: {server_ms:.1f} ms (p95 {p95(samples):.1f})")
        return queries

    # 1. National: units_overview over every unit, against the bare SQL.
    national_sql = overview_sql(filtered=False)
    bare = run_sql(national_sql, {"year": YEAR})
    rows = units_overview(Unit.objects.all(), YEAR, on=ON)
    assert [overview_key(r) for r in rows] == bare, "national: SQL and selector disagree"
    sql_ms = median_ms(lambda: run_sql(national_sql, {"year": YEAR}), repeat)

    def national() -> object:
        return units_overview(Unit.objects.all(), YEAR, on=ON)

    captured = timed("national: units_overview()", national, sql_ms, f"{len(bare)} units")
    explain_queries("national view", captured, full=explain)
    top = Unit.objects.filter(parent=None).order_by("order").first()
    if top is not None and top.slug != PROVINCE_SLUG:
        # The national page: KPU RI beside its 38 provinces, each with its subtree added up
        # (all 553 units' figures), its LKE and survey cells.
        page = get_page(client, f"/satker/{top.slug}/provinsi/?tahun={YEAR}")
        timed(f"national page GET /satker/{top.slug}/provinsi/", page, sql_ms, f"{len(bare)} units")

    # 2. Province page: kpu-kalbar and its kab/kota.
    units = Unit.objects.filter(Q(pk=province.pk) | Q(parent=province)).order_by("order", "name")
    ids = list(units.values_list("pk", flat=True))
    province_sql = overview_sql(filtered=True)
    bare = run_sql(province_sql, {"year": YEAR, "units": ids})
    rows = units_overview(units, YEAR, on=ON)
    assert [overview_key(r) for r in rows] == bare, "province: SQL and selector disagree"
    sql_ms = median_ms(lambda: run_sql(province_sql, {"year": YEAR, "units": ids}), repeat)
    page = get_page(client, f"/satker/{PROVINCE_SLUG}/provinsi/?tahun={YEAR}")
    n = f"{len(bare)} units"
    timed("province page GET /satker/kpu-kalbar/provinsi/", page, sql_ms, n)
    timed(
        "  of which units_overview()", lambda: units_overview(units.all(), YEAR, on=ON), sql_ms, n
    )

    # 3. One unit's dashboard page, against the bare SQL of its cells.
    cells = run_sql(CELLS_SQL, {"plan": plan.pk})
    d = unit_dashboard(plan, on=ON)
    grid = [
        (cf.component.pk, c.month, c.target, c.real)
        for a in d.areas
        for cf in a.components
        for c in cf.cells
    ]
    assert grid == cells, "dashboard: SQL and selector cells disagree"
    sql_ms = median_ms(lambda: run_sql(CELLS_SQL, {"plan": plan.pk}), repeat)
    page = get_page(client, f"/satker/{PROVINCE_SLUG}/dasbor/?tahun={YEAR}")
    n = f"{len(cells)} cells"
    # Since issue 21's cache the page's body is kept (dashboards/selectors/page.py): the
    # warm runs are hits; with the bodies deleted before each run, every run is a miss (the
    # stamp, the cache's GET and SET and the body computed; the deleting, a SCAN of the
    # Redis database, is in the time).
    timed("unit dashboard GET /satker/kpu-kalbar/dasbor/ (cache hit)", page, sql_ms, n)
    timed("unit dashboard, cache miss", lambda: (bodies_forget(), page()), sql_ms, n)
    captured = timed("  of which unit_dashboard()", lambda: unit_dashboard(plan, on=ON), sql_ms, n)
    timed("    of which latest_activity()", lambda: latest_activity(plan), sql_ms, n)
    try:  # the LKE and survey panels read together since issue 21
        from dashboards.selectors.lke import dashboard_panels
    except ImportError:
        timed("  of which unit_lke_panel()", lambda: unit_lke_panel(province, YEAR), sql_ms, n)
        timed("  of which survey_panel()", lambda: survey_panel(province, YEAR), sql_ms, n)
    else:
        panels = lambda: dashboard_panels(province, YEAR)  # noqa: E731
        timed("  of which dashboard_panels() (LKE, surveys)", panels, sql_ms, n)
    # The rest of the page: session, user, context processors, charts and the template.
    precomputed = mock.patch("dashboards.selectors.page.unit_dashboard", lambda plan, **kw: d)
    with precomputed, override_settings(DASHBOARD_CACHE_SECONDS=0):
        timed("  miss with unit_dashboard() precomputed", page, sql_ms, n)
    explain_queries("unit_dashboard()", captured, full=explain)
    if save_html:
        # The page without what changes per request (the CSRF token, the CSP nonce), to compare
        # the HTML of two versions of the code.
        html = page().decode()  # type: ignore[attr-defined]
        html = re.sub(r'(csrfmiddlewaretoken" value=|nonce=|"X-CSRFToken": )"[^"]*"', r'\1""', html)
        Path(save_html).write_text(html)
        log(f"  dashboard HTML written to {save_html}")
    return figures


def explain_queries(title: str, captured: list[dict[str, str]], *, full: bool) -> None:
    """EXPLAIN ANALYZE each captured query: where the time goes (and how much is JIT)."""
    from django.db import connection

    print(f"\n{title}, per query (EXPLAIN ANALYZE):")
    with connection.cursor() as cursor:
        for n, query in enumerate(captured, start=1):
            # Captured SQL has its parameters inlined; escape % for the driver.
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"].replace("%", "%%"))
            plan = [line for (line,) in cursor.fetchall()]
            total = next((ln for ln in plan if ln.startswith("Execution Time")), "")
            jit = next((ln.strip() for ln in plan if "Timing:" in ln and "Generation" in ln), "")
            jit = "JIT " + jit.rsplit("Total", 1)[-1].strip() if jit else "no JIT"
            shape = f"{query['sql'].count(' JOIN ')} joins" + (
                ", ORDER BY" if " ORDER BY " in query["sql"] else ""
            )
            print(f"  query {n}: {total}, {jit}, {shape}: {query['sql'][:80]}…")
            if full:
                print("    SQL: " + query["sql"])
                for line in plan:
                    print("    " + line)


def machine() -> dict[str, str]:
    from django.db import connection

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        settings = {}
        for name in ("work_mem", "shared_buffers", "jit", "max_parallel_workers_per_gather"):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "postgresql": version,
        **settings,
    }


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown"
    return f"{commit}" + (f" + {len(changed)} modified files" if changed else "")


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_figures(figures: list[Figure], sizes: dict[str, int], *notes: str) -> None:
    """The machine, the code and the data measured, ``notes``, then one row per figure."""
    print("\nmachine: " + ", ".join(f"{k} {v}" for k, v in machine().items()))
    print(f"code: {code_version()}")
    print("data: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    for note in notes:
        print(note)
    width = max(50, *(len(f.view) for f in figures))
    header = (
        f"{'view':{width}} {'server ms':>10} {'p95 ms':>8} {'SQL ms':>8} {'ratio':>6} "
        f"{'queries':>8}  rows"
    )
    print("\n" + header)
    print("-" * len(header))
    for f in figures:
        tail = "" if f.p95_ms is None else f"{f.p95_ms:.1f}"
        print(
            f"{f.view:{width}} {f.server_ms:10.1f} {tail:>8} {f.sql_ms:8.1f} {f.ratio:6.2f} "
            f"{f.queries:8d}  {f.rows}"
        )


def report(figures: list[Figure], sizes: dict[str, int], repeat: int, load: str) -> None:
    print_figures(
        figures,
        sizes,
        f"median and p95 of {repeat} runs after 2 warm-up runs; year {YEAR}, all months "
        f"counted; server time: one request through django.test.Client in this process; "
        f"load average before/after: {load} / {loadavg()}",
    )
    national = figures[0]
    verdicts = [
        f"national {national.server_ms:.0f} ms "
        f"({'met' if national.server_ms <= GOAL_NATIONAL_MS else 'MISSED'}: ≤ {GOAL_NATIONAL_MS:.0f})"
    ]
    verdicts += [
        f"{f.view.split(' ')[0].rstrip(':')} ratio {f.ratio:.2f} "
        f"({'met' if f.ratio <= GOAL_RATIO else 'MISSED'}: ≤ {GOAL_RATIO:.0f})"
        for f in figures
        if not f.view.startswith(" ")
    ]
    print("\ngoals: " + "; ".join(verdicts))


def national_arguments(
    doc: str | None, argv: list[str] | None, *more: tuple[str, str]
) -> argparse.Namespace:
    """--units, --repeat and --rebuild (and the flags ``more``: name, help) of the national
    benches; the database made ready (created, or dropped with --rebuild) and Django set up."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument(
        "--units", type=int, default=NATIONAL_UNITS, help=f"units in all (default {NATIONAL_UNITS})"
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--rebuild", action="store_true", help="drop the database and refill")
    for flag, text in more:
        parser.add_argument(flag, action="store_true", help=text)
    args = parser.parse_args(argv)
    if args.units < 16:
        parser.error("--units must be at least 16 (the top unit, the province and its 14 kab/kota)")
    ensure_database(database_settings(), rebuild=args.rebuild)
    django.setup()
    return args


def main(argv: list[str] | None = None) -> int:
    args = national_arguments(
        __doc__,
        argv,
        ("--explain", "print full EXPLAIN plans"),
        ("--save-html", "write the dashboard page's HTML to dashboard.html (to compare)"),
    )
    build(args.units)
    sizes = data_sizes()
    load = loadavg()
    html = "dashboard.html" if args.save_html else ""
    figures = measure(args.repeat, explain=args.explain, save_html=html)
    report(figures, sizes, args.repeat, load)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
