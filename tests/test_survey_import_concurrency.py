"""Four simultaneous imports of one survey sheet on real PostgreSQL transactions: its
respondents are stored once, the other imports are told the file is in already, and a
quarter closed meanwhile waits for the import (or the import for it)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from access.models import Unit
from surveys.models import Response
from surveys.services import period_save
from tests.factories import user_with_role
from tests.survey_import_support import answers_row, run, skm_csv
from tests.survey_support import WORKED_EXAMPLE, period_make
from transfer.models import ImportRecord
from transfer.results import ImportResult

pytestmark = pytest.mark.django_db(transaction=True)


def together(jobs: list[Callable[[], object]]) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []

    def work(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results.append(job())
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_four_imports_of_one_file_store_its_respondents_once() -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    sekre = user_with_role("sekre-serentak", province, "sekretariat")
    period_make(province, 2025, 2)
    content = skm_csv(*[answers_row("12/04/2025", "", row) for row in WORKED_EXAMPLE])
    results = together([lambda: run(province, sekre, content)] * 4)
    done = [r for r in results if isinstance(r, ImportResult) and r.record is not None]
    refused = [r for r in results if isinstance(r, ImportResult) and r.record is None]
    assert (len(done), len(refused)) == (1, 3), results
    assert all(r.file_errors[0].startswith("Berkas yang sama persis") for r in refused)
    assert Response.objects.count() == 5 and ImportRecord.objects.count() == 1


def test_a_quarter_closed_during_an_import_is_closed_before_or_after_it_whole() -> None:
    province = Unit.objects.get(slug="kpu-kalbar")
    sekre = user_with_role("sekre-tutup", province, "sekretariat")
    period_make(province, 2025, 2)
    content = skm_csv(*[answers_row("12/04/2025", "", [4] * 9)] * 300)

    def close() -> object:
        return period_save(
            user=sekre, unit=province, year=2025, quarter=2, population=100, status="ditutup"
        )

    results = together([lambda: run(province, sekre, content), close])
    (imported,) = [r for r in results if isinstance(r, ImportResult)]
    stored = Response.objects.count()
    assert stored in (0, 300)  # never a part
    assert (imported.record is not None) == (stored == 300)
