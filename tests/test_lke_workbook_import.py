"""Importing the official workbook, one side at a time: previewed, all or nothing, every
error with its row and column in Indonesian; keys in any case, "3,45" and "3.45"."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from access.models import Unit
from lke.models import Answer, Assessment
from tests import hostile_files
from tests.factories import PDF_BYTES, lke_assessment, upload
from tests.lke_books import answer, export, filled, run, workbook
from tests.test_transfer_support import csv_file, xlsx_file
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def blank(province: Unit, people: dict[str, Any]) -> bytes:
    """An export of kpu-kalbar's 2025 LKE before anything is answered."""
    return export(people["sekretariat"], province)


def unit_answers(province: Unit, side: str = "unit") -> dict[int, tuple[str, Any, str]]:
    return {
        a.question.excel_row: (a.choice, a.number, a.note)
        for a in Answer.objects.filter(assessment__unit=province, side=side).select_related(
            "question"
        )
    }


def test_the_preview_shows_what_changes_per_question_and_writes_nothing(
    province: Unit, people: dict, blank: bytes
) -> None:
    content = filled(blank, {"K6": "ya", "L6": "SK sudah ada", "K126": "12", "K199": "3,45"})
    result = run(people["ketua"], province, content)
    assert result.ok, result.messages()
    changed = {r.number: (r.action, r.changes) for r in result.rows if r.changes}
    assert changed == {
        6: ("baru", ["Jawaban: (kosong) → Ya", "Penjelasan: (kosong) → “SK sudah ada”"]),
        126: ("baru", ["Jawaban: (kosong) → 12"]),
        199: ("baru", ["Jawaban: (kosong) → 3,45"]),
    }
    assert (result.created, result.updated, result.unchanged) == (3, 0, 124)
    assert not Answer.objects.exists() and not Assessment.objects.exists()


def test_confirming_writes_the_answers_with_history_and_an_import_record(
    province: Unit, people: dict, blank: bytes
) -> None:
    content = filled(blank, {"K6": "ya", "L6": "SK", "M6": "SK Tim Kerja", "K200": "b"})
    result = run(people["ketua"], province, content, dry_run=False)
    assert result.ok and result.record is not None, result.messages()
    assert unit_answers(province) == {6: ("Ya", None, "SK"), 200: ("B", None, "")}
    assert Answer.objects.get(question__excel_row=6).evidence_note == "SK Tim Kerja"
    assert Answer.history.filter(history_user=people["ketua"]).count() == 2
    record = ImportRecord.objects.get()
    assert (record.dataset, record.rows_total, record.rows_created) == ("lke-unit", 127, 2)
    # The import started the unit's assessment on the current worksheet.
    assert Assessment.objects.get(unit=province, year=2025).worksheet.year == 2026


def test_one_bad_cell_writes_nothing_and_names_its_row_and_column(
    province: Unit, people: dict, blank: bytes
) -> None:
    content = filled(blank, {"K6": "Ya", "K7": "Z", "K126": "12,5", "K199": "4,5"})
    result = run(people["ketua"], province, content, dry_run=False)
    assert not result.ok and result.record is None
    assert result.messages() == [
        'Baris 7, kolom K: Jawaban "Z" tidak dikenal — pilih salah satu: A, B, C.',
        "Baris 126, kolom K: Isi bilangan bulat 0 atau lebih.",
        "Baris 199, kolom K: Isi nilai 0 sampai 4 dengan paling banyak dua angka desimal "
        "(misalnya 3,45).",
    ]
    assert not Answer.objects.exists() and not ImportRecord.objects.exists()
    assert not Assessment.objects.exists()  # not even the assessment it would have started


@pytest.mark.parametrize(
    "row, given, stored",
    [
        (6, "ya", ("Ya", None)),
        (6, "TIDAK", ("Tidak", None)),
        (7, " b ", ("B", None)),
        (200, "e", ("E", None)),
        (199, "3,45", ("", Decimal("3.45"))),
        (199, "3.45", ("", Decimal("3.45"))),
        (199, 3.45, ("", Decimal("3.45"))),  # a number cell
        (126, 12, ("", Decimal("12"))),
        (126, "12,0", ("", Decimal("12"))),
    ],
)
def test_keys_in_any_case_and_decimal_comma_or_point(
    province: Unit, people: dict, blank: bytes, row: int, given: Any, stored: tuple
) -> None:
    result = run(people["ketua"], province, filled(blank, {f"K{row}": given}), dry_run=False)
    assert result.ok, result.messages()
    assert Answer.objects.values_list("choice", "number").get() == stored


