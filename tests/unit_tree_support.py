"""The national tree for tests: KPU RI and the 38 provinces from the shipped file (the seed's
Kalimantan Barat attached under KPU RI), and, for the query counts, every province given
kab/kota until the tree has the real size (553 units)."""

from __future__ import annotations

from access.models import Unit
from access.services import PROVINCES_FILE, units_load, units_read
from access.tree import tree_changed

NATIONAL_UNITS = 553  # KPU RI, 38 KPU Provinsi, 514 KPU Kabupaten/Kota


def national_load() -> Unit:
    """KPU RI and the 38 provinces; returns KPU RI."""
    units_load(rows=units_read(PROVINCES_FILE.read_text(encoding="utf-8")))
    return Unit.objects.get(kind=Unit.Kind.PUSAT)


def national_fill(total: int = NATIONAL_UNITS) -> None:
    """Kab/kota under every province but Kalimantan Barat (which has its 14) until the
    tree holds ``total`` units: bulk_create (no signals), then the tree's version moved."""
    provinces = list(Unit.objects.filter(kind=Unit.Kind.PROVINSI).exclude(code="61"))
    missing = total - Unit.objects.count()
    rows = []
    for index in range(missing):
        province = provinces[index % len(provinces)]
        number = index // len(provinces) + 1
        code = f"{province.code}.{number:02d}"
        rows.append(
            Unit(
                code=code,
                name=f"Komisi Pemilihan Umum Kabupaten Uji {code}",
                short_name=f"KPU Kabupaten Uji {code}",
                slug=f"kpu-uji-{code.replace('.', '-')}",
                kind=Unit.Kind.KABKOTA,
                parent=province,
                city="Uji",
                order=number,
            )
        )
    Unit.objects.bulk_create(rows)
    tree_changed()
