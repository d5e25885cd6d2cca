"""The national unit tree: where a unit may sit (Unit.clean), the cached tree
(access/tree.py) and the rules that apply downward (access/rules.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access import rules
from access.models import RoleAssignment, Unit
from access.tree import unit_tree
from tests.factories import user_with_role
from tests.unit_tree_support import NATIONAL_UNITS, national_fill, national_load

Role = RoleAssignment.Role
Kind = Unit.Kind


def _unit(**fields: object) -> Unit:
    values = {"name": "Uji", "short_name": "Uji", "slug": "kpu-uji", "city": "Uji"}
    return Unit(**(values | fields))


def _errors(unit: Unit) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    return caught.value.message_dict


@pytest.fixture
def pusat(province: Unit) -> Unit:
    return national_load()


def test_the_seeded_units_carry_their_official_region_codes(province: Unit) -> None:
    codes = dict(Unit.objects.values_list("slug", "code"))
    assert codes["kpu-kalbar"] == "61"
    assert codes["kpu-sambas"] == "61.01"
    assert codes["kpu-kota-pontianak"] == "61.71"
    assert codes["kpu-kota-singkawang"] == "61.72"
    assert all(code.startswith("61.") for slug, code in codes.items() if slug != "kpu-kalbar")


def test_kpu_ri_has_no_parent_and_no_code(province: Unit) -> None:
    errors = _errors(_unit(kind=Kind.PUSAT, parent=province, code="00"))
    assert errors["parent"] == ["KPU RI tidak memiliki satuan kerja induk."]
    assert errors["code"] == ["KPU RI tidak memiliki kode wilayah."]


def test_a_province_sits_at_the_top_or_under_kpu_ri_only(province: Unit) -> None:
    sambas = Unit.objects.get(slug="kpu-sambas")
    errors = _errors(_unit(kind=Kind.PROVINSI, parent=sambas, code="62"))
    assert errors["parent"] == ["Induk KPU Provinsi hanya KPU RI (atau kosong)."]
    _unit(kind=Kind.PROVINSI, code="62").full_clean()


def test_a_kabkota_sits_under_its_province_with_its_provinces_code(province: Unit) -> None:
    assert _errors(_unit(kind=Kind.KABKOTA, code="61.90"))["parent"] == [
        "Induk KPU Kabupaten/Kota harus KPU Provinsi."
    ]
    assert _errors(_unit(kind=Kind.KABKOTA, parent=province, code="62.01"))["code"] == [
        "Kode wilayah 62.01 bukan kode kabupaten/kota di provinsi 61 "
        "(KPU Provinsi Kalimantan Barat)."
    ]
    assert _errors(_unit(kind=Kind.KABKOTA, parent=province, code="6101"))["code"] == [
        "Kode wilayah ditulis 61 (provinsi) atau 61.71 (kabupaten/kota)."
    ]
    _unit(kind=Kind.KABKOTA, parent=province, code="61.90").full_clean()


def test_a_region_code_is_unique_and_blank_codes_are_not_compared(province: Unit) -> None:
    _unit(kind=Kind.PROVINSI, slug="kpu-a").save()
    _unit(kind=Kind.PROVINSI, slug="kpu-b").save()  # two blank codes: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        _unit(kind=Kind.PROVINSI, slug="kpu-c", code="61").save()


def test_there_is_one_kpu_ri(pusat: Unit) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _unit(kind=Kind.PUSAT, slug="kpu-ri-2").save()


def test_the_tree_walks_down_and_up(pusat: Unit, province: Unit) -> None:
    tree = unit_tree()
    sambas = Unit.objects.get(slug="kpu-sambas")
    assert list(tree.ancestors(sambas.pk)) == [sambas.pk, province.pk, pusat.pk]
    assert len(tree.child_ids(pusat.pk)) == 38
    assert len(tree.descendants(province.pk)) == 14
    assert len(tree.subtree(pusat.pk)) == Unit.objects.count()


def test_the_tree_is_read_in_one_query_then_from_the_cache(
    pusat: Unit, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        unit_tree()
    with django_assert_num_queries(0):
        unit_tree()


def test_a_unit_saved_moves_the_tree_to_a_new_version(pusat: Unit, province: Unit) -> None:
    before = unit_tree()
    unit = _unit(kind=Kind.KABKOTA, parent=province, code="61.90", slug="kpu-baru")
    unit.save()
    after = unit_tree()
    assert after is not before
    assert unit.pk in after.descendants(pusat.pk)


@pytest.fixture
def national(pusat: Unit, province: Unit) -> dict[str, object]:
    """Ketua, TPI, koordinator and Sekretariat of KPU RI, the Ketua and TPI of Kalimantan
    Barat, and a kab/kota of another province (Kalimantan Tengah's)."""
    province.refresh_from_db()  # loading the provinces placed it under KPU RI
    tengah = Unit.objects.get(code="62")
    palangka = Unit.objects.create(
        code="62.71",
        name="Komisi Pemilihan Umum Kota Palangka Raya",
        short_name="KPU Kota Palangka Raya",
        slug="kpu-kota-palangka-raya",
        kind=Kind.KABKOTA,
        parent=tengah,
        city="Palangka Raya",
    )
    return {
        "ri_ketua": user_with_role("ri-ketua", pusat, Role.KETUA),
        "ri_tpi": user_with_role("ri-tpi", pusat, Role.TPI),
        "ri_koordinator": user_with_role(
            "ri-koordinator", pusat, Role.KOORDINATOR, ["manajemen_perubahan"]
        ),
        "ri_sekretariat": user_with_role("ri-sekretariat", pusat, Role.SEKRETARIAT),
        "kalbar_ketua": user_with_role("kalbar-ketua", province, Role.KETUA),
        "kalbar_tpi": user_with_role("kalbar-tpi", province, Role.TPI),
        "palangka": palangka,
        "tengah": tengah,
        "sambas": Unit.objects.get(slug="kpu-sambas"),
        "pusat": pusat,
        "province": province,
    }


@pytest.mark.parametrize("who", ["ri_ketua", "ri_tpi"])
def test_kpu_ri_ketua_and_tpi_read_every_unit_below(national: dict, who: str) -> None:
    user = national[who]
    for unit in ("palangka", "sambas", "tengah", "province", "pusat"):
        assert rules.can_read(user, national[unit]), unit
    assert rules.can_see_province(user, national["tengah"])
    assert set(rules.visible_units(user)) == set(Unit.objects.all())


@pytest.mark.parametrize("who", ["ri_koordinator", "ri_sekretariat"])
def test_kpu_ri_koordinator_and_sekretariat_do_not_go_downward(national: dict, who: str) -> None:
    user = national[who]
    assert rules.can_read(user, national["pusat"])
    for unit in ("palangka", "sambas", "province"):
        assert not rules.can_read(user, national[unit]), unit
    assert list(rules.visible_units(user)) == [national["pusat"]]


@pytest.mark.parametrize("who", ["kalbar_ketua", "kalbar_tpi"])
def test_a_province_ketua_and_tpi_read_their_kabkota_not_another_provinces(
    national: dict, who: str
) -> None:
    user = national[who]
    assert rules.can_read(user, national["sambas"])
    assert not rules.can_read(user, national["palangka"])
    assert not rules.can_read(user, national["tengah"])
    assert not rules.can_read(user, national["pusat"])
    assert rules.can_see_province(user, national["province"])
    assert not rules.can_see_province(user, national["pusat"])
    assert len(rules.visible_units(user)) == 15


def test_the_kpu_ri_ketua_reads_the_documents_below_but_submits_no_lke_there(
    national: dict,
) -> None:
    user = national["ri_ketua"]
    assert rules.is_ketua_of(user, national["palangka"])
    assert rules.can_see_documents(user, national["palangka"])
    assert not rules.can_submit_lke(user, national["palangka"])  # their own unit's only
    assert not rules.is_ketua_of(national["kalbar_ketua"], national["palangka"])


def test_the_rules_over_553_units_run_a_constant_number_of_queries(
    national: dict, django_assert_num_queries
) -> None:
    national_fill()
    assert Unit.objects.count() == NATIONAL_UNITS
    units = list(Unit.objects.all())
    user = rules.user_roles(national["ri_ketua"]) and national["ri_ketua"]
    with django_assert_num_queries(1):  # the tree, once; every unit asked in memory
        assert all(rules.can_read(user, unit) for unit in units)
        assert all(rules.can_read_lke(user, unit) for unit in units)
    with django_assert_num_queries(1):  # visible_units: the units themselves
        assert len(list(rules.visible_units(user))) == NATIONAL_UNITS
    other = national["kalbar_ketua"]
    rules.user_roles(other)
    with django_assert_num_queries(0):  # the tree this process read already
        assert sum(rules.can_read(other, unit) for unit in units) == 15
