"""Importing the survey quarters' populations: one row per quarter (tahun, triwulan,
populasi).

parse (the cells) → resolve (the unit's quarter, if it exists) → diff (a new quarter is
opened with its population; an existing one gets the new population and keeps its status;
the same population: unchanged) → apply (surveys.services.period_save, one history row per
quarter). An import never clears a population: a blank one is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from common.formatting import roman
from surveys.models import SurveyPeriod
from surveys.services import period_save

from ..cells import shown_number
from ..choices import RowAction
from ..reading import Table
from ..results import RowResult
from ..rows import Bound, FirstRows, RowReader, readers

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from access.models import Unit

FIRST_YEAR, LAST_YEAR = 2000, 2100
FIELD_COLUMNS = {"year": "tahun", "quarter": "triwulan", "population": "populasi"}


@dataclass
class PopulationOps:
    # (year, quarter, population, status to keep) of every quarter to save
    rows: list[tuple[int, int, int, str]] = field(default_factory=list)


def quarter_label(year: int, quarter: int) -> str:
    return f"Triwulan {roman(quarter)} {year}"


def parse(row: RowReader) -> tuple[int | None, int | None, int | None]:
    """The year, quarter and population, each checked on its cell."""
    values = row.read()
    year, quarter, population = values["tahun"], values["triwulan"], values["populasi"]
    for key, value, what in (
        ("tahun", year, "Tahun"),
        ("triwulan", quarter, "Triwulan"),
        ("populasi", population, "Populasi"),
    ):
        if value is None and key not in row.failed:
            row.error(key, f"{what} wajib diisi.")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        row.error("tahun", f"Tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}, bukan {year}.")
    if quarter is not None and not 1 <= quarter <= 4:
        row.error("triwulan", f"Triwulan harus 1, 2, 3, atau 4, bukan {quarter}.")
    if population is not None and population < 0:
        row.error("populasi", f"Populasi tidak boleh negatif ({population}).")
    return year, quarter, population


def diff(
    row: RowReader,
    key: tuple[int, int],
    population: int,
    period: SurveyPeriod | None,
    ops: PopulationOps,
) -> None:
    """What the row changes in its quarter (a new quarter: opened with the population)."""
    result = row.result
    if period is not None and period.population == population:
        result.action = RowAction.TETAP
        return
    old = shown_number(period.population) if period is not None else ""
    candidate = SurveyPeriod(year=key[0], quarter=key[1], population=population)
    try:
        candidate.full_clean(
            exclude=["unit", "changed_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        row.model_errors(error, FIELD_COLUMNS)
        result.action = RowAction.GALAT
        return
    if period is None:
        result.action = RowAction.BARU
        result.changes = [f"Populasi: {shown_number(population)}", "Triwulan dibuka"]
        ops.rows.append((*key, population, SurveyPeriod.Status.OPEN))
    else:
        result.action = RowAction.DIUBAH
        result.changes = [f"Populasi: {old} → {shown_number(population)}"]
        ops.rows.append((*key, population, period.status))


def check(
    unit: Unit, table: Table, bound: Bound, *, lock: bool
) -> tuple[list[RowResult], PopulationOps]:
    periods = SurveyPeriod.objects.filter(unit=unit).order_by()
    found = {(p.year, p.quarter): p for p in (periods.select_for_update() if lock else periods)}
    ops, rows, first = PopulationOps(), [], FirstRows()
    for row in readers(table, bound, rows):
        year, quarter, population = parse(row)
        if year is not None and quarter is not None and not row.result.errors:
            row.result.label = quarter_label(year, quarter)
            first.check(row, (year, quarter), "triwulan", row.result.label)
        if row.result.errors or year is None or quarter is None or population is None:
            row.result.action = RowAction.GALAT
            continue
        diff(row, (year, quarter), population, found.get((year, quarter)), ops)
    return rows, ops


def apply(unit: Unit, ops: PopulationOps, user: AbstractBaseUser) -> None:
    for year, quarter, population, status in ops.rows:
        period_save(
            user=user, unit=unit, year=year, quarter=quarter, population=population, status=status
        )
