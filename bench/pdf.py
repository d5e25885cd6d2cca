"""PDF benchmark: the decree through the portal's service, and 15 monthly reports on workers.

1. One document in this process: an export job run as a worker's task runs it
   (``reports.services.job_run``: HTML from the database, WeasyPrint, PAdES signature,
   stored file and row) against WeasyPrint alone on the same HTML string, with the time of
   each stage. Goal for the decree: service ≤ 1.2 × WeasyPrint alone. The unit monthly
   report is measured the same way, for information.
2. Monthly reports on workers: the 15 unit reports of one month (kpu-kalbar and its 14
   kab/kota), queued with ``job_request`` and rendered by real ``celery worker`` processes
   (prefork pool) on Redis, with ``--concurrency 1`` and ``--concurrency 2``; wall time from
   the first enqueue to the last job finished. Goal: two processes ≥ 1.8 × faster than one.

    .venv/bin/python bench/pdf.py [--repeat 7] [--rounds 3] [--month 12] [--wait-quiet 600]
        [--rebuild] [--skip-documents] [--skip-workers] [--workdir DIR]

The script uses its own PostgreSQL database (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/zi_bench_pdf; the name must contain "bench"), Redis
database 12 (``BENCH_REDIS_URL``, flushed at start) and a work folder for the signing
certificate, the stored PDFs and the worker logs (``--workdir``, default
$TMPDIR/zi-bench-pdf). Figures go to stdout, progress to stderr; the figures of the last run
on the reference machine are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from benchdb import database_settings, ensure_database, log

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR = 2025
PROVINCE_SLUG = "kpu-kalbar"
SEED = "zi-bench-pdf-1"
REPORT_UNITS = 15
GOAL_DECREE_RATIO = 1.2
GOAL_SPEEDUP = 1.8
POLL_SECONDS = 0.1
QUIET_CORES = 0.25  # a round counts as quiet when other processes used less than this
BATCH_TIMEOUT = 900.0
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "zi-bench-pdf"


# --- environment (before django.setup: the worker subprocesses inherit it) --------------------


def configure_environment(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
    os.environ["ZI_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench_pdf")
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private")
    os.environ["SIGNING_KEY_FILE"] = str(workdir / "signing" / "key.pem")
    os.environ["SIGNING_CERT_FILE"] = str(workdir / "signing" / "cert.pem")
    os.environ["SIGNING_KEY_PASSPHRASE"] = ""
    # A job's run is timed as a worker runs it: no persistent connection in either.
    os.environ["CONN_MAX_AGE"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


# --- the data ---------------------------------------------------------------------------------


def _percent(value: float) -> Decimal:
    return Decimal(str(round(min(100.0, max(0.0, value)), 2))).quantize(Decimal("0.01"))


def build() -> None:
    """Migrate, load the plan, copy it to the 14 kab/kota, fill a year of progress."""
    from django.core.management import call_command

    from access.models import Unit
    from areas.models import ActionItem, Component, MonthlyTarget, WorkPlan
    from areas.services import plan_copy, plan_load, read_plan_file
    from evidence.models import Evidence
    from targets.models import ActionItemStatus, ProgressEntry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not WorkPlan.objects.filter(unit__slug=PROVINCE_SLUG, year=YEAR).exists():
        log("loading the plan")
        plan_load(data=read_plan_file())
    source = WorkPlan.objects.select_related("unit").get(unit__slug=PROVINCE_SLUG, year=YEAR)
    for unit in Unit.objects.filter(parent=source.unit).exclude(plans__year=YEAR):
        plan_copy(source=source, unit=unit)
    plans = list(
        WorkPlan.objects.filter(year=YEAR)
        .exclude(components__entries__isnull=False)
        .select_related("unit")
        .order_by("pk")
    )
    statuses = [s for s, _ in ActionItemStatus.Status.choices]
    evidence_statuses = [s for s, _ in Evidence.Status.choices]
    for plan in plans:
        rng = random.Random(f"{SEED}-{plan.unit.slug}")  # noqa: S311
        targets = {
            (cid, month): float(p)
            for cid, month, p in MonthlyTarget.objects.filter(component__plan=plan).values_list(
                "component_id", "month", "percent"
            )
        }
        entries = []
        for component in Component.objects.filter(plan=plan).order_by("pk"):
            for month in range(1, 13):
                if rng.random() < 0.06:
                    continue  # a month nobody filled in
                target = targets.get((component.pk, month))
                value = rng.uniform(0, 100) if target is None else rng.gauss(target - 4, 15)
                entries.append(
                    ProgressEntry(
                        component=component,
                        month=month,
                        percent=_percent(value),
                        activities=f"Pelaksanaan {component.name.lower()} bulan {month}: "
                        "rapat koordinasi, penyusunan dokumen dan sosialisasi kepada pegawai.",
                        obstacles="Jadwal kegiatan bersamaan dengan tahapan pemilihan."
                        if rng.random() < 0.4
                        else "",
                        follow_up="Penjadwalan ulang dan pembagian tugas tim kerja."
                        if rng.random() < 0.4
                        else "",
                    )
                )
        ProgressEntry.objects.bulk_create(entries, batch_size=2000)
        rows, evidence = [], []
        for action in ActionItem.objects.filter(area__plan=plan).order_by("pk"):
            for month in range(1, 13):
                rows.append(
                    ActionItemStatus(
                        action=action,
                        month=month,
                        status=rng.choice(statuses),
                        note="Sesuai jadwal." if rng.random() < 0.3 else "",
                    )
                )
            for month in sorted(rng.sample(range(1, 13), 5)):
                evidence.append(
                    Evidence(
                        action=action,
                        month=month,
                        status=rng.choice(evidence_statuses),
                        current_version=1,
                    )
                )
        ActionItemStatus.objects.bulk_create(rows, batch_size=2000)
        Evidence.objects.bulk_create(evidence, batch_size=2000)
        log(
            f"  {plan.unit.slug}: {len(entries)} entries, {len(rows)} statuses, "
            f"{len(evidence)} evidence"
        )
    log(f"data ready in {time.perf_counter() - started:.1f} s")


def ensure_superuser() -> Any:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.invalid", None)
    return user


def reset_jobs(workdir: Path) -> None:
    """No jobs or stored documents from an earlier run; an empty broker database."""
    import redis
    from django.conf import settings

    from reports.models import ReportJob

    ReportJob.objects.all().delete()
    shutil.rmtree(workdir / "private" / "documents", ignore_errors=True)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def report_units() -> list[Any]:
    from django.db.models import Q

    from access.models import Unit

    province = Unit.objects.get(slug=PROVINCE_SLUG)
    units = list(
        Unit.objects.filter(Q(pk=province.pk) | Q(parent=province)).order_by("order", "name")
    )
    if len(units) != REPORT_UNITS:
        raise SystemExit(f"expected {REPORT_UNITS} units under {PROVINCE_SLUG}, found {len(units)}")
    return units


# --- 1. one document in this process ----------------------------------------------------------


@dataclass
class Stages:
    """Where one instrumented job_run spent its time (ms)."""

    total: float = 0.0
    html: float = 0.0
    weasyprint: float = 0.0
    key_load: float = 0.0
    sign: float = 0.0  # pdf_sign, including key_load
    store: float = 0.0
    html_text: str = ""

    @property
    def rest(self) -> float:
        return self.total - self.html - self.weasyprint - self.sign - self.store


def timed_wrapper(
    original: Callable[..., Any], stages: Stages, name: str, keep: bool = False
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = original(*args, **kwargs)
        setattr(stages, name, getattr(stages, name) + (time.perf_counter() - started) * 1000)
        if keep:
            stages.html_text = result
        return result

    return wrapper


@contextmanager
def instrumented(stages: Stages) -> Iterator[None]:
    """Timers around the stages of job_run; each wrapper calls the application's function."""
    from reports import jobs, rendering, signing
    from reports import selectors as documents

    patches = [
        # HTML: the decree in one call; a unit report as its context, then the template.
        mock.patch.object(
            documents, "decree_html", timed_wrapper(documents.decree_html, stages, "html", True)
        ),
        mock.patch.object(
            documents,
            "unit_report_context",
            timed_wrapper(documents.unit_report_context, stages, "html"),
        ),
        mock.patch.object(
            documents, "report_html", timed_wrapper(documents.report_html, stages, "html", True)
        ),
        mock.patch.object(
            rendering,
            "pdf_from_html",
            timed_wrapper(rendering.pdf_from_html, stages, "weasyprint"),
        ),
        mock.patch.object(jobs, "pdf_sign", timed_wrapper(jobs.pdf_sign, stages, "sign")),
        mock.patch.object(signing, "_signer", timed_wrapper(signing._signer, stages, "key_load")),
        mock.patch.object(jobs, "_job_finish", timed_wrapper(jobs._job_finish, stages, "store")),
    ]
    for p in patches:
        p.start()
    try:
        yield
    finally:
        for p in reversed(patches):
            p.stop()


