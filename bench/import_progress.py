"""Progress import benchmark: preview (dry run) and import of 10,212 progress rows.

The portal imports one unit and year per file, so 10,212 rows are measured two ways:

- 37 files of 276 rows (23 components × 12 months), one per unit: the province, its 14
  kab/kota and 22 extra kab/kota (``bench-imp-kab-NN``) — the total and the per-file figures;
- 1 file of 10,212 rows, for a unit (``bench-imp-big``) whose plan has 851 components.

Each is run three times: rows created (empty database), the portal's own export imported
back (nothing changes), and every value changed (updates, versions, history). A figure is
the wall time of ``transfer.services.data_import`` (progres) with ``dry_run=True`` (preview) and
``dry_run=False`` (import): reading the file, checking every row against the database and,
for the import, writing in one transaction with history rows. Making the files is not timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_import \\
        .venv/bin/python bench/import_progress.py [--format xlsx|csv] [--rebuild]

The database name must contain "bench"; it is created (and migrated and filled) when
missing. Progress rows, their history and import records of the bench units are deleted
before each run. Figures go to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
os.environ["ZI_ENV"] = "development"
os.environ["DEBUG"] = "false"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench_import")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402
from benchdb import database_settings, ensure_database, log  # noqa: E402

YEAR = 2025
PROVINCE_SLUG = "kpu-kalbar"
EXTRA_PROVINCE = "bench-imp-prov"
EXTRA_UNITS = 22  # 15 loaded units + 22 = 37 plans × 276 cells = 10,212 rows
BIG_SLUG = "bench-imp-big"
BIG_COMPONENTS = 851  # 851 × 12 = 10,212 rows in one file
GOAL_SECONDS = 10.0
HEADERS = [
    "Satuan Kerja",
    "Tahun",
    "Area",
    "Komponen",
    "Bulan",
    "Realisasi (%)",
    "Kegiatan",
    "Kendala",
    "Tindak Lanjut",
    "Narasi Internal",
]


# --- data -----------------------------------------------------------------------------------


def build() -> tuple[list[Any], Any, Any]:
    """The 37 small plans, the big plan and a superuser (created when missing)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from access.models import Unit
    from areas.models import Area, Component, WorkPlan
    from areas.services import plan_copy, plan_load, read_plan_file

    call_command("migrate", verbosity=0)
    if not WorkPlan.objects.filter(unit__slug=PROVINCE_SLUG, year=YEAR).exists():
        log("loading the plan")
        plan_load(data=read_plan_file())
    source = WorkPlan.objects.get(unit__slug=PROVINCE_SLUG, year=YEAR)
    province = source.unit
    extra, _ = Unit.objects.get_or_create(
        slug=EXTRA_PROVINCE,
        defaults={
            "name": "Provinsi Uji Impor",
            "short_name": "Prov Uji Impor",
            "kind": Unit.Kind.PROVINSI,
            "city": "Uji",
            "order": 900,
        },
    )
    units = [province, *province.children.order_by("order")]
    for i in range(1, EXTRA_UNITS + 1):
        unit, _ = Unit.objects.get_or_create(
            slug=f"bench-imp-kab-{i:02d}",
            defaults={
                "name": f"Komisi Pemilihan Umum Kabupaten Uji {i:02d}",
                "short_name": f"KPU Uji {i:02d}",
                "kind": Unit.Kind.KABKOTA,
                "parent": extra,
                "city": "Uji",
                "order": 900 + i,
            },
        )
        units.append(unit)
    plans = []
    for unit in units:
        plan = WorkPlan.objects.filter(unit=unit, year=YEAR).first()
        if plan is None:
            log(f"copying the plan to {unit.slug}")
            plan = plan_copy(source=source, unit=unit)
        plans.append(plan)

    big_unit, _ = Unit.objects.get_or_create(
        slug=BIG_SLUG,
        defaults={
            "name": "Komisi Pemilihan Umum Kabupaten Uji Besar",
            "short_name": "KPU Uji Besar",
            "kind": Unit.Kind.KABKOTA,
            "parent": extra,
            "city": "Uji",
            "order": 999,
        },
    )
    big = WorkPlan.objects.filter(unit=big_unit, year=YEAR).first() or plan_copy(
        source=source, unit=big_unit
    )
    have = Component.objects.filter(plan=big, kind="pengungkit").count()
    if have < BIG_COMPONENTS:
        log(f"adding {BIG_COMPONENTS - have} components to {BIG_SLUG}")
        areas = list(Area.objects.filter(plan=big).order_by("order"))
        rows = []
        for i in range(have, BIG_COMPONENTS):
            area = areas[i % len(areas)]
            rows.append(
                Component(
                    plan=big,
                    kind="pengungkit",
                    area=area,
                    order=100 + i,
                    name=f"Komponen Uji {i:04d}",
                )
            )
        Component.objects.bulk_create(rows)

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.invalid", None)
    return plans, big, user


def reset(plans: list[Any]) -> None:
    """No progress, history or import records on the bench plans."""
    from django.db import connection

    from targets.models import ProgressEntry
    from transfer.models import ImportRecord

    ids = [p.pk for p in plans]
    component_ids = list(
        ProgressEntry._meta.get_field("component")
        .related_model.objects.filter(plan_id__in=ids)
        .values_list("pk", flat=True)
    )
    ProgressEntry.objects.filter(component_id__in=component_ids).delete()
    ProgressEntry.history.filter(component_id__in=component_ids).delete()
    ImportRecord.objects.filter(unit_id__in=[p.unit_id for p in plans]).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE targets_progressentry")
        cursor.execute("VACUUM ANALYZE targets_historicalprogressentry")


