"""Loading units from a CSV (access.services.units_load, ``manage.py load_units``): the
shipped files, idempotence, and every bad row reported in Indonesian with nothing saved."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from access.models import Unit
from access.services import KALBAR_FILE, PROVINCES_FILE, units_load, units_read

HEADER = "kode,nama,nama_singkat,kota\n"


def _load(text: str) -> object:
    return units_load(rows=units_read(text))


def _messages(text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _load(text)
    return caught.value.messages


def test_the_shipped_file_has_kpu_ri_and_the_38_provinces_with_their_codes() -> None:
    rows = list(csv.DictReader(io.StringIO(PROVINCES_FILE.read_text(encoding="utf-8"))))
    codes = [r["kode"] for r in rows]
    assert codes[0] == "" and rows[0]["nama_singkat"] == "KPU RI"
    assert codes[1:] == [
        *[
            "11",
            "12",
            "13",
            "14",
            "15",
            "16",
            "17",
            "18",
            "19",
            "21",
            "31",
            "32",
            "33",
            "34",
            "35",
            "36",
            "51",
            "52",
            "53",
        ],
        *[
            "61",
            "62",
            "63",
            "64",
            "65",
            "71",
            "72",
            "73",
            "74",
            "75",
            "76",
            "81",
            "82",
            "91",
            "92",
            "93",
            "94",
            "95",
            "96",
        ],
    ]
    names = {r["kode"]: r["nama_singkat"] for r in rows}
    assert names["61"] == "KPU Provinsi Kalimantan Barat"
    assert names["96"] == "KPU Provinsi Papua Barat Daya"
    assert names["11"] == "KIP Aceh"  # in Aceh the KPU is the Komisi Independen Pemilihan


def test_loading_the_provinces_attaches_the_seeded_province_under_kpu_ri(
    province: Unit,
) -> None:
    report = _load(PROVINCES_FILE.read_text(encoding="utf-8"))
    pusat = Unit.objects.get(kind=Unit.Kind.PUSAT)
    assert (pusat.slug, pusat.code, pusat.parent_id) == ("kpu-ri", "", None)
    assert len(report.created) == 38  # KPU RI and 37 provinces; Kalimantan Barat was there
    province.refresh_from_db()
    assert province.parent == pusat and province.slug == "kpu-kalbar"
    assert [fields for unit, fields in report.updated] == [["order", "parent"]]
    assert Unit.objects.get(code="32").slug == "kpu-jawa-barat"
    assert Unit.objects.filter(parent=pusat).count() == 38


def test_a_second_load_changes_nothing_and_says_so(province: Unit) -> None:
    out = io.StringIO()
    call_command("load_units", stdout=out)
    call_command("load_units", file=KALBAR_FILE, stdout=out)
    count = Unit.objects.count()
    out = io.StringIO()
    call_command("load_units", stdout=out)
    call_command("load_units", file=KALBAR_FILE, stdout=out)
    assert "Tidak ada perubahan: 39 satuan kerja sudah sesuai." in out.getvalue()
    assert "Tidak ada perubahan: 14 satuan kerja sudah sesuai." in out.getvalue()
    assert Unit.objects.count() == count


def test_the_kalbar_example_matches_the_seeded_kabkota_by_code(province: Unit) -> None:
    before = dict(Unit.objects.values_list("code", "slug"))
    _load(PROVINCES_FILE.read_text(encoding="utf-8"))
    report = _load(KALBAR_FILE.read_text(encoding="utf-8"))
    assert report.created == []
    assert dict(Unit.objects.filter(code__startswith="61").values_list("code", "slug")) == {
        c: s for c, s in before.items() if c.startswith("61")
    }


def test_a_kabkota_takes_its_parent_from_its_code_and_gets_a_stable_slug(province: Unit) -> None:
    _load(PROVINCES_FILE.read_text(encoding="utf-8"))
    _load(
        HEADER + "75.01,Komisi Pemilihan Umum Kabupaten Gorontalo,KPU Kabupaten Gorontalo,"
        "Limboto\n75.71,Komisi Pemilihan Umum Kota Gorontalo,KPU Kota Gorontalo,Gorontalo\n"
    )
    kab = Unit.objects.get(code="75.01")
    assert kab.parent == Unit.objects.get(code="75")
    # Provinsi Gorontalo has kpu-gorontalo already: the kabupaten's slug adds its code
    assert (kab.parent.slug, kab.slug) == ("kpu-gorontalo", "kpu-gorontalo-75-01")
    assert Unit.objects.get(code="75.71").slug == "kpu-kota-gorontalo"


def test_every_bad_row_is_reported_with_its_line_and_column_and_nothing_is_saved(
    province: Unit,
) -> None:
    count = Unit.objects.count()
    messages = _messages(
        HEADER
        + "62,Komisi Pemilihan Umum Provinsi Kalimantan Tengah,KPU Provinsi Kalimantan Tengah,"
        "Palangka Raya\n"
        + "6x,KPU X,KPU X,X\n"
        + "62,Lagi,Lagi,Lagi\n"
        + "63.01,,KPU Kabupaten Tanah Laut,\n"
        + "99.01,Komisi Pemilihan Umum Kabupaten Uji,KPU Kabupaten Uji,Uji\n"
        + ",KPU RI,KPU RI,Jakarta\n"
        + ",KPU RI lagi,KPU RI lagi,Jakarta\n"
    )
    assert messages == [
        "baris 3, kolom kode: «6x» bukan kode wilayah; tulis dua angka untuk provinsi (61) "
        "atau kode provinsi, titik, dua angka untuk kabupaten/kota (61.71); kosong hanya "
        "untuk KPU RI.",
        "baris 4, kolom kode: kode 62 sudah ada di baris 2.",
        "baris 5, kolom nama: wajib diisi.",
        "baris 5, kolom kota: wajib diisi.",
        "baris 8, kolom kode: kode kosong (KPU RI) sudah ada di baris 7.",
        "baris 6, kolom kode: provinsi 99 tidak ada di portal maupun di berkas ini; muat "
        "provinsinya lebih dulu.",
    ]
    assert Unit.objects.count() == count  # the good rows were not saved either


def test_a_row_the_model_refuses_is_reported_in_its_column_and_rolls_back(
    province: Unit,
) -> None:
    count = Unit.objects.count()
    messages = _messages(
        HEADER
        + "62,Komisi Pemilihan Umum Provinsi Kalimantan Tengah,KPU Provinsi Kalimantan Tengah,"
        "Palangka Raya\n" + f"63,{'N' * 201},KPU Provinsi Kalimantan Selatan,Banjarbaru\n"
    )
    assert messages == [
        "baris 3, kolom nama: Pastikan nilai ini mengandung paling banyak 200 karakter "
        "(sekarang 201 karakter)."
    ]
    assert Unit.objects.count() == count
    assert not Unit.objects.filter(code="62").exists()


def test_the_header_must_name_the_required_columns_and_no_unknown_ones(db: None) -> None:
    assert _messages("kode;nama;alamat\n61;X;Y\n") == [
        "baris 1, kolom alamat: kolom tidak dikenal.",
        "baris 1: kolom wajib tidak ada: nama_singkat, kota.",
    ]
    assert _messages("") == ["Berkas kosong: baris 1 harus berisi nama kolom."]
    assert _messages(HEADER) == [
        "Berkas tidak berisi satuan kerja (baris 2 dan seterusnya kosong)."
    ]


def test_the_command_prints_each_error_and_fails(province: Unit, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "6x,A,B,C\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 kesalahan; tidak ada yang disimpan"):
        call_command("load_units", file=bad, stderr=err)
    assert "baris 2, kolom kode: «6x» bukan kode wilayah" in err.getvalue()
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("load_units", file=tmp_path / "none.csv")


def test_a_semicolon_file_with_a_bom_from_a_spreadsheet_loads(province: Unit) -> None:
    text = "\ufeffkode;nama;nama_singkat;kota\n62;Komisi Pemilihan Umum Provinsi Kalimantan "
    text += "Tengah;KPU Provinsi Kalimantan Tengah;Palangka Raya\n"
    report = _load(text)
    assert [u.slug for u in report.created] == ["kpu-kalimantan-tengah"]
