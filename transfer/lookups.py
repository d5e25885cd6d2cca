"""Resolving what a row names: its unit and year, its area, its component.

Names match whatever their case and spacing; an area may be named by its name, code or
number, the Komponen Hasil group by its name or roman number.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from areas.models import Area, Component, WorkPlan

from .cells import norm
from .layouts import HASIL_NAME, hasil_number
from .rows import RowReader

HASIL = object()  # the Komponen Hasil group in an area index


def check_unit_year(row: RowReader, values: dict[str, Any], plan: WorkPlan) -> None:
    """A row that names another unit or year than the import's is refused."""
    unit = plan.unit
    given = values.get("satuan_kerja")
    if given and norm(given) not in {norm(unit.slug), norm(unit.short_name), norm(unit.name)}:
        row.error(
            "satuan_kerja",
            f"Baris ini untuk satuan kerja “{given}”, sedangkan impor ini untuk "
            f"{unit.short_name} ({unit.slug}). Hapus kolom "
            f"“{row.bound.layout['satuan_kerja'].header}” bila memang "
            "hendak memakai data ini untuk satuan kerja lain.",
        )
    year = values.get("tahun")
    if year is not None and year != plan.year:
        row.error(
            "tahun",
            f"Baris ini untuk tahun {year}, sedangkan impor ini untuk tahun {plan.year}.",
        )


class AreaIndex:
    """The plan's areas (and the Komponen Hasil group) by every name a file may use."""

    def __init__(self, plan: WorkPlan) -> None:
        self.areas = list(plan.areas.order_by("order"))
        self.index: dict[str, Any] = {}
        for a in self.areas:
            for key in (a.name, a.code, a.number, f"{a.number}. {a.name}", f"Area {a.number}"):
                self.index.setdefault(norm(key), a)
        for key in (HASIL_NAME, "Hasil", hasil_number(plan)):
            self.index.setdefault(norm(key), HASIL)

    def get(self, name: str) -> Any:
        return self.index.get(norm(name))

    def find(self, row: RowReader, given: str) -> Any:
        """The area (or HASIL) a row's Area cell names; None with an error otherwise."""
        if not given:
            row.error("area", "Area wajib diisi.")
            return None
        area = self.get(given)
        if area is None:
            names = ", ".join(f"{a.number}. {a.name}" for a in self.areas)
            row.error(
                "area", f"Area “{given}” tidak dikenal. Area rencana ini: {names}, {HASIL_NAME}."
            )
        return area


class ComponentIndex:
    """The plan's components by area and name."""

    def __init__(self, plan: WorkPlan) -> None:
        components = Component.objects.filter(plan=plan).select_related("area")
        self.index = {(c.area_id, norm(c.name)): c for c in components}

    def find(self, row: RowReader, area: Any, given: str, *, progress: bool) -> Component | None:
        """The component a row names in ``area``; with ``progress`` no Komponen Hasil."""
        if not given:
            row.error("komponen", "Komponen wajib diisi.")
            return None
        component = self.index.get((None if area is HASIL else area.pk, norm(given)))
        if component is None:
            where = HASIL_NAME if area is HASIL else f"area {area.number} ({area.name})"
            row.error("komponen", f"Komponen “{given}” tidak ada di {where}.")
            return None
        if progress and component.area_id is None:
            row.error(
                "komponen",
                f"“{component.name}” adalah Komponen Hasil; progresnya tidak diisi. "
                "Hapus baris ini.",
            )
            return None
        return component


class ComponentRows:
    """What a row of the target matrix or of progress names: its unit and year, its area
    and its component (with ``progress``, never a Komponen Hasil)."""

    def __init__(self, plan: WorkPlan, *, progress: bool) -> None:
        self.plan = plan
        self.areas = AreaIndex(plan)
        self.components = ComponentIndex(plan)
        self.progress = progress

    def resolve(self, row: RowReader, values: dict[str, Any]) -> tuple[Any, Component | None]:
        """The row's area (or HASIL) and component; None where it names none (an error)."""
        check_unit_year(row, values, self.plan)
        area = self.areas.find(row, values["area"])
        if area is None:
            return None, None
        return area, self.components.find(row, area, values["komponen"], progress=self.progress)


def area_label(area: Area | object) -> str:
    return HASIL_NAME if area is HASIL else area.number  # type: ignore[union-attr]


def by_component_month(model: type[Model], plan: WorkPlan, *, lock: bool) -> dict[tuple, Any]:
    """The plan's rows of a monthly model (targets, progress) by component and month."""
    queryset = for_update(model._default_manager.filter(component__plan=plan).order_by(), lock)
    return {(r.component_id, r.month): r for r in queryset}


def for_update(queryset: Any, lock: bool) -> Any:
    """The rows an import may change; with ``lock`` locked until the import's transaction ends."""
    return queryset.select_for_update(of=("self",)) if lock else queryset