def run_job(user: Any, unit: Any, kind: str, month: int | None) -> tuple[float, Any]:
    """Create a queued job without enqueueing it (no worker runs in this part) and run it
    in this process, as a worker's task does: ``job_run(job_id=…)``."""
    from reports.models import ReportJob
    from reports.services import job_run

    job = ReportJob.objects.create(kind=kind, unit=unit, year=YEAR, month=month, requested_by=user)
    started = time.perf_counter()
    job = job_run(job_id=job.pk)
    elapsed = (time.perf_counter() - started) * 1000
    assert job.status == ReportJob.Status.SELESAI, (job.status, job.error)
    return elapsed, job


def weasyprint_alone(html: str) -> float:
    import weasyprint
    from django.conf import settings

    started = time.perf_counter()
    weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return (time.perf_counter() - started) * 1000


@dataclass
class DocumentFigures:
    name: str
    service: list[float]
    alone: list[float]
    stages: list[Stages]
    pdf_bytes: int
    signed_bytes: int
    html_chars: int
    pages: int

    @property
    def ratio(self) -> float:
        return statistics.median(self.service) / statistics.median(self.alone)


def measure_document(
    name: str, kind: str, month: int | None, repeat: int, user: Any
) -> DocumentFigures:
    """job_run, instrumented job_run and WeasyPrint alone, interleaved, so that drift in the
    machine's load affects the three series alike."""
    import weasyprint
    from django.conf import settings

    from access.models import Unit
    from reports.services import job_output_bytes, pdf_signature_check

    unit = Unit.objects.get(slug=PROVINCE_SLUG)
    log(f"{name}: warm-up")
    warm = Stages()
    with instrumented(warm):
        run_job(user, unit, kind, month)
    weasyprint_alone(warm.html_text)
    service, alone, stages = [], [], []
    job: Any = None
    for n in range(1, repeat + 1):
        elapsed, job = run_job(user, unit, kind, month)
        service.append(elapsed)
        s = Stages()
        with instrumented(s):
            s.total, _ = run_job(user, unit, kind, month)
        stages.append(s)
        alone.append(weasyprint_alone(s.html_text))
        log(f"  {n}/{repeat}: service {elapsed:.0f} ms, WeasyPrint alone {alone[-1]:.0f} ms")
    signed = job_output_bytes(job)
    check = pdf_signature_check(signed)
    assert check.valid, check.message
    html = stages[-1].html_text
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return DocumentFigures(
        name=name,
        service=service,
        alone=alone,
        stages=stages,
        pdf_bytes=len(document.write_pdf()),
        signed_bytes=len(signed),
        html_chars=len(html),
        pages=len(document.pages),
    )