def test_the_tpi_imports_its_own_columns_and_leaves_the_units(
    province: Unit, people: dict, blank: bytes
) -> None:
    assessment = lke_assessment(province, state=Assessment.State.EVALUATING)
    answer(assessment, 6, choice="Ya", note="unit")
    answer(assessment, 7, "tpi", choice="A", evidence_note="dicek di lokasi")
    content = filled(blank, {"K6": "Tidak", "N6": "tidak", "Q6": "SK belum ada", "N7": "c"})
    result = run(people["tpi"], province, content, side="tpi", dry_run=False)
    assert result.ok, result.messages()
    assert ImportRecord.objects.get().dataset == "lke-tpi"
    assert unit_answers(province) == {6: ("Ya", None, "unit")}
    assert unit_answers(province, "tpi") == {6: ("Tidak", None, "SK belum ada"), 7: ("C", None, "")}
    # N and Q only: the TPI's evidence note, which the workbook has no column for, is kept.
    assert Answer.objects.get(side="tpi", question__excel_row=7).evidence_note == "dicek di lokasi"


@pytest.mark.parametrize(
    "who, side",
    [("koordinator_own", "unit"), ("tpi", "unit"), ("ketua", "tpi"), ("ketua_other_unit", "unit")],
)
def test_only_those_who_answer_every_question_of_the_side_import_it(
    province: Unit, people: dict, blank: bytes, who: str, side: str
) -> None:
    with pytest.raises(PermissionDenied):
        run(people[who], province, filled(blank, {"K6": "Ya", "N6": "Ya"}), side=side)


def test_an_emptied_answer_cell_clears_the_answer(
    province: Unit, people: dict, blank: bytes
) -> None:
    answer(lke_assessment(province), 6, choice="Ya", note="catatan")
    content = export(people["ketua"], province)
    result = run(people["ketua"], province, filled(content, {"K6": None}), dry_run=False)
    assert [(r.number, r.action, r.changes) for r in result.rows if r.changes] == [
        (6, "diubah", ["Jawaban: Ya → (kosong)"])
    ]
    assert unit_answers(province) == {6: ("", None, "catatan")}


def test_a_shifted_row_is_refused(province: Unit, people: dict, blank: bytes) -> None:
    book = workbook(filled(blank, {"K6": "Ya", "K9": "Ya"}))
    book["Jawaban"].insert_rows(5)
    content = _save(book)
    result = run(people["ketua"], province, content)
    messages = result.messages()
    assert not result.ok
    assert messages[0].startswith("Baris 6, kolom F: Teks di baris ini bukan pertanyaan baris 6")
    assert sum(m.startswith("Baris 10, kolom F: ") for m in messages) == 1
    # An answer on a row that is no question's (the sub-area heading above PPA1A).
    result = run(people["ketua"], province, filled(blank, {"K5": "Ya"}))
    assert result.messages() == [
        "Baris 5, kolom K: Baris ini bukan baris pertanyaan LKE 2026; jawaban hanya dibaca "
        "dari baris pertanyaan. Baris mungkin tergeser: jangan menyisipkan, menghapus atau "
        "memindahkan baris."
    ]


@pytest.mark.parametrize(
    "cell, value, message",
    [
        ("B3", "kpu-sambas", "Berkas ini LKE satuan kerja “kpu-sambas”, sedangkan impor ini untuk"),
        ("B4", 2026, "Berkas ini LKE tahun 2026, sedangkan impor ini untuk tahun 2025."),
        ("B5", 2024, "Berkas ini memakai LKE 2024, sedangkan LKE KPU Provinsi"),
    ],
)
def test_a_file_of_another_unit_year_or_version_is_refused(
    province: Unit, people: dict, blank: bytes, cell: str, value: Any, message: str
) -> None:
    content = filled(filled(blank, {"K6": "Ya"}), {cell: value}, sheet="Keterangan")
    result = run(people["ketua"], province, content)
    assert not result.ok and result.file_errors[0].startswith(message), result.file_errors


def test_a_preview_that_no_longer_holds_writes_nothing(
    province: Unit, people: dict, blank: bytes
) -> None:
    content = filled(blank, {"K6": "Ya"})
    preview = run(people["ketua"], province, content)
    answer(lke_assessment(province), 6, choice="Tidak")  # someone answers meanwhile
    result = run(people["ketua"], province, content, dry_run=False, digest=preview.digest)
    assert result.stale and result.record is None
    assert unit_answers(province) == {6: ("Tidak", None, "")}


