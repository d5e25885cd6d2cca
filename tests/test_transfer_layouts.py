"""One declaration per file layout: what the export writes is what the import recognises."""

from __future__ import annotations

from typing import Any

import pytest

from transfer import layouts
from transfer.importers import IMPORTERS
from transfer.reading import Table
from transfer.rows import Bound


@pytest.mark.parametrize(
    ("layout", "resource"),
    [
        (layouts.PLAN, layouts.PlanResource),
        (layouts.TARGETS, layouts.TargetMatrixResource),
        (layouts.PROGRESS, layouts.ProgressResource),
    ],
)
def test_the_exported_header_row_binds_every_column(layout: Any, resource: Any) -> None:
    assert layout in {i.layout for i in IMPORTERS.values()}
    headers = resource().get_export_headers()
    bound = Bound(layout.columns, Table("csv", headers, 1, [(2, [""] * len(headers))]))
    assert bound.errors == []
    assert set(bound.index) == {c.key for c in layout.columns}


def test_sheets_freeze_their_name_columns_and_shade_their_groups() -> None:
    assert (layouts.PLAN.freeze, layouts.PLAN.bands) == ("A2", "Kode Area")
    assert (layouts.TARGETS.freeze, layouts.TARGETS.bands) == ("G2", "No. Area")
    assert (layouts.PROGRESS.freeze, layouts.PROGRESS.bands) == ("H2", "Komponen")
    assert (layouts.STATUS.freeze, layouts.STATUS.bands) == ("H2", None)
    assert layouts.PROGRESS.wrap == ("Kegiatan", "Kendala", "Tindak Lanjut")


def test_a_header_is_recognised_by_its_other_names() -> None:
    table = Table("csv", ["Capaian (%)", "nama komponen", "Area Perubahan", "Bulan (1–12)"], 1, [])
    bound = Bound(layouts.PROGRESS.columns, table)
    assert bound.errors == []
    assert bound.where("realisasi") == "A (Capaian (%))"