# --- 2. monthly reports on celery workers -----------------------------------------------------


class Worker:
    """A `celery worker` subprocess (prefork pool), stopped by its PID."""

    def __init__(self, concurrency: int, logfile: Path) -> None:
        self.concurrency = concurrency
        self.logfile = logfile
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90) -> None:
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        self.logfile.write_bytes(b"")
        handle = self.logfile.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "zi_portal",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(self.concurrency),
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "--hostname",
                f"bench-pdf-c{self.concurrency}-{time.time_ns()}@%h",
            ],
            cwd=ROOT,
            env={**os.environ, "LOG_LEVEL": "INFO"},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        handle.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.logfile.read_bytes():
                return
            if self.process.poll() is not None:
                raise RuntimeError("celery worker exited:\n" + self.logfile.read_text())
            time.sleep(0.2)
        self.stop()
        raise TimeoutError("celery worker not ready:\n" + self.logfile.read_text())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)  # warm shutdown: the pool children end too
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs together, from /proc/stat."""
    fields_ = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields_[3] + fields_[4]  # idle + iowait
    total = sum(fields_[:8])
    return total - idle, total


def process_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    after = stat.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on
    return int(after[11]) + int(after[12])


def wait_quiet(limit: float) -> None:
    """Wait (up to ``limit`` seconds) for a 5 s window in which the CPUs are < 10 % busy."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy0, total0 = cpu_ticks()
        time.sleep(5)
        busy1, total1 = cpu_ticks()
        share = (busy1 - busy0) / max(total1 - total0, 1)
        if share < 0.10:
            return
        log(f"  waiting for a quiet machine: {share:.0%} busy")
    log("  the machine did not become quiet; measuring anyway")