def test_the_units_side_is_closed_once_submitted(
    province: Unit, people: dict, blank: bytes
) -> None:
    lke_assessment(province, state=Assessment.State.SUBMITTED)
    result = run(people["ketua"], province, filled(blank, {"K6": "Ya"}))
    assert result.file_errors == [
        "Penilaian mandiri sudah diajukan ke TPI — jawaban unit tidak dapat diubah lagi."
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (csv_file([["Uraian", "Jawaban Unit"], ["x", "Ya"]]), "Berkas ini CSV, bukan XLSX"),
        (PDF_BYTES, "Berkas ini berjenis PDF, bukan XLSX atau CSV."),
        (hostile_files.shared_strings_bomb(1_000_000), "Isi berkas XLSX terlalu besar"),
        (hostile_files.ratio_bomb(20), "Isi berkas XLSX terlalu besar"),
        (
            xlsx_file([["Area"], ["x"]], title="Progres"),
            "Berkas ini tidak memiliki lembar “Jawaban”",
        ),
        (b"PK\x03\x04 rusak", "Berkas ini bukan XLSX yang utuh"),
    ],
)
def test_hostile_or_foreign_files_are_refused_as_a_whole(
    province: Unit, people: dict, content: bytes, message: str
) -> None:
    result = run(people["ketua"], province, content, dry_run=False)
    assert result.file_errors and result.file_errors[0].startswith(message), result.file_errors
    assert not Assessment.objects.exists() and not ImportRecord.objects.exists()


def test_a_sheet_longer_than_the_import_limit_is_refused(
    province: Unit, people: dict, blank: bytes, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 100
    result = run(people["ketua"], province, filled(blank, {"K6": "Ya"}))
    assert result.file_errors[0].startswith("Berkas berisi lebih dari 100 baris data")


def _save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the page: upload → preview → confirm ------------------------------------------------


def test_upload_preview_and_confirm_in_the_browser(
    client: Client, people: dict, province: Unit, blank: bytes
) -> None:
    client.force_login(people["sekretariat"])
    content = filled(blank, {"K6": "ya", "K7": "a"})
    preview = client.post(
        reverse("transfer_lke_upload", args=["kpu-kalbar"]),
        {"dataset": "lke-unit", "year": 2025, "file": upload("lke.xlsx", content)},
        follow=True,
    )
    body = preview.content.decode()
    assert preview.status_code == 200 and "Jawaban: (kosong) → Ya" in body
    assert 'data-row="7" data-action="baru"' in body
    assert not Answer.objects.exists()
    token, digest = preview.context["token"], preview.context["result"].digest
    done = client.post(
        reverse("transfer_lke_preview", args=["kpu-kalbar", token]), {"digest": digest}, follow=True
    )
    assert done.request["PATH_INFO"] == reverse("transfer_lke", args=["kpu-kalbar"])
    assert "2 baris baru, 0 diubah, 125 tetap" in done.content.decode()
    assert unit_answers(province) == {6: ("Ya", None, ""), 7: ("A", None, "")}


def test_a_bad_file_shows_its_errors_and_no_confirm_button(
    client: Client, people: dict, blank: bytes
) -> None:
    client.force_login(people["ketua"])
    preview = client.post(
        reverse("transfer_lke_upload", args=["kpu-kalbar"]),
        {
            "dataset": "lke-unit",
            "year": 2025,
            "file": upload("lke.xlsx", filled(blank, {"K6": "Z"})),
        },
        follow=True,
    )
    body = preview.content.decode()
    assert "Baris 6, kolom K: Jawaban &quot;Z&quot; tidak dikenal" in body
    assert 'data-testid="confirm"' not in body


def test_the_upload_offers_only_the_sides_the_user_may_import(
    client: Client, people: dict, blank: bytes
) -> None:
    client.force_login(people["tpi"])
    url = reverse("transfer_lke_upload", args=["kpu-kalbar"])
    page = client.get(reverse("transfer_lke", args=["kpu-kalbar"]))
    assert [v for v, _ in page.context["form"].fields["dataset"].choices] == ["lke-tpi"]
    refused = client.post(
        url, {"dataset": "lke-unit", "year": 2025, "file": upload("a.xlsx", blank)}
    )
    assert refused.status_code == 422 and not Answer.objects.exists()
    client.force_login(people["koordinator_own"])
    assert client.post(url, {"dataset": "lke-unit", "year": 2025}).status_code == 403


def test_a_csv_upload_is_refused_on_the_form(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    response = client.post(
        reverse("transfer_lke_upload", args=["kpu-kalbar"]),
        {"dataset": "lke-unit", "year": 2025, "file": upload("lke.csv", csv_file([["a"], ["b"]]))},
    )
    assert response.status_code == 422
    assert "lke.csv: berkas ini CSV; unggah XLSX." in response.content.decode()
