"""Exports of the plan, the target matrix and the progress: layout, safety, access."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from areas.models import ActionItem, WorkPlan
from common import spreadsheet
from evidence.models import Evidence, EvidenceFile, EvidenceVersion
from targets.models import ActionItemStatus
from tests.test_transfer_support import entry, export, read_csv, read_xlsx
from transfer import layouts

pytestmark = pytest.mark.django_db


@pytest.fixture
def sekre(client: Client, people: dict) -> Client:
    client.force_login(people["sekretariat"])
    return client


def test_target_matrix_has_the_decrees_layout_and_keeps_blanks_blank(sekre: Client) -> None:
    rows = read_xlsx(export(sekre, "target", "xlsx"))
    header = rows[0]
    assert header[:6] == ["Satuan Kerja", "Tahun", "No. Area", "Area", "No.", "Komponen"]
    assert header[6:] == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Mei",
        "Jun",
        "Jul",
        "Agt",
        "Sep",
        "Okt",
        "Nov",
        "Des",
    ]
    tim_kerja = next(r for r in rows if r[5] == "Tim Kerja")
    # The decree: Tim Kerja has only April (100); the other eleven months are blank cells.
    assert tim_kerja[2:5] == ["I", "Manajemen Perubahan", 1]
    assert tim_kerja[6:] == [None, None, None, 100, None, None, None, None, None, None, None, None]
    # Grouped by area in the decree's order, Komponen Hasil last.
    numbers = [r[2] for r in rows[1:]]
    assert numbers == sorted(numbers, key=["I", "II", "III", "IV", "V", "VI", "VII"].index)
    assert rows[-1][3] == "Komponen Hasil"
    assert len(rows) == 1 + 25


def test_target_matrix_csv_is_utf8_with_a_bom_and_blank_cells(sekre: Client) -> None:
    content = export(sekre, "target", "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = read_csv(content)
    tim_kerja = next(r for r in rows if r[5] == "Tim Kerja")
    assert tim_kerja[6:] == ["", "", "", "100", "", "", "", "", "", "", "", ""]


def test_the_workbook_has_a_frozen_bold_header_widths_and_filters(sekre: Client) -> None:
    content = export(sekre, "progres", "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Progres", "Status Rencana Aksi"]
    ws = book["Progres"]
    assert ws.freeze_panes == "H2"
    assert ws["A1"].font.b is True
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["F"] > 20  # Komponen
    assert widths["K"] == 60  # Kegiatan: wide and wrapped
    assert ws["K2"].alignment.wrap_text is True
    # A valid OOXML package that LibreOffice and Excel open: the workbook part is there.
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_progress_export_lists_target_realisation_narrative_who_and_when(
    sekre: Client, plan: WorkPlan, people: dict
) -> None:
    entry(
        plan,
        "Tim Kerja",
        4,
        "62.5",
        people["koordinator_own"],
        activities="Rapat tim",
        obstacles="Jadwal",
        follow_up="Rapat ulang",
        is_internal=True,
    )
    rows = read_xlsx(export(sekre, "progres", "xlsx"))
    header = rows[0]
    april = next(r for r in rows if r[5] == "Tim Kerja" and r[6] == 4)
    record = dict(zip(header, april, strict=True))
    assert record["Target (%)"] == 100
    assert record["Realisasi (%)"] == 62.5
    assert (record["Kegiatan"], record["Kendala"], record["Tindak Lanjut"]) == (
        "Rapat tim",
        "Jadwal",
        "Rapat ulang",
    )
    assert record["Narasi Internal"] == "Ya"
    assert record["Diubah Oleh"] == "k1"
    assert record["Diubah Pada"].startswith("20")
    # Every pengungkit component × 12 months, filled or not; no Komponen Hasil rows.
    assert len(rows) == 1 + 23 * 12
    assert not any(r[3] == "Komponen Hasil" for r in rows[1:])
    may = next(r for r in rows if r[5] == "Tim Kerja" and r[6] == 5)
    assert may[9] is None and may[13] is None


def test_status_sheet_counts_evidence_and_shows_the_status(
    sekre: Client, plan: WorkPlan, people: dict
) -> None:
    action = ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    ActionItemStatus.objects.create(
        action=action, month=3, status="selesai", note="Beres", updated_by=people["koordinator_own"]
    )
    evidence = Evidence.objects.create(action=action, month=3, current_version=2, status="diterima")
    for number, files in ((1, 1), (2, 2)):
        version = EvidenceVersion.objects.create(
            evidence=evidence, number=number, uploaded_by=people["koordinator_own"]
        )
        for i in range(files):
            EvidenceFile.objects.create(
                version=version,
                file=f"evidence/x{number}{i}.pdf",
                original_name="a.pdf",
                kind="pdf",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
            )
    rows = read_csv(export(sekre, "status", "csv"))
    header = rows[0]
    march = dict(
        zip(
            header,
            next(
                r
                for r in rows[1:]
                if r[4] == str(action.order) and r[7] == "3" and r[3] == action.area.name
            ),
            strict=True,
        )
    )
    assert march["Status"] == "Selesai"
    assert march["Catatan"] == "Beres"
    assert march["Bukti Dukung"] == "Diterima"
    assert (march["Versi Bukti"], march["Jumlah Berkas"]) == ("2", "2")


def test_plan_export_has_areas_targets_and_nested_action_items(
    sekre: Client, plan: WorkPlan
) -> None:
    rows = read_csv(export(sekre, "rencana", "csv"))
    header = rows[0]
    assert header == [
        "Satuan Kerja",
        "Tahun",
        "Bagian",
        "Kode Area",
        "No. Area",
        "Urutan",
        "Label",
        "Induk",
        "Teks",
        "Pengantar",
        "Bobot LKE",
    ]
    parts = [r[2] for r in rows[1:]]
    assert parts.count("Area") == 6
    assert parts.count("Rencana Aksi") == ActionItem.objects.filter(area__plan=plan).count()
    child = (
        ActionItem.objects.filter(area__plan=plan, parent__isnull=False)
        .select_related("parent", "area")
        .first()
    )
    row = next(
        r
        for r in rows
        if r[2] == "Rencana Aksi" and r[3] == child.area.code and r[5] == str(child.order)
    )
    assert (row[6], row[7], row[8]) == (child.label, str(child.parent.order), child.text)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_formula_in_a_narrative_is_escaped(
    sekre: Client, plan: WorkPlan, people: dict, fmt: str
) -> None:
    payload = '=HYPERLINK("http://evil.invalid","klik")'
    entry(
        plan,
        "Tim Kerja",
        4,
        "50",
        people["sekretariat"],
        activities=payload,
        obstacles="+1",
        follow_up="@SUM(A1)",
    )
    content = export(sekre, "progres", fmt)
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        ws = book["Progres"]
        cells = [
            c
            for row in ws.iter_rows(min_row=2)
            for c in row
            if c.value and str(c.value).startswith("'")
        ]
        assert {c.value for c in cells} == {"'" + payload, "'+1", "'@SUM(A1)"}
        assert all(c.data_type == "s" for c in cells)  # text, never a formula cell
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    else:
        text = content.decode("utf-8")
        assert "'=HYPERLINK" in text and ",'+1," in text and "'@SUM(A1)" in text
        assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


def test_escaping_round_trips_for_any_text() -> None:
    samples = [
        "=1",
        "+",
        "-5 hari",
        "@x",
        "\tx",
        "\rx",
        "'=x",
        "''@y",
        "'biasa",
        "biasa",
        "",
        "  =x",
        "'",
    ]
    for text in samples:
        escaped = spreadsheet.escape_formula(text)
        assert spreadsheet.unescape_formula(escaped) == text
        assert not spreadsheet._formula_like(escaped) or escaped.startswith("'")
    assert spreadsheet.escape_formula("=1") == "'=1"
    assert spreadsheet.escape_formula("biasa") == "biasa"
    assert spreadsheet.escape_formula(5) == 5


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("koordinator_own", 403),
        ("ketua", 403),
        ("tpi", 403),
        ("koordinator_other_unit", 404),
        ("ketua_other_unit", 404),
        ("sekretariat", 200),
        ("admin", 200),
    ],
)
def test_only_the_sekretariat_and_admin_export(
    client: Client, people: dict, who: str, status: int
) -> None:
    client.force_login(people[who])
    url = reverse("transfer_export", args=["kpu-kalbar", "progres", 2025, "csv"])
    assert client.get(url).status_code == status
    assert client.get(reverse("transfer_home", args=["kpu-kalbar"])).status_code == status


def test_anonymous_is_sent_to_login(client: Client, plan: WorkPlan) -> None:
    response = client.get(reverse("transfer_export", args=["kpu-kalbar", "target", 2025, "xlsx"]))
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_download_headers(sekre: Client) -> None:
    response = sekre.get(reverse("transfer_export", args=["kpu-kalbar", "target", 2025, "xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="target-kpu-kalbar-2025.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    assert (
        sekre.get(
            reverse("transfer_export", args=["kpu-kalbar", "target", 2031, "xlsx"])
        ).status_code
        == 404
    )
    assert (
        sekre.get(
            reverse("transfer_export", args=["kpu-kalbar", "target", 2025, "pdf"])
        ).status_code
        == 404
    )


def test_the_resources_work_on_querysets_for_the_admin(plan: WorkPlan, people: dict) -> None:
    from targets.models import ProgressEntry

    entry(plan, "Tim Kerja", 4, "75", people["sekretariat"], activities="=x")
    data = layouts.ProgressResource().export(queryset=ProgressEntry.objects.all())
    assert data.headers[9] == "Realisasi (%)"
    assert data[0][5:10] == ("Tim Kerja", 4, "April", 100, 75)
    assert data[0][10] == "'=x"
    matrix = layouts.TargetMatrixResource().export(queryset=plan.components.all())
    assert len(matrix) == 25


def test_the_admin_can_export_with_the_progress_resource(plan: WorkPlan, people: dict) -> None:
    """The wiring proposed for reports/admin.py: ExportMixin + ProgressResource."""
    from django.contrib.admin import AdminSite
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory
    from import_export.admin import ExportMixin

    from targets.admin import ProgressEntryAdmin
    from targets.models import ProgressEntry

    class Admin(ExportMixin, ProgressEntryAdmin):
        resource_classes = [layouts.ProgressResource]

    entry(plan, "Tim Kerja", 4, "50", people["sekretariat"], activities="=x")
    model_admin = Admin(ProgressEntry, AdminSite(name="uji"))

    def request(method: str, data: dict | None = None) -> object:
        req = getattr(RequestFactory(), method)("/", data or {})
        req.user, req.session = people["admin"], SessionStore()
        req._messages = FallbackStorage(req)
        return req

    form = model_admin.export_action(request("get")).render().content.decode()
    assert 'name="progressresource_realisasi"' in form
    assert layouts.ProgressResource.get_display_name() == "Progres bulanan (format impor portal)"
    names = [f"progressresource_{n}" for n in layouts.ProgressResource().fields]
    formats = [f.__name__ for f in model_admin.get_export_formats()]
    data = {"format": str(formats.index("CSV")), "resource": "0", **dict.fromkeys(names, "on")}
    response = model_admin.export_action(request("post", data))
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Satuan Kerja,Tahun,No. Area,Area,No.,Komponen,Bulan")
    assert lines[1].startswith(
        "kpu-kalbar,2025,I,Manajemen Perubahan,1,Tim Kerja,4,April,100,50,'=x,"
    )