def own_ticks(worker_pid: int) -> int:
    """CPU of this process, the worker and its pool processes (children of the worker)."""
    pids = [os.getpid(), worker_pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == worker_pid:
                pids.append(int(entry.name))
    return sum(process_ticks(pid) for pid in pids)


@dataclass
class Batch:
    concurrency: int
    round: int
    wall_s: float
    job_s: list[float] = field(default_factory=list)  # started → finished, per job
    cpu_busy: float = 0.0  # share of all cores busy during the batch
    others: float = 0.0  # cores used by other processes during the batch (PostgreSQL too)
    sizes: list[int] = field(default_factory=list)
    failed: int = 0


def queue_reports(user: Any, units: list[Any], month: int) -> list[int]:
    from reports.models import ReportJob
    from reports.services import job_request

    ids = []
    for unit in units:
        job, created = job_request(
            user=user, kind=ReportJob.Kind.UNIT_REPORT, unit=unit, year=YEAR, month=month
        )
        assert created, f"a job for {unit} was already queued"
        ids.append(job.pk)
    return ids


def wait_finished(ids: list[int]) -> list[Any]:
    from reports.models import ReportJob

    deadline = time.monotonic() + BATCH_TIMEOUT
    while time.monotonic() < deadline:
        if not ReportJob.objects.filter(pk__in=ids, status__in=ReportJob.ACTIVE).exists():
            return list(ReportJob.objects.filter(pk__in=ids))
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"jobs {ids} not finished after {BATCH_TIMEOUT:.0f} s")


def delete_reports() -> None:
    from reports.models import ReportJob

    for job in ReportJob.objects.filter(kind=ReportJob.Kind.UNIT_REPORT):
        if job.output:
            job.output.delete(save=False)
        job.delete()


def run_batch(
    concurrency: int,
    round_: int,
    user: Any,
    units: list[Any],
    month: int,
    workdir: Path,
    quiet_wait: float,
) -> Batch:
    from reports.models import ReportJob

    worker = Worker(concurrency, workdir / f"worker-c{concurrency}-r{round_}.log")
    worker.start()
    try:
        # Warm-up: every pool process renders a report before the clock starts (imports,
        # fonts, template loading), as in a worker that has been running for a while.
        warm_month = 1 if month != 1 else 2
        wait_finished(queue_reports(user, units[: 2 * concurrency], warm_month))
        delete_reports()
        if quiet_wait:
            wait_quiet(quiet_wait)
        assert worker.process is not None
        busy0, total0 = cpu_ticks()
        own0 = own_ticks(worker.process.pid)
        started = time.time()
        ids = queue_reports(user, units, month)
        jobs = wait_finished(ids)
        own1 = own_ticks(worker.process.pid)
        busy1, total1 = cpu_ticks()
    finally:
        worker.stop()
    done = [j for j in jobs if j.status == ReportJob.Status.SELESAI]
    last = max((j.finished_at for j in jobs if j.finished_at), default=None)
    wall = (last.timestamp() - started) if last else float("nan")
    batch = Batch(
        concurrency=concurrency,
        round=round_,
        wall_s=wall,
        job_s=[(j.finished_at - j.started_at).total_seconds() for j in done],
        cpu_busy=(busy1 - busy0) / max(total1 - total0, 1),
        others=((busy1 - busy0) - (own1 - own0)) / max(total1 - total0, 1) * (os.cpu_count() or 1),
        sizes=[j.size or 0 for j in done],
        failed=len(jobs) - len(done),
    )
    delete_reports()
    log(
        f"  concurrency {concurrency}, round {round_}: {wall:.1f} s for {len(jobs)} reports "
        f"({batch.failed} failed), CPU {batch.cpu_busy:.0%} busy, "
        f"other processes {batch.others:.2f} cores"
    )
    return batch


