"""The loaded plan matches the seed (Keputusan KPU Provinsi Kalimantan Barat 9/2025)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from access.models import Unit
from areas.models import (
    ActionItem,
    Area,
    AreaTarget,
    Component,
    DecreeClause,
    LampiranSection,
    MonthlyTarget,
    Paragraph,
    WorkPlan,
)
from areas.services import plan_load

pytestmark = pytest.mark.django_db

F = 100  # every "100%" cell
R = [25, 50, 60, 65, 70, 75, 80, 85, 90, 100, 100, 100]  # the SDM ramp
_ = None  # a blank cell: no target that month

# The seed's table, typed from the seed by hand (with its corrections): area, row, months.
EXPECTED_TABLE = [
    ("manajemen_perubahan", "Tim Kerja", [_, _, _, F, _, _, _, _, _, _, _, _]),
    ("manajemen_perubahan", "Dokumen Rencana Pembangunan ZI", [_, _, _, F, _, _, _, _, _, _, _, _]),
    ("manajemen_perubahan", "Pemantauan dan Evaluasi Pembangunan WBK/WBBM", [F] * 12),
    ("manajemen_perubahan", "Perubahan Pola Pikir dan Budaya Kerja", [F] * 12),
    ("tatalaksana", "Prosedur Operasional Tetap (SOP)", [F] * 12),
    ("tatalaksana", "E-office", [F] * 12),
    ("tatalaksana", "Keterbukaan Informasi Publik", [F] * 12),
    ("sdm", "Perencanaan kebutuhan pegawai", [_, _, _, _, _, 50, _, _, _, _, _, 50]),
    ("sdm", "Pola Mutasi Internal", [_, _, _, _, _, 50, _, _, _, _, _, 50]),
    ("sdm", "Pengembangan Pegawai Berbasis Kompetensi", R),
    ("sdm", "Penetapan Kinerja Individu", R),
    ("sdm", "Penegakan Aturan Disiplin/Kode Etik/Kode Perilaku", R),
    ("sdm", "Sistem Informasi Kepegawaian", [F] * 12),
    ("akuntabilitas", "Keterlibatan Pimpinan", [F] * 12),
    ("akuntabilitas", "Pengelolaan Akuntabilitas Kinerja", [F] * 12),
    ("pengawasan", "Pengendalian Gratifikasi", [F] * 12),
    ("pengawasan", "Penerapan SPIP", [F] * 12),
    ("pengawasan", "Pengaduan Masyarakat", [F] * 12),
    ("pengawasan", "Whistle Blowing System", [F] * 12),
    ("pengawasan", "Penanganan Benturan Kepentingan", [F] * 12),
    ("pelayanan_publik", "Standar Pelayanan", [F] * 12),
    ("pelayanan_publik", "Budaya Pelayanan Prima", [F] * 12),
    (
        "pelayanan_publik",
        "Penilaian kepuasan terhadap pelayanan",
        [_, _, F, _, _, F, _, _, F, _, _, F],
    ),
    (None, "Peningkatan Pelayanan Publik", [F] * 12),
    (None, "Pemerintah yang Bersih dan Akuntabel", [F] * 12),
]

# Per area: (number, name, targets, top-level action items, nested action items)
EXPECTED_AREAS = [
    ("manajemen_perubahan", "I", "Manajemen Perubahan", 2, 7, 6),
    ("tatalaksana", "II", "Penataan Tatalaksana", 3, 9, 0),
    ("sdm", "III", "Penataan Sistem Manajemen SDM", 5, 17, 0),
    ("akuntabilitas", "IV", "Penguatan Akuntabilitas Kinerja", 2, 8, 0),
    ("pengawasan", "V", "Penguatan Pengawasan", 4, 19, 0),
    ("pelayanan_publik", "VI", "Peningkatan Kualitas Pelayanan Publik", 3, 12, 0),
]

KABKOTA = [
    "Bengkayang",
    "Kapuas Hulu",
    "Kayong Utara",
    "Ketapang",
    "Kubu Raya",
    "Landak",
    "Melawi",
    "Mempawah",
    "Sambas",
    "Sanggau",
    "Sekadau",
    "Sintang",
    "Kota Pontianak",
    "Kota Singkawang",
]


def test_it_loads_the_province_and_its_14_kabkota(province: Unit) -> None:
    assert province.kind == Unit.Kind.PROVINSI
    children = list(province.children.order_by("order"))
    assert len(children) == 14
    for unit, name in zip(children, KABKOTA, strict=True):
        assert unit.short_name.endswith(name), (unit.short_name, name)
        assert unit.kind == Unit.Kind.KABKOTA


def test_the_decree_metadata_is_loaded(plan: WorkPlan) -> None:
    assert plan.number == "9"
    assert plan.year == 2025
    assert plan.issuer == "KOMISI PEMILIHAN UMUM PROVINSI KALIMANTAN BARAT"
    assert plan.title.startswith("RENCANA KERJA PEMBANGUNAN ZONA INTEGRITAS")
    assert plan.title.endswith("PROVINSI KALIMANTAN BARAT TAHUN 2025")
    assert plan.enacted_place == "Pontianak"
    assert plan.enacted_date.isoformat() == "2025-04-25"
    assert plan.signer_name == "MUHAMMAD SYARIFUDDIN BUDI"
    assert plan.copy_name == "Deni Trisna Dyah"
    assert "Kepala Bagian Teknis Penyelenggaraan Pemilu" in plan.copy_title


def test_menimbang_mengingat_and_dictums_are_loaded_in_order(plan: WorkPlan) -> None:
    def clauses(kind: str) -> list[tuple[str, str]]:
        return [(c.label, c.text) for c in plan.clauses.filter(kind=kind).order_by("order")]

    menimbang = clauses(DecreeClause.Kind.MENIMBANG)
    assert [label for label, _ in menimbang] == ["a.", "b."]
    assert menimbang[0][1].startswith(
        "bahwa untuk mewujudkan pelaksanaan Pembangunan Zona Integritas"
    )
    assert menimbang[1][1].startswith("bahwa berdasarkan pertimbangan sebagaimana dimaksud huruf a")

    mengingat = clauses(DecreeClause.Kind.MENGINGAT)
    assert [label for label, _ in mengingat] == ["1.", "2.", "3.", "4.", "5.", "6."]
    starts = [
        "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
        "Peraturan Presiden Nomor 81 Tahun 2010",
        "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2019",
        "Peraturan Komisi Pemilihan Umum Nomor 14 Tahun 2020",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021",
        "Keputusan Komisi Pemilihan Umum Nomor 314/ORT.07-Kpt/01/KPU/V/2021",
    ]
    for (_label, text), start in zip(mengingat, starts, strict=True):
        assert text.startswith(start)
    # Item 1 is split over two pages in the seed; it is one item here.
    assert "sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023" in mengingat[0][1]
    assert mengingat[0][1].endswith("Nomor 6863);")

    dictums = clauses(DecreeClause.Kind.DIKTUM)
    assert [label for label, _ in dictums] == ["KESATU", "KEDUA"]
    assert dictums[1][1] == "Keputusan ini mulai berlaku pada tanggal ditetapkan."


@pytest.mark.parametrize(
    ("code", "number", "name", "n_targets", "n_actions", "n_nested"), EXPECTED_AREAS
)
def test_each_area_has_its_targets_and_action_items(
    plan: WorkPlan, code: str, number: str, name: str, n_targets: int, n_actions: int, n_nested: int
) -> None:
    area = plan.areas.get(code=code)
    assert (area.number, area.name) == (number, name)
    assert area.targets.count() == n_targets
    assert area.actions.filter(parent=None).count() == n_actions
    assert area.actions.exclude(parent=None).count() == n_nested
    assert area.intro


def test_areas_follow_the_document_order(plan: WorkPlan) -> None:
    assert [a.code for a in plan.areas.order_by("order")] == [row[0] for row in EXPECTED_AREAS]


def test_action_items_keep_labels_and_the_six_coordinators_nest_under_item_e(
    plan: WorkPlan,
) -> None:
    area = plan.areas.get(code="manajemen_perubahan")
    top = list(area.actions.filter(parent=None).order_by("order"))
    assert [a.label for a in top] == ["a.", "b.", "c.", "d.", "e.", "f.", "g."]
    e = top[4]
    nested = list(e.children.order_by("order"))
    assert [n.label for n in nested] == ["1)", "2)", "3)", "4)", "5)", "6)"]
    assert nested[0].text == "Koordinator Manajemen Perubahan;"
    # order runs through the children, so ordering by it alone reproduces the document
    assert [a.label for a in area.actions.order_by("order")][4:12] == [
        "e.",
        "1)",
        "2)",
        "3)",
        "4)",
        "5)",
        "6)",
        "f.",
    ]
    sdm = plan.areas.get(code="sdm")
    assert [a.label for a in sdm.actions.order_by("order")] == [f"{i}." for i in range(1, 18)]


def test_all_25_table_rows_have_every_cell_in_its_month(plan: WorkPlan) -> None:
    rows = list(
        Component.objects.filter(plan=plan)
        .select_related("area")
        .prefetch_related("targets")
        .order_by("kind", "area__order", "order")
    )
    # pengungkit (ordered by area) first, then the Komponen Hasil
    rows.sort(
        key=lambda c: (c.kind == Component.Kind.HASIL, c.area.order if c.area else 0, c.order)
    )
    assert len(rows) == 25
    for component, (code, name, months) in zip(rows, EXPECTED_TABLE, strict=True):
        assert component.name == name
        assert (component.area.code if component.area else None) == code
        cells = {t.month: t.percent for t in component.targets.all()}
        expected = {m: Decimal(v) for m, v in enumerate(months, start=1) if v is not None}
        assert cells == expected, name


def test_blank_cells_have_no_target_rather_than_zero(plan: WorkPlan) -> None:
    tim_kerja = Component.objects.get(plan=plan, name="Tim Kerja")
    assert list(tim_kerja.targets.values_list("month", flat=True)) == [4]
    assert not MonthlyTarget.objects.filter(component__plan=plan, percent=0).exists()
    assert MonthlyTarget.objects.filter(component__plan=plan).count() == 250


def test_komponen_hasil_is_its_own_group_with_lke_weights(plan: WorkPlan) -> None:
    hasil = Component.objects.filter(plan=plan, kind=Component.Kind.HASIL).order_by("order")
    assert [(c.name, c.area_id, c.lke_weight) for c in hasil] == [
        ("Peningkatan Pelayanan Publik", None, Decimal("17.50")),
        ("Pemerintah yang Bersih dan Akuntabel", None, Decimal("22.50")),
    ]
    assert Component.objects.get(plan=plan, name="Tim Kerja").lke_weight == Decimal("0.50")
    assert plan.areas.get(code="pengawasan").lke_weight == Decimal("7.50")


def test_every_lampiran_section_is_loaded_in_order(plan: WorkPlan) -> None:
    keys = list(plan.sections.order_by("order").values_list("key", flat=True))
    assert keys == LampiranSection.Key.values
    dasar = plan.sections.get(key=LampiranSection.Key.DASAR_HUKUM)
    items = list(dasar.paragraphs.order_by("order"))
    assert items[0].label == ""
    assert [p.label for p in items[1:]] == [f"{i}." for i in range(1, 10)]
    kata = plan.sections.get(key=LampiranSection.Key.KATA_PENGANTAR)
    assert kata.paragraphs.count() == 4
    assert kata.signature_name == "Muhammad Syarifuddin Budi"
    assert plan.sections.get(key="penutup").chapter == "BAB IV"


class TestSeedCorrections:
    """Each inconsistency of the seed is loaded in its corrected form (docs/seed-corrections.md)."""

    def test_the_target_table_is_titled_2025(self, plan: WorkPlan) -> None:
        heading = plan.sections.get(key=LampiranSection.Key.TABEL_TARGET).heading
        assert "TAHUN 2025" in heading
        assert "2024" not in heading

    def test_table_section_iv_rows_belong_to_akuntabilitas(self, plan: WorkPlan) -> None:
        for name in ("Keterlibatan Pimpinan", "Pengelolaan Akuntabilitas Kinerja"):
            assert Component.objects.get(plan=plan, name=name).area.code == "akuntabilitas"
        assert plan.areas.get(code="sdm").components.count() == 6

    @pytest.mark.parametrize(
        "name",
        [
            "Pengembangan Pegawai Berbasis Kompetensi",
            "Penegakan Aturan Disiplin/Kode Etik/Kode Perilaku",
            "Pemerintah yang Bersih dan Akuntabel",
        ],
    )
    def test_truncated_row_names_are_completed(self, plan: WorkPlan, name: str) -> None:
        assert Component.objects.filter(plan=plan, name=name).exists()

    def test_dasar_hukum_says_2025(self, plan: WorkPlan) -> None:
        intro = Paragraph.objects.get(section__plan=plan, section__key="dasar_hukum", order=1)
        assert intro.text.endswith("tahun 2025 adalah :") or "tahun 2025" in intro.text
        assert "tahun 2024" not in intro.text

    def test_the_ketua_is_spelled_one_way(self, plan: WorkPlan) -> None:
        names = {s.signature_name.upper() for s in plan.sections.exclude(signature_name="")}
        names.add(plan.signer_name)
        assert names == {"MUHAMMAD SYARIFUDDIN BUDI"}
        all_text = " ".join(
            Paragraph.objects.filter(section__plan=plan).values_list("text", flat=True)
        )
        assert "Syarifudin" not in all_text

    def test_area_vi_intro_names_its_own_area(self, plan: WorkPlan) -> None:
        intro = plan.areas.get(code="pelayanan_publik").intro
        assert "penguatan pengawasan" not in intro
        assert "peningkatan kualitas pelayanan publik ini adalah" in intro


def _snapshot() -> dict[str, list[tuple]]:
    models = [
        Unit,
        WorkPlan,
        DecreeClause,
        LampiranSection,
        Paragraph,
        Area,
        AreaTarget,
        ActionItem,
        Component,
        MonthlyTarget,
    ]
    return {m.__name__: list(m.objects.order_by("pk").values_list()) for m in models}


def test_loading_twice_leaves_the_same_rows(plan_data: dict) -> None:
    before = _snapshot()
    call_command("load_plan")
    assert _snapshot() == before


def test_overwrite_restores_an_edited_plan_and_a_second_overwrite_changes_nothing(
    plan: WorkPlan, plan_data: dict
) -> None:
    before = _snapshot()
    action = ActionItem.objects.filter(area__plan=plan).order_by("order").first()
    action.text = "Diubah di admin"
    action.save(update_fields=["text"])
    MonthlyTarget.objects.filter(component__plan=plan, month=1).first().delete()

    plain = plan_load(data=plan_data)
    assert not plain.changed  # an existing plan is not touched without --overwrite
    assert ActionItem.objects.get(pk=action.pk).text == "Diubah di admin"

    report = plan_load(data=plan_data, overwrite=True)
    assert report.updated["ActionItem"] == 1
    assert report.created["MonthlyTarget"] == 1
    again = plan_load(data=plan_data, overwrite=True)
    assert not again.changed
    after = _snapshot()

    # the re-created target has a new id; compare without ids
    def without_ids(snapshot: dict[str, list[tuple]]) -> dict[str, list[str]]:
        return {k: sorted(repr(r[1:]) for r in v) for k, v in snapshot.items()}

    assert without_ids(after) == without_ids(before)


def test_the_database_holds_every_word_of_the_data_file(plan: WorkPlan, plan_data: dict) -> None:
    """Reading the plan back gives the data file, item for item."""
    from areas.services import plan_as_data

    expected = dict(plan_data["plan"])
    expected["enacted_date"] = expected["enacted_date"].isoformat()
    assert plan_as_data(plan) == expected


# The plan's link to the LKE (areas/lke_codes.py), set by the plan file.

SEED_MAPPING = {
    "Tim Kerja": ("PPA1", "i. Penyusunan Tim Kerja"),
    "Dokumen Rencana Pembangunan ZI": ("PPA2", "ii. Rencana Pembangunan Zona Integritas"),
    "Pemantauan dan Evaluasi Pembangunan WBK/WBBM": (
        "PPA3",
        "iii. Pemantauan dan Evaluasi Pembangunan WBK/WBBM",
    ),
    "Perubahan Pola Pikir dan Budaya Kerja": ("PPA4", "iv. Perubahan pola pikir dan budaya kerja"),
    "Prosedur Operasional Tetap (SOP)": (
        "PPB1",
        "i. Prosedur Operasional Tetap (SOP) Kegiatan Utama",
    ),
    "E-office": ("PPB2", "ii. Sistem Pemerintahan Berbasis Elektronik (SPBE)"),
    "Keterbukaan Informasi Publik": ("PPB3", "iii. Keterbukaan Informasi Publik"),
    "Perencanaan kebutuhan pegawai": (
        "PPC1",
        "i. Perencanaan Kebutuhan Pegawai sesuai dengan Kebutuhan Organisasi",
    ),
    "Pola Mutasi Internal": ("PPC2", "ii. Pola Mutasi Internal"),
    "Pengembangan Pegawai Berbasis Kompetensi": (
        "PPC3",
        "iii. Pengembangan Pegawai Berbasis Kompetensi",
    ),
    "Penetapan Kinerja Individu": ("PPC4", "iv. Penetapan Kinerja Individu"),
    "Penegakan Aturan Disiplin/Kode Etik/Kode Perilaku": (
        "PPC5",
        "v. Penegakan Aturan Disiplin/Kode Etik/Kode Perilaku Pegawai",
    ),
    "Sistem Informasi Kepegawaian": ("PPC6", "vi. Sistem Informasi Kepegawaian"),
    "Keterlibatan Pimpinan": ("PPD1", "i. Keterlibatan Pimpinan"),
    "Pengelolaan Akuntabilitas Kinerja": ("PPD2", "ii. Pengelolaan Akuntabilitas Kinerja"),
    "Pengendalian Gratifikasi": ("PPE1", "i. Pengendalian Gratifikasi"),
    "Penerapan SPIP": ("PPE2", "ii. Penerapan Sistem Pengendalian Intern Pemerintah (SPIP)"),
    "Pengaduan Masyarakat": ("PPE3", "iii. Pengaduan Masyarakat"),
    "Whistle Blowing System": ("PPE4", "iv. Whistle-Blowing System"),
    "Penanganan Benturan Kepentingan": ("PPE5", "v. Penanganan Benturan Kepentingan"),
    "Standar Pelayanan": ("PPF1", "i. Standar Pelayanan"),
    "Budaya Pelayanan Prima": ("PPF2", "ii. Budaya Pelayanan Prima"),
    "Penilaian kepuasan terhadap pelayanan": (
        "PPF4",
        "iv. Penilaian Kepuasan terhadap Pelayanan",
    ),
    "Peningkatan Pelayanan Publik": ("HP", "II. PELAYANAN PUBLIK YANG PRIMA"),
    "Pemerintah yang Bersih dan Akuntabel": ("HB", "I. BIROKRASI YANG BERSIH DAN AKUNTABEL"),
}


def _check(plan: WorkPlan) -> object:
    from lke.mapping import mapping_check
    from lke.models import Worksheet

    return mapping_check(plan, Worksheet.objects.get(year=2026))


def test_each_table_row_maps_to_its_lke_sub_area_and_two_sub_areas_have_no_row(
    plan: WorkPlan,
) -> None:
    check = _check(plan)
    components = list(plan.components.order_by("kind", "area__order", "order"))
    found = {c.name: (c.lke_code, check.names[c.pk]) for c in components}
    assert found == SEED_MAPPING
    pengungkit = [c.lke_code for c in components if c.kind == Component.Kind.PENGUNGKIT]
    assert len(pengungkit) == len(set(pengungkit)) == 23
    assert all(code.startswith("PP") for code in pengungkit)  # the Pemenuhan sub-areas
    assert check.unmapped_sub_areas == [
        ("PPF3", "iii. Pengelolaan Pengaduan"),
        ("PPF5", "v. Pemanfaatan Teknologi Informasi"),
    ]
    assert check.unknown_components == []


def test_action_items_name_the_questions_their_evidence_supports(plan: WorkPlan) -> None:
    def codes(area: str, label: str) -> list[str]:
        return ActionItem.objects.get(area__plan=plan, area__code=area, label=label).lke_codes

    assert codes("manajemen_perubahan", "a.") == ["PPA1A", "PPA1B"]
    assert codes("tatalaksana", "4.") == ["PPB2A"]
    assert codes("pengawasan", "19.") == ["PRE3A", "PRE3B"]  # the LHKPN count items
    assert codes("pelayanan_publik", "3.") == []  # no question asks about it plainly
    check = _check(plan)
    assert check.unknown_actions == []
    assert check.actions_linked == 77
    assert ActionItem.objects.filter(area__plan=plan).count() == 78
    assert (check.questions_linked, check.questions_total) == (86, 113)


def test_loading_gives_a_plan_loaded_before_the_mapping_its_mapping_and_keeps_edits(
    plan: WorkPlan, plan_data: dict
) -> None:
    Component.objects.filter(plan=plan).update(lke_code="")
    ActionItem.objects.filter(area__plan=plan).update(lke_codes=[])
    edited = Component.objects.get(plan=plan, name="E-office")
    edited.lke_code = "PPB1"
    edited.save()
    report = plan_load(data=plan_data)
    assert report.skipped_plans == [str(plan)]
    assert (report.updated["Component"], report.updated["ActionItem"]) == (24, 77)
    edited.refresh_from_db()
    assert edited.lke_code == "PPB1"  # an edit is never undone
    assert Component.objects.get(plan=plan, name="Tim Kerja").lke_code == "PPA1"
    assert not plan_load(data=plan_data).changed
