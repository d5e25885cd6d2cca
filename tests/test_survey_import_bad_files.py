"""The survey import's bad files and bad cells: each refused with an Indonesian message
that names its row and column, and nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from access.models import Unit
from surveys.models import Response, SurveyPeriod
from tests import hostile_files
from tests.factories import EXE_BYTES, PDF_BYTES, ooxml_bytes
from tests.survey_import_support import (
    PROFILE_HEADERS,
    SKM_HEADERS,
    answers_row,
    run,
    skm_csv,
    skm_xlsx,
    upload_sheet,
)
from tests.survey_support import period_make, service_make
from transfer.models import ImportRecord

pytestmark = pytest.mark.django_db

FOURS = [4] * 9


@pytest.fixture
def quarter(province: Unit) -> SurveyPeriod:
    service_make(province, "Layanan informasi publik")
    return period_make(province, 2025, 2)


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


def refused(unit: Unit, user: Any, content: bytes, **kwargs: Any) -> list[str]:
    """The messages of a refused import, which stored nothing."""
    result = run(unit, user, content, **kwargs)
    assert not result.ok and result.record is None
    assert not Response.objects.exists() and not ImportRecord.objects.exists()
    return result.messages()


def one_refusal(quarter: SurveyPeriod, people: dict, content: bytes) -> str:
    (message,) = refused(quarter.unit, people["sekretariat"], content)
    return message


# --- the file as a whole ------------------------------------------------------------------


def test_a_pdf_renamed_xlsx_is_refused_at_the_upload(
    sekre: Client, quarter: SurveyPeriod, private_root: Path
) -> None:
    response = upload_sheet(sekre, PDF_BYTES, name="kertas.xlsx")
    assert response.status_code == 422
    assert "kertas.xlsx: Berkas ini berjenis PDF, bukan XLSX atau CSV." in response.content.decode()
    assert not (private_root / "imports").exists() or not any((private_root / "imports").iterdir())


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (EXE_BYTES, "berjenis EXE, bukan XLSX atau CSV"),
        (ooxml_bytes("word/document.xml"), "bukan lembar kerja XLSX"),
        (b"PK\x03\x04 bukan zip", "arsip ZIP rusak"),
        ("tanggal,layanan\n12/04/2025,é\n".encode("cp1252"), "UTF-8"),
        (hostile_files.shared_strings_bomb(200_000), "terlalu besar setelah diekstrak"),
    ],
)
def test_a_file_that_is_no_spreadsheet_is_refused(
    quarter: SurveyPeriod, people: dict, content: bytes, words: str
) -> None:
    assert words in one_refusal(quarter, people, content)


def test_an_empty_file_is_refused(sekre: Client, quarter: SurveyPeriod, people: dict) -> None:
    response = upload_sheet(sekre, b"")
    assert response.status_code == 422
    assert "Berkas kosong" in response.content.decode()
    assert "Berkas kosong" in one_refusal(quarter, people, b"\xef\xbb\xbf\r\n")


def test_a_file_with_only_the_header_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    assert one_refusal(quarter, people, skm_csv()) == (
        "Berkas hanya berisi judul kolom; tidak ada baris data."
    )


def test_an_unknown_column_is_named_with_its_letter(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(answers_row("12/04/2025", "", FOURS, 4), headers=[*SKM_HEADERS, "U10"])
    assert one_refusal(quarter, people, content).startswith(
        "Kolom tidak dikenal: “U10” (kolom L). Kolom yang dikenali: “tanggal”, “layanan”, “U1”"
    )


def test_a_missing_element_column_is_named(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(["12/04/2025", "", *[4] * 8], headers=SKM_HEADERS[:-1])
    assert one_refusal(quarter, people, content) == "Kolom wajib tidak ada: “U9”."


def test_a_missing_date_column_is_named(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(["", *FOURS], headers=SKM_HEADERS[1:])
    assert one_refusal(quarter, people, content) == "Kolom wajib tidak ada: “tanggal”."


def test_another_surveys_sheet_is_refused_with_a_hint(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(
        ["12/04/2025", "", *[4] * 8],
        headers=["tanggal", "layanan", *[f"P{i}" for i in range(1, 9)]],
    )
    messages = refused(quarter.unit, people["sekretariat"], content)
    assert messages[-1] == (
        "Kolom berkas ini cocok dengan data “Survei SPKP (kuesioner kertas)”: pilih data itu "
        "saat mengunggah."
    )


def test_a_file_over_the_row_limit_is_refused(
    quarter: SurveyPeriod, people: dict, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 50
    content = skm_xlsx(*[answers_row("12/04/2025", "", FOURS)] * 51)
    assert one_refusal(quarter, people, content) == (
        "Berkas berisi lebih dari 50 baris data; batas impor 50 baris. "
        "Bagi berkas menjadi beberapa bagian."
    )


def test_a_file_over_the_size_limit_is_refused_while_it_streams_in(
    sekre: Client, quarter: SurveyPeriod, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    content = skm_csv(*[answers_row("12/04/2025", "", FOURS)] * 60)
    assert len(content) > 1024
    response = upload_sheet(sekre, content, name="besar.csv")
    assert response.status_code == 422
    assert "besar.csv: melebihi batas ukuran 1 KB." in response.content.decode()
    assert not Response.objects.exists()


def test_a_cell_longer_than_any_text_field_refuses_the_file(
    quarter: SurveyPeriod, people: dict
) -> None:
    headers = [*SKM_HEADERS, "saran"]
    content = skm_csv(answers_row("12/04/2025", "", FOURS, "x" * 5001), headers=headers)
    assert one_refusal(quarter, people, content).startswith(
        "Baris 2, kolom L: teks lebih dari 5.000 karakter"
    )


def test_the_same_file_twice_is_refused_the_second_time(
    quarter: SurveyPeriod, people: dict
) -> None:
    content = skm_csv(answers_row("12/04/2025", "", FOURS))
    assert run(quarter.unit, people["sekretariat"], content).ok
    again = run(quarter.unit, people["sekretariat"], content, dry_run=True)
    (message,) = again.messages()
    assert message.startswith("Berkas yang sama persis sudah diimpor pada ")
    assert (
        "(1 responden); mengimpornya lagi akan menghitung responden yang sama dua kali" in message
    )
    assert Response.objects.count() == 1


# --- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 5, "tiga", "3,5", 3.5, -1, "4 "])
def test_an_answer_outside_1_to_4_is_refused_on_its_cell(
    quarter: SurveyPeriod, people: dict, value: Any
) -> None:
    values = [4, value, *[4] * 7]
    if value == "4 ":  # spaces around a valid value are not an error
        assert run(
            quarter.unit, people["sekretariat"], skm_xlsx(answers_row("12/04/2025", "", values))
        ).ok
        return
    message = one_refusal(quarter, people, skm_xlsx(answers_row("12/04/2025", "", values)))
    assert message == (
        f"Baris 2, kolom D (U2): Jawaban harus bernilai 1, 2, 3, atau 4. Isian: “{value}”."
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("31/02/2025", "Tanggal “31/02/2025” tidak ada di kalender."),
        ("12-04-2025", "Tanggal harus berbentuk YYYY-MM-DD atau DD/MM/YYYY, bukan “12-04-2025”."),
        ("April 2025", "Tanggal harus berbentuk YYYY-MM-DD atau DD/MM/YYYY, bukan “April 2025”."),
        (45759, "Tanggal harus berbentuk YYYY-MM-DD atau DD/MM/YYYY, bukan “45759”."),
        ("", "Tanggal layanan wajib diisi (YYYY-MM-DD atau DD/MM/YYYY)."),
    ],
)
def test_a_bad_date_is_refused_on_its_cell(
    quarter: SurveyPeriod, people: dict, day: Any, message: str
) -> None:
    content = skm_xlsx(answers_row(day, "", FOURS))
    assert one_refusal(quarter, people, content) == f"Baris 2, kolom A (tanggal): {message}"


def test_a_date_of_a_closed_quarter_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    quarter.status = SurveyPeriod.Status.CLOSED
    quarter.save()
    assert one_refusal(quarter, people, skm_csv(answers_row("12/04/2025", "", FOURS))) == (
        "Baris 2, kolom A (tanggal): Tanggal 12 April 2025 termasuk triwulan II 2025. "
        "Periode survei ini sudah ditutup; jawaban tidak dapat diterima lagi."
    )


def test_a_date_of_a_quarter_not_opened_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(answers_row("12/04/2025", "", FOURS), answers_row("2025-08-01", "", FOURS))
    assert one_refusal(quarter, people, content) == (
        "Baris 3, kolom A (tanggal): Tanggal 1 Agustus 2025 termasuk triwulan III 2025. "
        "Survei triwulan ini belum dibuka oleh satuan kerja."
    )


def test_a_date_ahead_of_today_is_refused(province: Unit, people: dict) -> None:
    from common.dates import quarter_of, today

    ahead = today().replace(year=today().year + 1)
    period_make(province, ahead.year, quarter_of(ahead.month))
    content = skm_csv(answers_row(ahead.isoformat(), "", FOURS))
    (message,) = refused(province, people["sekretariat"], content)
    assert message.startswith("Baris 2, kolom A (tanggal): Tanggal layanan ")
    assert message.endswith("belum terjadi; isi tanggal layanan yang sudah diterima.")


def test_an_unknown_or_inactive_service_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    old = service_make(quarter.unit, "Layanan lama")
    old.is_active = False
    old.save()
    content = skm_csv(
        answers_row("12/04/2025", "Legalisir", FOURS),
        answers_row("12/04/2025", "layanan lama", FOURS),
    )
    assert refused(quarter.unit, people["sekretariat"], content) == [
        "Baris 2, kolom B (layanan): Jenis layanan “Legalisir” tidak dikenal. "
        "Jenis layanan aktif: “Layanan informasi publik”.",
        "Baris 3, kolom B (layanan): Jenis layanan “layanan lama” tidak aktif lagi. "
        "Jenis layanan aktif: “Layanan informasi publik”.",
    ]


def test_bad_profile_cells_are_refused_each_on_its_column(
    quarter: SurveyPeriod, people: dict
) -> None:
    headers = [*SKM_HEADERS, *PROFILE_HEADERS]
    content = skm_csv(
        answers_row("12/04/2025", "", FOURS, 7, "X", "SD", "petani", "y" * 2001),
        answers_row("12/04/2025", "", FOURS, "tiga puluh", "", "", "", ""),
        headers=headers,
    )
    messages = refused(quarter.unit, people["sekretariat"], content)
    assert messages[0] == ("Baris 2, kolom L (usia): Usia diisi dalam tahun, 10 sampai 120.")
    assert messages[1] == (
        "Baris 2, kolom M (jenis_kelamin): Jenis kelamin “X” tidak dikenal; isi salah satu: "
        "L (Laki-laki), P (Perempuan)."
    )
    assert messages[2].startswith("Baris 2, kolom O (pekerjaan): Pekerjaan “petani” tidak dikenal")
    assert messages[3].startswith("Baris 2, kolom P (saran): ")
    assert "2000" in messages[3]
    assert messages[4] == "Baris 3, kolom L (usia): Usia harus bilangan bulat, bukan “tiga puluh”."
    assert len(messages) == 5


def test_a_row_without_any_answer_is_refused(quarter: SurveyPeriod, people: dict) -> None:
    assert one_refusal(quarter, people, skm_csv(answers_row("12/04/2025", "", [None] * 9))) == (
        "Baris 2, Isi sedikitnya satu jawaban."
    )


def test_every_bad_row_is_listed_and_none_is_stored(quarter: SurveyPeriod, people: dict) -> None:
    content = skm_csv(
        answers_row("12/04/2025", "", FOURS),
        answers_row("12/04/2025", "", [4, 4, 9, 4, 4, 4, 4, 4, "x"]),
        answers_row("2025-13-01", "Legalisir", FOURS),
    )
    assert refused(quarter.unit, people["sekretariat"], content) == [
        "Baris 3, kolom E (U3): Jawaban harus bernilai 1, 2, 3, atau 4. Isian: “9”.",
        "Baris 3, kolom K (U9): Jawaban harus bernilai 1, 2, 3, atau 4. Isian: “x”.",
        "Baris 4, kolom A (tanggal): Tanggal “2025-13-01” tidak ada di kalender.",
        "Baris 4, kolom B (layanan): Jenis layanan “Legalisir” tidak dikenal. "
        "Jenis layanan aktif: “Layanan informasi publik”.",
    ]


# --- formulas and markup in free text ------------------------------------------------------

PAYLOADS = ['=HYPERLINK("http://jahat.invalid","klik")', "+1+1", "@SUM(A1)", "-2+3"]


def test_a_formula_in_saran_is_kept_as_text_and_never_run(
    quarter: SurveyPeriod, people: dict
) -> None:
    """A CSV cell that a spreadsheet would run is stored as the text it is (the portal
    escapes it whenever it writes a spreadsheet: common.spreadsheet); the apostrophe the
    portal's own exports put before such text is taken off, as every import does."""
    from common.spreadsheet import escape_formula

    headers = [*SKM_HEADERS, "saran"]
    rows = [answers_row("12/04/2025", "", FOURS, p) for p in PAYLOADS]
    rows.append(answers_row("12/04/2025", "", FOURS, "'=1+1"))
    assert run(quarter.unit, people["sekretariat"], skm_csv(*rows, headers=headers)).ok
    stored = list(Response.objects.order_by("pk").values_list("comment", flat=True))
    assert stored == [*PAYLOADS, "=1+1"]
    assert all(escape_formula(text).startswith("'") for text in stored)
    assert set(Response.objects.values_list("comment_status", flat=True)) == {
        Response.CommentStatus.PENDING
    }


def test_a_formula_cell_of_a_workbook_brings_no_formula_in(
    quarter: SurveyPeriod, people: dict
) -> None:
    """An XLSX formula is read as its computed value (never its formula); text typed as
    text stays text."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([*SKM_HEADERS, "saran"])
    ws.append(answers_row("12/04/2025", "", FOURS, '=HYPERLINK("http://jahat.invalid","klik")'))
    ws.append(answers_row("12/04/2025", "", FOURS, "teks"))
    ws.cell(row=3, column=12).value = "=1+1"
    ws.cell(row=3, column=12).data_type = "s"  # typed as text
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    assert run(quarter.unit, people["sekretariat"], buffer.getvalue()).ok
    assert list(Response.objects.order_by("pk").values_list("comment", flat=True)) == ["", "=1+1"]


def test_markup_in_saran_is_escaped_on_the_preview(sekre: Client, quarter: SurveyPeriod) -> None:
    content = skm_csv(
        answers_row("12/04/2025", "", FOURS, "<script>alert(1)</script>"),
        headers=[*SKM_HEADERS, "saran"],
    )
    body = upload_sheet(sekre, content).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