def measure_reports(
    rounds: int, user: Any, month: int, workdir: Path, quiet_wait: float
) -> list[Batch]:
    """Alternating 1, 2, 1, 2 … so that drift in the machine's load hits both alike."""
    from django.conf import settings

    from reports.models import ReportJob
    from reports.services import job_output_bytes, pdf_signature_check

    units = report_units()
    batches = []
    for round_ in range(1, rounds + 1):
        for concurrency in (1, 2):
            batches.append(run_batch(concurrency, round_, user, units, month, workdir, quiet_wait))
    # One more report, kept, to check that a worker's output is a signed PDF.
    worker = Worker(1, workdir / "worker-check.log")
    worker.start()
    try:
        (job,) = wait_finished(queue_reports(user, units[:1], month))
    finally:
        worker.stop()
    assert job.status == ReportJob.Status.SELESAI, job.error
    check = pdf_signature_check(job_output_bytes(job))
    assert check.valid, check.message
    log(f"  signature of a worker's report: {check.message} ({settings.SIGNING_CERT_FILE})")
    return batches


# --- output -----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from importlib.metadata import version

    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "postgresql": pg,
        "weasyprint": version("weasyprint"),
        "pyhanko": version("pyhanko"),
        "celery": version("celery"),
    }


def code_version() -> str:
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
    return commit + (f" + {len(changed)} modified files" if changed else "")


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def spread(values: list[float], fmt: str = ".0f") -> str:
    return f"{min(values):{fmt}}–{max(values):{fmt}}"


def report_documents(docs: list[DocumentFigures], repeat: int) -> None:
    med = statistics.median
    print(
        f"\n1. One document through the service, in this process (kpu-kalbar {YEAR}); "
        f"median of {repeat} runs after 1 warm-up, interleaved with WeasyPrint alone"
    )
    for d in docs:
        print(
            f"\n{d.name}: {d.pages} pages, HTML {d.html_chars:,} characters, "
            f"PDF {d.pdf_bytes:,} bytes unsigned / {d.signed_bytes:,} signed"
        )
        header = f"{'':52} {'median ms':>10} {'range ms':>13} {'share':>6}"
        print(header)
        print("-" * len(header))
        total = med([s.total for s in d.stages])
        rows = [
            ("service: job_run (HTML, WeasyPrint, sign, store)", d.service, None),
            ("WeasyPrint alone on the same HTML", d.alone, None),
            ("instrumented job_run", [s.total for s in d.stages], total),
            ("  HTML from the database and templates", [s.html for s in d.stages], total),
            ("  WeasyPrint (pdf_from_html)", [s.weasyprint for s in d.stages], total),
            ("  signing (pdf_sign)", [s.sign for s in d.stages], total),
            ("    of which loading key and certificate", [s.key_load for s in d.stages], total),
            (
                "  storing (_job_finish: version, SHA-256, file, row)",
                [s.store for s in d.stages],
                total,
            ),
            ("  the rest (job claim, progress updates, plan)", [s.rest for s in d.stages], total),
        ]
        for name, values, whole in rows:
            share = f"{med(values) / whole:6.0%}" if whole else ""
            print(f"{name:52} {med(values):10.1f} {spread(values):>13} {share:>6}")
        verdict = ""
        if d.name == "decree":
            verdict = (
                f" ({'met' if d.ratio <= GOAL_DECREE_RATIO else 'MISSED'}: ≤ {GOAL_DECREE_RATIO})"
            )
        pairs = [a / b for a, b in zip(d.service, d.alone, strict=True)]
        print(
            f"ratio service / WeasyPrint alone: {d.ratio:.2f}{verdict}; "
            f"per interleaved pair {spread(pairs, '.2f')}"
        )


