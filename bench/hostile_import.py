"""Hostile import files: time and memory until the reader refuses (or reads) each one.

Builds the files in memory (tests/hostile_files.py), then for each runs
``transfer.reading.read_table`` — the first step of the import preview — in fresh child
processes: one timed (wall time, and the growth of the maximum resident size, ru_maxrss),
one under tracemalloc (its peak of Python allocations; tracemalloc slows allocation-heavy
code several times, so it is not timed). Needs no database.

    .venv/bin/python bench/hostile_import.py

The target: every file refused or read within 10 s and 200 MB of memory growth.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "zi_portal.settings"
os.environ.setdefault("ZI_ENV", "development")


def _measure(content: bytes, traced: bool, queue: multiprocessing.Queue) -> None:
    import django

    django.setup()
    from transfer.reading import ImportFileError, read_table

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        table = read_table(content)
        outcome = f"read, {len(table.rows)} rows"
    except ImportFileError as error:
        outcome = f"refused: {error.message[:70]}"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    queue.put((outcome, seconds, peak, grown * 1024))


def _run(content: bytes, traced: bool) -> tuple[str, float, int, int]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(content, traced, queue))
    child.start()
    result = queue.get(timeout=600)
    child.join()
    return result


def files() -> list[tuple[str, Callable[[], bytes]]]:
    from tests import hostile_files as h

    return [
        ("11 million empty shared strings", lambda: h.shared_strings_bomb(11_000_000)),
        ("1 million numbered shared strings", lambda: h.shared_strings_bomb(10**6, distinct=True)),
        ("sheet padded to 60 MB", lambda: h.ratio_bomb(60)),
        ("2,000 parts", lambda: h.many_entries(2000)),
        ("XLSX cell of 6,000 characters", lambda: h.long_cell_xlsx(6000)),
        ("CSV cell of 1 MB", _csv_megabyte_cell),
        (
            "99,990 numbered shared strings (read)",
            lambda: h.shared_strings_bomb(99_990, distinct=True),
        ),
    ]


def _csv_megabyte_cell() -> bytes:
    from tests.test_transfer_support import PROGRESS_HEADERS, csv_file

    return csv_file([PROGRESS_HEADERS, ["Manajemen Perubahan", "Tim Kerja", 4, 10, "z" * 2**20]])


def main() -> None:
    import django

    django.setup()
    print(f"{'file':42} {'size':>9} {'seconds':>8} {'peak MB':>8} {'RSS +MB':>8}  outcome")
    for name, make in files():
        content = make()
        outcome, seconds, _, grown = _run(content, traced=False)
        peak = _run(content, traced=True)[2]
        size = f"{len(content) // 1024} KB"
        print(
            f"{name:42} {size:>9} {seconds:8.2f} {peak / 2**20:8.1f} {grown / 2**20:8.1f}  {outcome}"
        )


if __name__ == "__main__":
    main()
