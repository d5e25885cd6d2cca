"""Submission package benchmark: a unit's LKE package with about 1 GB of evidence.

Fills a PostgreSQL database whose name contains "bench" with the kpu-kalbar 2025 plan, the
2026 worksheet and the unit's assessment, and writes FILES evidence files of SIZE_MB MB of
random bytes (seeded) straight into the private storage, with their Evidence /
EvidenceVersion / EvidenceFile rows bulk-created: one evidence per action item and month,
on the action items that name exactly one LKE question, so that each file is in the ZIP
once. Then builds the package as a worker does (``reports.jobs.job_run`` of a package job,
which calls ``transfer.package.build.package_build``), each run in a fresh Python process so that
its peak resident memory (VmHWM; see ``peak_rss_mb``) is the build's own:

- ``issue``: no current LHE, so the job renders, signs and issues one inside it;
- ``reuse``: the LHE issued by the run before is current and reused;
- ``traced``: as ``reuse``, under ``tracemalloc`` (peak of Python allocations; its time is
  not a figure: tracing slows Python down).

Each run reports wall time, the time of its stages (LHE, workbook, index PDF, evidence copy,
hashing the finished ZIP, storing it), the ZIP's size and the process's peak resident
memory before and after the build.
After the first run the ZIP is checked against its MANIFEST.sha256, member by member,
streamed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_package \\
        .venv/bin/python bench/lke_package.py [--files 200] [--size-mb 5] [--repeat 3]
        [--rebuild] [--workdir DIR]

The data is kept between runs (``--rebuild`` drops the database and the files). The work
folder (default $TMPDIR/zi-bench-package) holds the private storage (1 GB of evidence plus
one package at a time) and the signing certificate. Figures go to stdout, progress to
stderr; the figures of the last run on the reference machine are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench_package")

from benchdb import database_settings, ensure_database, log  # noqa: E402
from pdf import code_version, configure_environment, loadavg, machine  # noqa: E402

YEAR = 2025
UNIT_SLUG = "kpu-kalbar"
SEED = "zi-bench-package-1"
MB = 1024 * 1024
DEFAULT_WORKDIR = Path(tempfile.gettempdir()) / "zi-bench-package"
STAGES = ("lhe", "workbook", "index_pdf", "evidence", "zip_hash", "store")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far: VmHWM of /proc/self/status (Linux).

    Not ``ru_maxrss``: Linux carries the parent's resident size at fork over ``execve`` into
    the child's ``ru_maxrss``, so a child started by a big parent reports the parent's size.
    VmHWM belongs to the process's own memory map. ``ru_maxrss`` is reported beside it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the data ---------------------------------------------------------------------------------


def build(files: int, size_mb: int) -> None:
    """Migrate, load the plan and the worksheet, start the assessment, write the evidence."""
    from django.core.management import call_command

    from access.models import Unit
    from areas.models import WorkPlan
    from areas.services import plan_load, read_plan_file
    from evidence.models import EvidenceFile
    from lke.models import Worksheet
    from lke.services import assessment_start, read_worksheet_files, worksheet_load

    call_command("migrate", verbosity=0)
    if not WorkPlan.objects.filter(unit__slug=UNIT_SLUG, year=YEAR).exists():
        log("loading the plan")
        plan_load(data=read_plan_file())
    if not Worksheet.objects.exists():
        log("loading the worksheet")
        worksheet_load(**read_worksheet_files())
    unit = Unit.objects.get(slug=UNIT_SLUG)
    assessment_start(unit=unit, year=YEAR, user=None)
    rows = EvidenceFile.objects.filter(version__evidence__action__area__plan__unit=unit)
    if rows.count() == files and all(r.file.storage.exists(r.file.name) for r in rows):
        log(f"{files} evidence files in place")
        return
    write_evidence(unit, files, size_mb)


def write_evidence(unit: Any, files: int, size_mb: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from areas.models import ActionItem
    from evidence.models import Evidence, EvidenceFile, EvidenceVersion

    Evidence.objects.filter(action__area__plan__unit=unit).delete()
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "evidence" / unit.slug / str(YEAR)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    user = ensure_superuser(get_user_model())
    rng = random.Random(SEED)  # noqa: S311
    # Action items naming one question: each file is in the package once (an item naming
    # two questions puts its files in both folders).
    rows = ActionItem.objects.filter(area__plan__unit=unit, area__plan__year=YEAR).order_by("pk")
    actions = [a for a in rows if len(a.lke_codes) == 1]
    slots = [(a, m) for m in range(1, 13) for a in actions][:files]
    statuses = [s for s, _ in Evidence.Status.choices]
    evidence = Evidence.objects.bulk_create(
        [
            Evidence(action=a, month=m, status=rng.choice(statuses), current_version=1)
            for a, m in slots
        ]
    )
    versions = EvidenceVersion.objects.bulk_create(
        [EvidenceVersion(evidence=e, number=1, uploaded_by=user) for e in evidence]
    )
    started, rows = time.perf_counter(), []
    for index, version in enumerate(versions):
        data = rng.randbytes(size_mb * MB)
        name = f"evidence/{unit.slug}/{YEAR}/bench-{index:04d}.pdf"
        (Path(settings.PRIVATE_MEDIA_ROOT) / name).write_bytes(data)
        rows.append(
            EvidenceFile(
                version=version,
                file=name,
                original_name=f"bukti-{index % 7}.pdf",  # names collide inside a folder
                kind="pdf",
                content_type="application/pdf",
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    EvidenceFile.objects.bulk_create(rows)
    total = files * size_mb
    log(f"wrote {files} files, {total} MB, in {time.perf_counter() - started:.1f} s")


def ensure_superuser(user_model: Any) -> Any:
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.invalid", None)
    return user


# --- one build, in a process of its own ---------------------------------------------------------


@contextmanager
def stage_timers(times: dict[str, float]) -> Iterator[None]:
    """Timers around the builder's stages; each wrapper calls the application's function."""
    from reports import jobs
    from transfer.package import build as package
    from transfer.package import index as package_index

    def timed(original: Callable[..., Any], name: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    with (
        mock.patch.object(package, "lhe_issue_current", timed(package.lhe_issue_current, "lhe")),
        mock.patch.object(package, "book_bytes", timed(package.book_bytes, "workbook")),
        mock.patch.object(package_index, "index_pdf", timed(package_index.index_pdf, "index_pdf")),
        mock.patch.object(package, "_add_evidence", timed(package._add_evidence, "evidence")),
        mock.patch.object(package, "_file_sha256", timed(package._file_sha256, "zip_hash")),
        mock.patch.object(jobs, "_job_finish", timed(jobs._job_finish, "store")),
    ):
        yield


def child(scenario: str) -> None:
    """Build one package and print its figures as JSON (the parent collects them)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from access.models import Unit
    from reports.jobs import job_run
    from reports.models import ReportJob

    unit = Unit.objects.get(slug=UNIT_SLUG)
    user = ensure_superuser(get_user_model())
    if scenario == "issue":
        for lhe in ReportJob.objects.filter(kind=ReportJob.Kind.LHE):
            lhe.output.delete(save=False)
            lhe.delete()
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.PACKAGE,
        unit=unit,
        year=YEAR,
        requested_by=user,
        dispatched_at=timezone.now(),  # run here, never sent to a broker
    )
    if scenario == "traced":
        tracemalloc.start()
    before = peak_rss_mb()
    times: dict[str, float] = {}
    started = time.perf_counter()
    with stage_timers(times):
        job = job_run(job_id=job.pk)
    wall = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / MB if scenario == "traced" else None
    if job.status != ReportJob.Status.SELESAI:
        raise SystemExit(f"package failed: {job.error}")
    figures = {
        "scenario": scenario,
        "wall_s": wall,
        "stages_s": times,
        "zip_mb": (job.size or 0) / MB,
        "rss_before_mb": before,
        "rss_peak_mb": peak_rss_mb(),
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced_peak_mb": traced,
        "path": job.output.path,
        "lhe_versions": ReportJob.objects.filter(kind=ReportJob.Kind.LHE).count(),
    }
    print(json.dumps(figures))