def report_batches(batches: list[Batch], month: int) -> None:
    print(
        f"\n2. Monthly reports: {REPORT_UNITS} unit reports ({month:02d}/{YEAR}) queued with "
        "job_request, celery worker --pool prefork on Redis; wall time from the first "
        "enqueue to the last finished_at; each batch after a warm-up of 2 reports per process"
    )
    header = (
        f"{'concurrency':>11} {'round':>5} {'wall s':>7} {'job median s':>12} "
        f"{'job range s':>12} {'CPU busy':>8} {'others':>6} {'failed':>6}"
    )
    print(header)
    print("-" * len(header))
    for b in batches:
        print(
            f"{b.concurrency:11d} {b.round:5d} {b.wall_s:7.1f} {statistics.median(b.job_s):12.2f} "
            f"{spread(b.job_s, '.2f'):>12} {b.cpu_busy:8.0%} {b.others:6.2f} {b.failed:6d}"
        )
    one = [b.wall_s for b in batches if b.concurrency == 1]
    two = [b.wall_s for b in batches if b.concurrency == 2]
    speedup = statistics.median(one) / statistics.median(two)
    pairs = [a / b for a, b in zip(one, two, strict=True)]
    sizes = [s for b in batches for s in b.sizes]
    print(
        f"median wall: 1 process {statistics.median(one):.1f} s, 2 processes "
        f"{statistics.median(two):.1f} s; speed-up {speedup:.2f} "
        f"(per round {spread(pairs, '.2f')}) "
        f"({'met' if speedup >= GOAL_SPEEDUP else 'MISSED'}: ≥ {GOAL_SPEEDUP}); "
        f"report size {spread([float(s) for s in sizes])} bytes"
    )
    ideal = REPORT_UNITS / -(-REPORT_UNITS // 2)
    print(
        f"{REPORT_UNITS} equal jobs on 2 processes take {-(-REPORT_UNITS // 2)} job times: "
        f"the speed-up cannot exceed {ideal:.3f} even on two free cores"
    )
    quiet = [
        a.wall_s / b.wall_s
        for a, b in zip(
            [b for b in batches if b.concurrency == 1],
            [b for b in batches if b.concurrency == 2],
            strict=True,
        )
        if a.others < QUIET_CORES and b.others < QUIET_CORES
    ]
    print(
        "others: cores used by other processes during the batch (total busy minus this "
        "process, the worker and its pool; includes PostgreSQL); rounds with < "
        f"{QUIET_CORES} in both batches: {len(quiet)}"
        + (f", speed-up {spread(quiet, '.2f')}" if quiet else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed runs per document in part 1 (default 7)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="batches of 15 reports per concurrency (default 3)"
    )
    parser.add_argument("--month", type=int, default=12, help=f"report month of {YEAR}")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and refill")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each batch, wait up to this long for the CPUs to be idle (shared machines)",
    )
    parser.add_argument("--skip-documents", action="store_true", help="leave out part 1")
    parser.add_argument("--skip-workers", action="store_true", help="leave out part 2")
    args = parser.parse_args(argv)
    if not 1 <= args.month <= 12:
        parser.error("--month must be 1–12")

    workdir: Path = args.workdir.resolve()
    configure_environment(workdir)
    config = database_settings()
    ensure_database(config, rebuild=args.rebuild)

    import django

    django.setup()
    from django.core.management import call_command

    build()
    with open(os.devnull, "w") as quiet:
        call_command("create_signing_certificate", stdout=quiet)
    reset_jobs(workdir)
    user = ensure_superuser()
    load = loadavg()
    docs = []
    if not args.skip_documents:
        docs.append(measure_document("decree", "keputusan", None, args.repeat, user))
        docs.append(
            measure_document(
                f"unit monthly report {args.month:02d}/{YEAR}",
                "laporan",
                args.month,
                args.repeat,
                user,
            )
        )
        reset_jobs(workdir)
    batches = (
        []
        if args.skip_workers
        else measure_reports(args.rounds, user, args.month, workdir, args.wait_quiet)
    )

    print("\nmachine: " + ", ".join(f"{k} {v}" for k, v in machine().items()))
    print(f"code: {code_version()}; database {config['NAME']}; work folder {workdir}")
    print(f"load average before/after: {load} / {loadavg()}")
    if docs:
        report_documents(docs, args.repeat)
    if batches:
        report_batches(batches, args.month)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
