"""Hostile import files are refused before they cost time or memory, in Indonesian; one
text-length rule for CSV, XLSX and the portal's own forms."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

import pytest
from django.test import Client

from areas.models import WorkPlan
from common.forms import MAX_TEXT_CHARS
from targets.models import ProgressEntry
from tests import hostile_files
from tests.test_transfer_support import PROGRESS_HEADERS, csv_file, upload_file
from transfer.reading import MAX_SHARED_STRINGS, ImportFileError, read_table

pytestmark = pytest.mark.django_db

TOO_BIG = "Isi berkas XLSX terlalu besar setelah diekstrak"


def refused(content: bytes) -> tuple[str, float, int]:
    """The message, the seconds and the peak bytes allocated while refusing."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImportFileError) as caught:
            read_table(content)
        return (
            caught.value.message,
            time.perf_counter() - started,
            tracemalloc.get_traced_memory()[1],
        )
    finally:
        tracemalloc.stop()


def test_millions_of_shared_strings_are_refused_in_well_under_a_second() -> None:
    content = hostile_files.shared_strings_bomb(2_000_000)
    assert len(content) < 300_000
    message, seconds, peak = refused(content)
    assert TOO_BIG in message
    assert seconds < 5 and peak < 50 * 2**20, (seconds, peak)


def test_shared_strings_are_counted_whatever_the_count_attribute_says() -> None:
    content = hostile_files.shared_strings_bomb(MAX_SHARED_STRINGS + 1, distinct=True)
    message, seconds, _ = refused(content)
    assert TOO_BIG in message and "lebih dari 100.000 teks" in message, message
    assert seconds < 5


def test_shared_strings_just_within_the_limit_are_read() -> None:
    table = read_table(hostile_files.shared_strings_bomb(MAX_SHARED_STRINGS - 10, distinct=True))
    assert table.headers[:2] == ["Area", "Komponen"]


def test_a_sheet_that_unpacks_a_thousand_times_its_size_is_refused() -> None:
    message, seconds, _ = refused(hostile_files.ratio_bomb(20))
    assert TOO_BIG in message and "dimampatkan" in message
    assert seconds < 5


def test_a_package_over_the_unpacked_total_is_refused() -> None:
    assert TOO_BIG in refused(hostile_files.ratio_bomb(70))[0]


def test_a_package_of_thousands_of_parts_is_refused() -> None:
    message, _, _ = refused(hostile_files.many_entries(1200))
    assert TOO_BIG in message and "bagian" in message


def long_text_message(row: int, column: str | None) -> str:
    where = f"Baris {row}" + (f", kolom {column}" if column else "")
    return (
        f"{where}: teks lebih dari 5.000 karakter; isian di portal paling panjang 5.000 karakter."
    )


@pytest.mark.parametrize("length", [MAX_TEXT_CHARS + 1, 1_000_000])
def test_a_csv_cell_longer_than_a_form_field_is_refused_in_indonesian(length: int) -> None:
    content = csv_file(
        [PROGRESS_HEADERS, ["Manajemen Perubahan", "Tim Kerja", 4, 10, "z" * length]]
    )
    message = refused(content)[0]
    column = "E" if length < 131072 else None  # past csv's own limit the column is unknown
    assert message.startswith(long_text_message(2, column)), message
    assert "field limit" not in message


def test_an_xlsx_cell_longer_than_a_form_field_is_refused_in_indonesian() -> None:
    message = refused(hostile_files.long_cell_xlsx(MAX_TEXT_CHARS + 1))[0]
    assert message.startswith(long_text_message(2, "E")), message


def test_a_cell_of_exactly_the_form_limit_is_read() -> None:
    table = read_table(hostile_files.long_cell_xlsx(MAX_TEXT_CHARS))
    assert len(table.rows[0][1][4]) == MAX_TEXT_CHARS


def test_the_import_page_shows_the_refusal_next_to_the_file(
    client: Client, people: dict[str, Any], plan: WorkPlan
) -> None:
    client.force_login(people["sekretariat"])
    response = upload_file(client, hostile_files.shared_strings_bomb(1_000_000), name="bom.xlsx")
    assert response.status_code == 422
    assert TOO_BIG in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_shared_strings_under_another_name_and_prefix_are_counted_too() -> None:
    body = b"".join(b"<x:si><x:t>%d</x:t></x:si>" % n for n in range(MAX_SHARED_STRINGS + 1))
    xml = (
        b'<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + body + b"</x:sst>"
    )
    message = refused(hostile_files.with_shared_strings(xml, part="xl/teks.xml"))[0]
    assert "lebih dari 100.000 teks" in message, message