def run_child(scenario: str, workdir: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", scenario, "--workdir", str(workdir)]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=False)
    if done.returncode:
        raise SystemExit(f"{scenario} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_zip(path: str) -> int:
    """Stream every member listed in MANIFEST.sha256 and compare; the number checked."""
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("MANIFEST.sha256").decode().splitlines()
        for line in lines:
            digest, name = line[:64], line[66:]
            hasher = hashlib.sha256()
            with archive.open(name) as member:
                while chunk := member.read(MB):
                    hasher.update(chunk)
            if hasher.hexdigest() != digest:
                raise SystemExit(f"manifest mismatch: {name}")
        return len(lines)


def clear_packages() -> None:
    """No package from an earlier run (its ZIP deleted): the disk holds one at a time."""
    from reports.models import ReportJob

    for job in ReportJob.objects.filter(kind=ReportJob.Kind.PACKAGE):
        job.output.delete(save=False)
        job.delete()


# --- the report -------------------------------------------------------------------------------


def report(results: list[dict[str, Any]], files: int, size_mb: int) -> None:
    print("\nmachine: " + ", ".join(f"{k} {v}" for k, v in machine().items()))
    print(f"code: {code_version()}; load average at the end: {loadavg()}")
    print(f"data: {files} evidence files × {size_mb} MB = {files * size_mb / 1024:.2f} GB")
    header = f"{'run':8} {'wall s':>7} " + " ".join(f"{s + ' s':>10}" for s in STAGES)
    print(header + f" {'ZIP MB':>8} {'HWM before':>11} {'HWM peak':>9} {'maxrss':>7} {'traced':>7}")
    for r in results:
        stages = " ".join(f"{r['stages_s'].get(s, 0.0):10.2f}" for s in STAGES)
        traced = f"{r['traced_peak_mb']:7.1f}" if r["traced_peak_mb"] is not None else f"{'':>7}"
        print(
            f"{r['scenario']:8} {r['wall_s']:7.2f} {stages} {r['zip_mb']:8.1f} "
            f"{r['rss_before_mb']:11.1f} {r['rss_peak_mb']:9.1f} {r['ru_maxrss_mb']:7.1f} {traced}"
        )
    for scenario in ("issue", "reuse"):
        walls = [r["wall_s"] for r in results if r["scenario"] == scenario]
        peaks = [r["rss_peak_mb"] for r in results if r["scenario"] == scenario]
        if walls:
            print(
                f"{scenario}: median {statistics.median(walls):.2f} s "
                f"({min(walls):.2f}–{max(walls):.2f}), "
                f"{files * size_mb / statistics.median(walls):.0f} MB/s; "
                f"peak resident memory (VmHWM) {min(peaks):.0f}–{max(peaks):.0f} MB"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="evidence files (default 200)")
    parser.add_argument("--size-mb", type=int, default=5, help="MB per file (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and files")
    parser.add_argument("--child", choices=["issue", "reuse", "traced"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    workdir: Path = args.workdir.resolve()
    configure_environment(workdir)
    if args.child:
        child(args.child)
        return 0
    config = database_settings()
    if args.rebuild:
        shutil.rmtree(workdir / "private", ignore_errors=True)
    ensure_database(config, rebuild=args.rebuild)

    import django

    django.setup()
    from django.core.management import call_command

    build(args.files, args.size_mb)
    with open(os.devnull, "w") as quiet:
        call_command("create_signing_certificate", stdout=quiet)
    results = []
    for round_number in range(args.repeat):
        for scenario in ("issue", "reuse"):
            clear_packages()
            log(f"round {round_number + 1}: {scenario}")
            results.append(run_child(scenario, workdir))
            if len(results) == 1:
                log(f"checked {check_zip(results[0]['path'])} files against MANIFEST.sha256")
    clear_packages()
    log("traced run")
    results.append(run_child("traced", workdir))
    clear_packages()
    report(results, args.files, args.size_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
