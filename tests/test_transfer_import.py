"""Importing targets, progress and the plan: preview, confirm, every bad input, access."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, Area, MonthlyTarget, WorkPlan
from periods.models import MonthLock
from targets.models import ProgressEntry
from tests.factories import PDF_BYTES, ooxml_bytes
from tests.test_transfer_support import (
    PROGRESS_HEADERS,
    component,
    confirm,
    csv_file,
    entry,
    export,
    upload_file,
    xlsx_file,
)
from transfer import services as transfer
from transfer.models import ImportRecord
from transfer.results import ImportResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


AREA_I = "Manajemen Perubahan"


def progress_csv(*rows: list[Any], headers: list[str] = PROGRESS_HEADERS) -> bytes:
    return csv_file([headers, *rows])


def run(
    plan: WorkPlan, user: Any, content: bytes, dataset: str = "progres", **kwargs: Any
) -> ImportResult:
    return transfer.data_import(
        user=user,
        unit=plan.unit,
        year=plan.year,
        dataset=dataset,
        content=content,
        file_name="uji.csv",
        dry_run=kwargs.pop("dry_run", False),
        **kwargs,
    )


def only_message(result: ImportResult) -> str:
    messages = result.messages()
    assert len(messages) == 1, messages
    return messages[0]


# --- the happy path through the portal ----------------------------------------------------


def test_upload_preview_confirm_writes_and_records(
    sekre: Client, plan: WorkPlan, people: dict, private_root: Path
) -> None:
    entry(plan, "Tim Kerja", 3, "50", people["koordinator_own"], activities="lama")
    content = progress_csv(
        [AREA_I, "Tim Kerja", 3, "60", "lama"],
        [AREA_I, "Tim Kerja", 4, "62,5", "Rapat tim"],
        [AREA_I, "Tim Kerja", 5, "", ""],
    )
    preview = upload_file(sekre, content, name="progres april.csv")
    assert preview.status_code == 200
    assert preview.redirect_chain[0][0].startswith("/satker/kpu-kalbar/data/impor/")
    # Nothing is written by the preview; the upload is kept privately under imports/.
    assert ProgressEntry.objects.count() == 1
    stored = list((private_root / "imports").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == content
    body = preview.content.decode()
    assert 'data-row="2" data-action="diubah"' in body
    assert "Realisasi: 50 → 60" in body
    assert 'data-row="3" data-action="baru"' in body
    assert "Realisasi: 62,5" in body
    assert 'data-row="4"' not in body  # an empty row is skipped, not listed

    done = confirm(sekre, preview)
    assert done.status_code == 200
    assert "1 baris baru, 1 diubah, 1 tetap" in done.content.decode()
    march = ProgressEntry.objects.get(component__name="Tim Kerja", month=3)
    april = ProgressEntry.objects.get(component__name="Tim Kerja", month=4)
    assert (march.percent, march.version, march.updated_by) == (
        Decimal("60.00"),
        2,
        people["sekretariat"],
    )
    assert (april.percent, april.activities, april.version) == (Decimal("62.50"), "Rapat tim", 1)
    assert march.history.latest().history_user == people["sekretariat"]
    assert april.history.latest().history_user == people["sekretariat"]
    record = ImportRecord.objects.get()
    assert (record.dataset, record.year, record.file_name, record.imported_by) == (
        "progres",
        2025,
        "progres_april.csv",
        people["sekretariat"],
    )
    assert (record.rows_total, record.rows_created, record.rows_updated, record.rows_unchanged) == (
        3,
        1,
        1,
        1,
    )
    assert len(record.sha256) == 64
    assert not any((private_root / "imports").iterdir())  # the kept upload is gone
    assert (
        "progres_april.csv"
        in sekre.get(reverse("transfer_home", args=["kpu-kalbar"])).content.decode()
    )


def test_the_preview_shows_create_and_change_per_row_for_targets(
    sekre: Client, plan: WorkPlan
) -> None:
    tim = component(plan, "Tim Kerja")
    hasil = component(plan, "Peningkatan Pelayanan Publik")
    MonthlyTarget.objects.filter(component=hasil).delete()
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    content = csv_file(
        [
            ["Area", "Komponen", *months],
            [AREA_I, "Tim Kerja", "", "", "", "90", "", "", "", "", "", "", "", "100"],
            ["Komponen Hasil", hasil.name, *["50"] * 12],
        ]
    )
    preview = upload_file(sekre, content, dataset="target")
    rows = {r.number: r for r in preview.context["result"].rows}
    assert (rows[2].action, rows[2].changes) == ("diubah", ["Apr: 100 → 90", "Des: (kosong) → 100"])
    assert rows[3].action == "baru" and len(rows[3].changes) == 12
    body = preview.content.decode()
    assert 'data-row="2" data-action="diubah"' in body and 'data-row="3" data-action="baru"' in body
    assert MonthlyTarget.objects.get(component=tim, month=4).percent == 100  # not yet
    confirm(sekre, preview)
    assert dict(tim.targets.values_list("month", "percent")) == {
        4: Decimal("90.00"),
        12: Decimal("100.00"),
    }
    assert hasil.targets.count() == 12


def test_a_blank_target_cell_deletes_the_target_and_a_number_sets_it(
    plan: WorkPlan, people: dict
) -> None:
    tim = component(plan, "Tim Kerja")
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    content = csv_file([["Area", "Komponen", *months], [AREA_I, "Tim Kerja", "25", *[""] * 11]])
    result = run(plan, people["sekretariat"], content, dataset="target")
    assert result.ok and result.record is not None
    assert dict(tim.targets.values_list("month", "percent")) == {1: Decimal("25.00")}
    deleted = MonthlyTarget.history.filter(component_id=tim.pk, month=4, history_type="-").get()
    assert deleted.history_user == people["sekretariat"]


def test_cancel_deletes_the_kept_upload(sekre: Client, plan: WorkPlan, private_root: Path) -> None:
    preview = upload_file(sekre, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    token = preview.context["token"]
    sekre.post(reverse("transfer_cancel", args=["kpu-kalbar", token]))
    assert not any((private_root / "imports").iterdir())
    assert sekre.get(reverse("transfer_preview", args=["kpu-kalbar", token])).status_code == 404
    assert not ProgressEntry.objects.exists()


def test_confirm_revalidates_and_refuses_when_data_changed_since_the_preview(
    sekre: Client, plan: WorkPlan, people: dict
) -> None:
    preview = upload_file(sekre, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    entry(plan, "Tim Kerja", 4, "30", people["koordinator_own"])  # meanwhile, a coordinator saves
    response = confirm(sekre, preview)
    assert response.status_code == 409
    assert "berubah sejak pratinjau" in response.content.decode()
    assert ProgressEntry.objects.get().percent == Decimal("30.00")
    assert not ImportRecord.objects.exists()
    # The new preview shows the real change; confirming it works.
    done = confirm(sekre, response)
    assert done.status_code == 200
    assert ProgressEntry.objects.get().percent == Decimal("10.00")


def test_confirm_refuses_a_kept_file_that_was_altered(
    sekre: Client, plan: WorkPlan, private_root: Path
) -> None:
    preview = upload_file(sekre, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    (stored,) = (private_root / "imports").iterdir()
    stored.write_bytes(progress_csv([AREA_I, "Tim Kerja", 4, "99", ""]))
    response = confirm(sekre, preview)
    assert "unggah ulang" in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_another_user_cannot_confirm_my_upload(
    client: Client, sekre: Client, plan: WorkPlan, people: dict
) -> None:
    preview = upload_file(sekre, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    other = Client()
    other.force_login(people["admin"])
    url = reverse("transfer_preview", args=["kpu-kalbar", preview.context["token"]])
    assert other.post(url, {"digest": preview.context["result"].digest}).status_code == 404
    assert not ProgressEntry.objects.exists()


# --- who may import -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("koordinator_own", 403), ("ketua", 403), ("koordinator_other_unit", 404)]
)
def test_others_cannot_import(
    client: Client, plan: WorkPlan, people: dict, who: str, status: int
) -> None:
    client.force_login(people[who])
    response = upload_file(client, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    assert response.status_code == status
    assert not ProgressEntry.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_coordinator_cannot_import_even_through_the_service(plan: WorkPlan, people: dict) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(plan, people["koordinator_own"], progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    assert not ProgressEntry.objects.exists()


def test_admin_may_import(client: Client, plan: WorkPlan, people: dict) -> None:
    client.force_login(people["admin"])
    confirm(client, upload_file(client, progress_csv([AREA_I, "Tim Kerja", 4, "10", ""])))
    assert ProgressEntry.objects.get().updated_by == people["admin"]


# --- bad files ----------------------------------------------------------------------------


def test_an_empty_file_is_refused(sekre: Client, plan: WorkPlan) -> None:
    response = upload_file(sekre, b"")
    assert response.status_code == 422
    assert "Berkas kosong" in response.content.decode()
    assert "Berkas kosong" in only_message(run(plan, sekre_user(plan), b"\xef\xbb\xbf\r\n"))


def sekre_user(plan: WorkPlan) -> Any:
    return plan.unit.roles.get(role="sekretariat").user


def test_a_file_with_only_headers_is_refused(plan: WorkPlan, people: dict) -> None:
    assert "tidak ada baris data" in only_message(run(plan, people["sekretariat"], progress_csv()))


def test_a_pdf_renamed_xlsx_is_refused_by_its_content(
    sekre: Client, plan: WorkPlan, private_root: Path
) -> None:
    response = upload_file(sekre, PDF_BYTES, name="progres.xlsx")
    assert response.status_code == 422
    assert (
        "progres.xlsx: Berkas ini berjenis PDF, bukan XLSX atau CSV." in response.content.decode()
    )
    assert not (private_root / "imports").exists() or not any((private_root / "imports").iterdir())


def test_a_word_document_renamed_xlsx_is_refused(sekre: Client, plan: WorkPlan) -> None:
    response = upload_file(sekre, ooxml_bytes("word/document.xml"), name="progres.xlsx")
    assert response.status_code == 422
    assert "bukan lembar kerja XLSX" in response.content.decode()


def test_a_csv_that_is_not_utf8_is_refused(plan: WorkPlan, people: dict) -> None:
    content = "Area,Komponen,Bulan,Realisasi (%)\nManajemen Perubahan,Tim Kerja,4,10 – é\n".encode(
        "cp1252"
    )
    assert "UTF-8" in only_message(run(plan, people["sekretariat"], content))


def test_a_file_over_the_size_limit_is_refused_while_streaming(
    sekre: Client, plan: WorkPlan, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    content = progress_csv(*[[AREA_I, "Tim Kerja", 4, "10", "x" * 50]] * 40)
    assert len(content) > 1024
    response = upload_file(sekre, content, name="besar.csv")
    assert response.status_code == 422
    assert "besar.csv: melebihi batas ukuran 1 KB." in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_a_file_over_the_row_limit_is_refused(plan: WorkPlan, people: dict, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 2000
    rows = [[AREA_I, "Tim Kerja", 1 + i % 12, "10", ""] for i in range(2001)]
    content = xlsx_file([PROGRESS_HEADERS, *rows])
    message = only_message(run(plan, people["sekretariat"], content))
    assert message == (
        "Berkas berisi lebih dari 2.000 baris data; batas impor 2.000 baris. "
        "Bagi berkas menjadi beberapa bagian."
    )
    assert not ProgressEntry.objects.exists()


def test_missing_columns_are_named(plan: WorkPlan, people: dict) -> None:
    content = csv_file([["Area", "Komponen", "Kegiatan"], [AREA_I, "Tim Kerja", "x"]])
    assert only_message(run(plan, people["sekretariat"], content)) == (
        "Kolom wajib tidak ada: “Bulan”, “Realisasi (%)”."
    )


def test_unknown_columns_are_named_with_their_letter(plan: WorkPlan, people: dict) -> None:
    content = csv_file(
        [[*PROGRESS_HEADERS, "Catatan Rahasia"], [AREA_I, "Tim Kerja", 4, "10", "", "x"]]
    )
    message = only_message(run(plan, people["sekretariat"], content))
    assert message.startswith(
        "Kolom tidak dikenal: “Catatan Rahasia” (kolom F). Kolom yang dikenali:"
    )
    assert not ProgressEntry.objects.exists()


def test_a_column_given_twice_is_refused(plan: WorkPlan, people: dict) -> None:
    content = csv_file([[*PROGRESS_HEADERS, "realisasi"], [AREA_I, "Tim Kerja", 4, "10", "", "20"]])
    assert only_message(run(plan, people["sekretariat"], content)) == (
        "Kolom “Realisasi (%)” muncul dua kali (kolom D dan F)."
    )


# --- bad rows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "Baris 2, kolom D (Realisasi (%)): Persentase tidak boleh lebih dari 100 (101)."),
        ("-5", "Baris 2, kolom D (Realisasi (%)): Persentase tidak boleh negatif (-5); isi 0–100."),
        (
            "banyak",
            "Baris 2, kolom D (Realisasi (%)): “banyak” bukan angka; isi 0–100, misalnya 75 atau 62,5.",
        ),
        (
            "33,333",
            "Baris 2, kolom D (Realisasi (%)): Paling banyak dua angka di belakang koma (33,333).",
        ),
    ],
)
def test_a_bad_percent_is_refused_with_its_row_and_column(
    plan: WorkPlan, people: dict, value: str, message: str
) -> None:
    result = run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", 4, value, ""]))
    assert only_message(result) == message
    assert not ProgressEntry.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_decimal_comma_is_a_number(plan: WorkPlan, people: dict) -> None:
    result = run(
        plan,
        people["sekretariat"],
        progress_csv([AREA_I, "Tim Kerja", 4, "62,5", ""], [AREA_I, "Tim Kerja", 5, "12.25%", ""]),
    )
    assert result.ok, result.messages()
    assert sorted(ProgressEntry.objects.values_list("percent", flat=True)) == [
        Decimal("12.25"),
        Decimal("62.50"),
    ]


def test_numbers_from_xlsx_cells_are_read_as_numbers(plan: WorkPlan, people: dict) -> None:
    content = xlsx_file(
        [
            PROGRESS_HEADERS,
            [AREA_I, "Tim Kerja", 4.0, 62.5, None],
            [AREA_I, "Tim Kerja", 5, 100, "Selesai"],
        ]
    )
    result = run(plan, people["sekretariat"], content)
    assert result.ok, result.messages()
    assert dict(ProgressEntry.objects.values_list("month", "percent")) == {
        4: Decimal("62.50"),
        5: Decimal("100.00"),
    }


def test_a_percent_above_100_in_the_target_matrix_is_refused(plan: WorkPlan, people: dict) -> None:
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    content = csv_file(
        [["Area", "Komponen", *months], [AREA_I, "Tim Kerja", "", "", "", "150", *[""] * 8]]
    )
    assert only_message(run(plan, people["sekretariat"], content, dataset="target")) == (
        "Baris 2, kolom F (Apr): Persentase tidak boleh lebih dari 100 (150)."
    )
    assert (
        MonthlyTarget.objects.get(component__name="Tim Kerja", component__plan=plan).percent == 100
    )


def test_an_unknown_area_is_refused(plan: WorkPlan, people: dict) -> None:
    message = only_message(
        run(plan, people["sekretariat"], progress_csv(["Area Fiktif", "Tim Kerja", 4, "10", ""]))
    )
    assert message.startswith(
        "Baris 2, kolom A (Area): Area “Area Fiktif” tidak dikenal. Area rencana ini: I. Manajemen Perubahan"
    )


def test_an_unknown_component_is_refused(plan: WorkPlan, people: dict) -> None:
    assert only_message(
        run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Hore", 4, "10", ""]))
    ) == (
        "Baris 2, kolom B (Komponen): Komponen “Tim Hore” tidak ada di area I (Manajemen Perubahan)."
    )


def test_a_component_of_another_area_is_unknown_there(plan: WorkPlan, people: dict) -> None:
    message = only_message(
        run(
            plan,
            people["sekretariat"],
            progress_csv(["Penataan Tatalaksana", "Tim Kerja", 4, "10", ""]),
        )
    )
    assert "Komponen “Tim Kerja” tidak ada di area II" in message


def test_areas_and_components_match_whatever_the_case_and_spacing(
    plan: WorkPlan, people: dict
) -> None:
    result = run(
        plan,
        people["sekretariat"],
        progress_csv(
            ["  manajemen   PERUBAHAN", "tim kerja ", 4, "10", ""], ["I", "Tim  Kerja", 5, "10", ""]
        ),
    )
    assert result.ok, result.messages()
    assert ProgressEntry.objects.count() == 2


def test_progress_of_a_komponen_hasil_is_refused(plan: WorkPlan, people: dict) -> None:
    message = only_message(
        run(
            plan,
            people["sekretariat"],
            progress_csv(["Komponen Hasil", "Peningkatan Pelayanan Publik", 4, "10", ""]),
        )
    )
    assert "adalah Komponen Hasil; progresnya tidak diisi" in message


def test_duplicate_rows_are_refused(plan: WorkPlan, people: dict) -> None:
    result = run(
        plan,
        people["sekretariat"],
        progress_csv(
            [AREA_I, "Tim Kerja", 4, "10", ""],
            [AREA_I, "Tim Kerja", 5, "10", ""],
            [AREA_I, "tim kerja", "4", "20", ""],
        ),
    )
    assert only_message(result) == (
        "Baris 4, kolom C (Bulan): Baris ganda: komponen “Tim Kerja” bulan April sudah ada di baris 2."
    )
    assert not ProgressEntry.objects.exists()


def test_duplicate_rows_in_the_target_matrix_are_refused(plan: WorkPlan, people: dict) -> None:
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    row = [AREA_I, "Tim Kerja", *[""] * 3, "100", *[""] * 8]
    result = run(
        plan,
        people["sekretariat"],
        csv_file([["Area", "Komponen", *months], row, row]),
        dataset="target",
    )
    assert (
        only_message(result)
        == "Baris 3, kolom B (Komponen): Baris ganda: komponen “Tim Kerja” sudah ada di baris 2."
    )


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("13", "Bulan harus antara 1 dan 12, bukan 13."),
        ("0", "Bulan harus antara 1 dan 12, bukan 0."),
        ("4,5", "Bulan harus bilangan bulat, bukan “4,5”."),
        ("", "Bulan wajib diisi (1–12)."),
        ("Maretan", "Bulan “Maretan” tidak dikenal; isi angka 1–12."),
    ],
)
def test_a_month_outside_1_to_12_is_refused(
    plan: WorkPlan, people: dict, month: str, message: str
) -> None:
    result = run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", month, "10", ""]))
    assert only_message(result) == f"Baris 2, kolom C (Bulan): {message}"


def test_a_month_may_be_named(plan: WorkPlan, people: dict) -> None:
    assert run(
        plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", "April", "10", ""])
    ).ok
    assert ProgressEntry.objects.get().month == 4


def test_a_locked_month_cannot_be_changed_by_import(plan: WorkPlan, people: dict) -> None:
    MonthLock.objects.create(unit=plan.unit, year=2025, month=4, changed_by=people["sekretariat"])
    result = run(
        plan,
        people["sekretariat"],
        progress_csv([AREA_I, "Tim Kerja", 4, "10", ""], [AREA_I, "Tim Kerja", 5, "10", ""]),
    )
    assert only_message(result) == (
        "Baris 2, kolom C (Bulan): Bulan April 2025 sudah dikunci oleh Sekretariat; data hanya dapat dibaca."
    )
    assert not ProgressEntry.objects.exists()


def test_unchanged_rows_of_a_locked_month_pass(plan: WorkPlan, people: dict) -> None:
    entry(plan, "Tim Kerja", 4, "10", people["koordinator_own"])
    MonthLock.objects.create(unit=plan.unit, year=2025, month=4, changed_by=people["sekretariat"])
    result = run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", 4, "10", ""]))
    assert result.ok and result.unchanged == 1


def test_a_month_that_has_not_begun_is_refused(plan: WorkPlan, people: dict) -> None:
    from areas.services import plan_copy
    from common.dates import today

    year = today().year + 1
    later = plan_copy(source=plan, unit=plan.unit, year=year)
    result = run(later, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", 1, "10", ""]))
    assert only_message(result) == (
        f"Baris 2, kolom C (Bulan): Bulan Januari {year} belum dimulai; data bulan ini belum dapat diisi."
    )


def test_a_row_for_another_unit_or_year_is_refused(plan: WorkPlan, people: dict) -> None:
    headers = ["Satuan Kerja", "Tahun", *PROGRESS_HEADERS]
    content = csv_file(
        [
            headers,
            ["kpu-sambas", 2025, AREA_I, "Tim Kerja", 4, "10", ""],
            ["kpu-kalbar", 2024, AREA_I, "Tim Kerja", 5, "10", ""],
        ]
    )
    messages = run(plan, people["sekretariat"], content).messages()
    assert messages[0].startswith(
        "Baris 2, kolom A (Satuan Kerja): Baris ini untuk satuan kerja “kpu-sambas”"
    )
    assert (
        messages[1]
        == "Baris 3, kolom B (Tahun): Baris ini untuk tahun 2024, sedangkan impor ini untuk tahun 2025."
    )


def test_emptying_a_realisation_that_exists_is_refused(plan: WorkPlan, people: dict) -> None:
    entry(plan, "Tim Kerja", 4, "10", people["koordinator_own"])
    message = only_message(
        run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", 4, "", ""]))
    )
    assert "Realisasi kosong, padahal progres bulan ini sudah diisi (10%)" in message
    assert ProgressEntry.objects.get().percent == 10


def test_a_narrative_without_a_realisation_is_refused(plan: WorkPlan, people: dict) -> None:
    message = only_message(
        run(plan, people["sekretariat"], progress_csv([AREA_I, "Tim Kerja", 4, "", "Rapat"]))
    )
    assert message == "Baris 2, kolom D (Realisasi (%)): Realisasi wajib diisi bila narasi diisi."


def test_every_error_is_listed_not_only_the_first(plan: WorkPlan, people: dict) -> None:
    result = run(
        plan,
        people["sekretariat"],
        progress_csv(
            [AREA_I, "Tim Kerja", 13, "101", ""],
            ["X", "Tim Kerja", 4, "abc", ""],
            [AREA_I, "Tim Kerja", 6, "10", ""],
        ),
    )
    messages = result.messages()
    assert len(messages) == 4
    assert [m.split(":")[0] for m in messages] == [
        "Baris 2, kolom C (Bulan)",
        "Baris 2, kolom D (Realisasi (%))",
        "Baris 3, kolom A (Area)",
        "Baris 3, kolom D (Realisasi (%))",
    ]
    assert not ProgressEntry.objects.exists()


def test_the_preview_page_lists_errors_and_offers_no_confirm(sekre: Client, plan: WorkPlan) -> None:
    preview = upload_file(sekre, progress_csv([AREA_I, "Tim Kerja", 4, "150", ""]))
    body = preview.content.decode()
    assert "Baris 2, kolom D (Realisasi (%)): Persentase tidak boleh lebih dari 100 (150)." in body
    assert 'data-testid="confirm"' not in body
    # A forged confirmation is checked again and writes nothing.
    response = sekre.post(
        reverse("transfer_preview", args=["kpu-kalbar", preview.context["token"]]), {"digest": "x"}
    )
    assert response.status_code == 422
    assert not ProgressEntry.objects.exists()


def test_the_file_error_page_for_bad_columns(sekre: Client, plan: WorkPlan) -> None:
    preview = upload_file(sekre, csv_file([["Komponen", "Nilai"], ["Tim Kerja", "1"]]))
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Kolom tidak dikenal: “Nilai” (kolom B)" in body
    assert "Kolom wajib tidak ada: “Area”, “Bulan”, “Realisasi (%)”." in body
    assert 'data-testid="confirm"' not in body


def test_semicolon_csv_from_indonesian_excel_is_read(plan: WorkPlan, people: dict) -> None:
    content = csv_file(
        [PROGRESS_HEADERS, [AREA_I, "Tim Kerja", 4, "62,5", "Rapat; lanjut"]],
        delimiter=";",
        bom=False,
    )
    result = run(plan, people["sekretariat"], content)
    assert result.ok, result.messages()
    assert ProgressEntry.objects.get().activities == "Rapat; lanjut"


# --- the plan -----------------------------------------------------------------------------


def test_plan_import_changes_and_adds_rows(sekre: Client, plan: WorkPlan, people: dict) -> None:
    rows = [r for r in _csv_rows(export(sekre, "rencana", "csv"))]
    header = rows[0]
    area = Area.objects.get(plan=plan, code="tatalaksana")
    first = ActionItem.objects.filter(area=area).order_by("order").first()
    last = ActionItem.objects.filter(area=area).order_by("-order").first()
    edited = []
    for r in rows[1:]:
        if r[2] == "Rencana Aksi" and r[3] == "tatalaksana" and r[5] == str(first.order):
            r[8] = "Teks baru rencana aksi."
        if r[2] == "Area" and r[3] == "tatalaksana":
            r[10] = "12,5"
        edited.append(r)
    edited.append(
        [
            "kpu-kalbar",
            "2025",
            "Rencana Aksi",
            "tatalaksana",
            "II",
            str(last.order + 1),
            "a)",
            str(last.order),
            "Sub-aksi baru.",
            "",
            "",
        ]
    )
    result = run(plan, people["sekretariat"], _csv(header, edited), dataset="rencana")
    assert result.ok, result.messages()
    assert (result.created, result.updated) == (1, 2)
    first.refresh_from_db()
    area.refresh_from_db()
    assert first.text == "Teks baru rencana aksi."
    assert area.lke_weight == Decimal("12.50")
    new = ActionItem.objects.get(area=area, order=last.order + 1)
    assert (new.label, new.parent, new.text) == ("a)", last, "Sub-aksi baru.")
    assert new.history.get().history_user == people["sekretariat"]


def test_plan_import_refuses_an_unknown_area_code_and_a_bad_parent(
    plan: WorkPlan, people: dict
) -> None:
    header = ["Bagian", "Kode Area", "Urutan", "Label", "Induk", "Teks"]
    content = csv_file(
        [
            header,
            ["Rencana Aksi", "keuangan", "1", "a.", "", "x"],
            ["Rencana Aksi", "sdm", "5", "a.", "9", "y"],
            ["Lainnya", "sdm", "1", "a.", "", "z"],
        ]
    )
    messages = run(plan, people["sekretariat"], content, dataset="rencana").messages()
    assert messages[0].startswith("Baris 2, kolom B (Kode Area): Area “keuangan” tidak dikenal.")
    assert messages[1] == "Baris 3, kolom E (Induk): Induk (9) harus urutan sebelum baris ini (5)."
    assert messages[2].startswith("Baris 4, kolom A (Bagian): Bagian “Lainnya” tidak dikenal")


def _csv_rows(content: bytes) -> list[list[str]]:
    from tests.test_transfer_support import read_csv

    return read_csv(content)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    return csv_file([header, *rows])


def test_a_file_of_another_dataset_gets_a_hint(plan: WorkPlan, people: dict) -> None:
    content = progress_csv([AREA_I, "Tim Kerja", 4, "10", ""])
    messages = run(plan, people["sekretariat"], content, dataset="target").messages()
    assert messages[-1] == (
        "Kolom berkas ini cocok dengan data progres bulanan: pilih jenis data itu saat mengunggah."
    )