def progress_file(plan: Any, *, fmt: str, seed: int) -> bytes:
    """A progress file as a Sekretariat would fill it: every component and month."""
    from areas.models import Component

    components = (
        Component.objects.filter(plan=plan, kind="pengungkit")
        .select_related("area")
        .order_by("area__order", "order")
    )
    rows: list[list[Any]] = [HEADERS]
    for c in components:
        for month in range(1, 13):
            tenths = (c.pk * 7 + month * 13 + seed * 31) % 1001
            value: Any = tenths / 10
            if fmt == "csv":
                value = f"{value:g}".replace(".", ",")
            rows.append(
                [
                    plan.unit.slug,
                    plan.year,
                    c.area.name,
                    c.name,
                    month,
                    value,
                    f"Kegiatan {c.order}.{month} putaran {seed}",
                    "" if month % 3 else "Jadwal bentrok",
                    "" if month % 3 else "Dijadwalkan ulang",
                    "Tidak",
                ]
            )
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Progres")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Run:
    scenario: str
    files: int
    rows: int
    preview: list[float]
    imported: list[float]
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> float:
        return sum(self.preview) + sum(self.imported)


def import_all(scenario: str, user: Any, work: list[tuple[Any, bytes]], *, expect: str) -> Run:
    from transfer import services as transfer
    from transfer.choices import ImportDataset as Dataset

    run = Run(scenario, len(work), 0, [], [], 0, 0, 0)
    for plan, content in work:
        kwargs = {
            "user": user,
            "unit": plan.unit,
            "year": plan.year,
            "content": content,
            "file_name": f"{plan.unit.slug}.bench",
        }
        started = time.perf_counter()
        preview = transfer.data_import(dataset=Dataset.PROGRESS, dry_run=True, **kwargs)
        run.preview.append(time.perf_counter() - started)
        if not preview.ok:
            raise SystemExit(f"{plan.unit.slug}: {preview.messages()[:3]}")
        started = time.perf_counter()
        result = transfer.data_import(dataset=Dataset.PROGRESS, dry_run=False, **kwargs)
        run.imported.append(time.perf_counter() - started)
        if result.record is None:
            raise SystemExit(f"{plan.unit.slug}: not imported: {result.messages()[:3]}")
        run.rows += len(result.rows)
        run.created += result.created
        run.updated += result.updated
        run.unchanged += result.unchanged
    got = {"created": run.created, "updated": run.updated, "unchanged": run.unchanged}
    if got[expect] != run.rows:
        raise SystemExit(f"{scenario}: expected every row {expect}, got {got}")
    return run


def scenarios(plans: list[Any], user: Any, *, fmt: str, label: str) -> list[Run]:
    from transfer import services as transfer
    from transfer.choices import ImportDataset as Dataset

    runs = []
    reset(plans)
    log(f"{label}: making files")
    files = [(p, progress_file(p, fmt=fmt, seed=1)) for p in plans]
    runs.append(import_all(f"{label}: create", user, files, expect="created"))
    log(f"{label}: exporting")
    exported = [
        (
            p,
            transfer.data_export(
                user=user, unit=p.unit, year=p.year, dataset=Dataset.PROGRESS, fmt=fmt
            ).content,
        )
        for p in plans
    ]
    runs.append(import_all(f"{label}: export → import", user, exported, expect="unchanged"))
    files = [(p, progress_file(p, fmt=fmt, seed=2)) for p in plans]
    runs.append(import_all(f"{label}: update all", user, files, expect="updated"))
    reset(plans)
    return runs


def report(runs: list[Run], fmt: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    print(f"\nmachine: nproc {os.cpu_count()}, cpu {cpu}, postgresql {version}; format {fmt}")
    header = (
        f"{'scenario':40} {'files':>5} {'rows':>6} {'preview s':>9} {'import s':>9} "
        f"{'total s':>8} {'per file median/max s':>22}"
    )
    print(header)
    print("-" * len(header))
    for r in runs:
        per_file = [p + i for p, i in zip(r.preview, r.imported, strict=True)]
        print(
            f"{r.scenario:40} {r.files:5d} {r.rows:6d} {sum(r.preview):9.2f} "
            f"{sum(r.imported):9.2f} {r.total:8.2f} "
            f"{statistics.median(per_file):10.3f} / {max(per_file):.3f}"
        )
    worst = max(r.total for r in runs)
    verdict = "met" if worst < GOAL_SECONDS else "MISSED"
    print(
        f"\ngoal: preview + import of 10,212 rows under {GOAL_SECONDS:.0f} s: {verdict} (worst {worst:.2f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--rebuild", action="store_true", help="drop the database and refill")
    args = parser.parse_args(argv)
    config = database_settings()
    ensure_database(config, rebuild=args.rebuild)
    django.setup()
    plans, big, user = build()
    rows = sum(p.components.filter(kind="pengungkit").count() * 12 for p in plans)
    log(f"{len(plans)} plans, {rows} progress cells; big plan {big.components.count()} components")
    runs = scenarios(plans, user, fmt=args.format, label=f"{len(plans)} files")
    runs += scenarios([big], user, fmt=args.format, label="1 file")
    report(runs, args.format)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
