"""The LKE workbook both ways: export a unit's assessment in the official layout, import one
side's answers from it (previewed, all or nothing, with an ImportRecord).

Export: whoever reads the unit's LKE (``access.rules.can_read_lke``). Import: whoever may
answer every question of that side (``access.rules.can_answer_lke`` for every area and for
Hasil): the unit's side is the Ketua's and the Sekretariat's, the TPI's side the TPI's.
A real import starts the unit's assessment of the year (``lke.services.assessment_start``,
on the current worksheet) when there is none, checks the file again with the answers
locked, and writes through ``lke.services.answers_import`` in the same transaction.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access import rules
from access.models import Unit
from lke.models import Assessment, Side
from lke.services import assessment_start, ensure_side_open, worksheet_current
from transfer.cells import cell_text, norm
from transfer.importers import lke as importer
from transfer.lke import layout
from transfer.lke.workbook import (
    INFO_UNIT,
    INFO_VERSION,
    INFO_YEAR,
    NOT_LOADED,
    book_bytes,
    lke_book,
)
from transfer.models import ImportRecord
from transfer.reading import ImportFileError, Table, read_sheets
from transfer.results import ImportResult
from transfer.services import CONFLICT_MESSAGE, STALE_MESSAGE, record_import
from transfer.writing import CONTENT_TYPES, ExportFile

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Dataset = ImportRecord.Dataset
DATASETS = {Side.UNIT.value: Dataset.LKE_UNIT.value, Side.TPI.value: Dataset.LKE_TPI.value}
SIDES = {dataset: side for side, dataset in DATASETS.items()}
NO_SHEET = (
    "Berkas ini tidak memiliki lembar “{sheet}”. Impor LKE membaca tata letak resmi: lembar "
    "“{sheet}”, setiap pertanyaan di barisnya, jawaban unit di kolom K, jawaban TPI di kolom N."
)


def importable_sides(user: AbstractBaseUser, unit: Unit) -> list[str]:
    return [side for side in Side.values if rules.can_import_lke(user, unit, side=side)]


def lke_export(*, user: AbstractBaseUser, unit: Unit, year: int) -> ExportFile:
    """The unit's LKE of the year as the official workbook (both sides' answers); the
    current worksheet, unanswered, when the assessment has not begun."""
    rules.ensure_can_read_lke(user, unit)
    content = book_bytes(lke_book(unit, year))
    return ExportFile(f"lke-{unit.slug}-{year}.xlsx", CONTENT_TYPES["xlsx"], content)


def lke_import(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    year: int,
    side: str,
    content: bytes,
    file_name: str,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check the workbook's rows for one side and, unless ``dry_run``, write every changed
    answer or none (``expected_digest``: the confirmed preview's; a different outcome
    writes nothing)."""
    if side not in DATASETS:
        raise ValidationError("Pihak penilaian tidak dikenal.")
    rules.ensure_can_import_lke(user, unit, side=side)
    result = ImportResult(
        dataset=DATASETS[side],
        unit=unit,
        year=year,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    read = _read(content, result)
    assessment = Assessment.objects.filter(unit=unit, year=year).select_related("worksheet").first()
    worksheet = assessment.worksheet if assessment else worksheet_current()
    if worksheet is None:
        result.file_errors.append(NOT_LOADED)
    elif assessment is not None and (closed := _side_closed(assessment, side)):
        result.file_errors.append(closed)
    elif read is not None and read[1] and read[1] != str(worksheet.year):
        result.file_errors.append(
            f"Berkas ini memakai LKE {read[1]}, sedangkan LKE {unit.short_name} {year} memakai "
            f"LKE {worksheet.year}: baris pertanyaannya berbeda. Ekspor ulang dari portal."
        )
    if read is None or worksheet is None or result.file_errors:
        return result
    cells = read[0]
    if dry_run:
        target = importer.LkeTarget(worksheet, assessment, side)
        result.set_rows(importer.check(target, cells, lock=False)[0])
        return result
    try:
        _write(cells, result, user, side, expected_digest)
    except ValidationError as error:
        result.record = None
        result.file_errors.extend(error.messages)
    except IntegrityError:
        result.record = None
        result.file_errors.append(CONFLICT_MESSAGE)
    return result


def _side_closed(assessment: Assessment, side: str) -> str:
    """Why the assessment's state closes the side to writes ("" when open)."""
    try:
        ensure_side_open(assessment, side)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _read(content: bytes, result: ImportResult) -> tuple[importer.SheetCells, str] | None:
    """The "Jawaban" sheet's cells and the worksheet version the file names ("" if none);
    the "Keterangan" sheet, when there, checked against the import's unit and year."""
    try:
        sheets = read_sheets(content, [layout.SHEET, layout.INFO_SHEET])
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return None
    if layout.SHEET not in sheets:
        result.file_errors.append(NO_SHEET.format(sheet=layout.SHEET))
        return None
    version = _check_info(sheets[layout.INFO_SHEET], result) if layout.INFO_SHEET in sheets else ""
    return importer.SheetCells(sheets[layout.SHEET]), version


def _check_info(table: Table, result: ImportResult) -> str:
    """File errors for another unit or year; returns the worksheet version it names."""
    info: dict[str, Any] = {}
    for cells in (table.headers, *(cells for _number, cells in table.rows)):
        if len(cells) >= 2 and isinstance(cells[0], str):
            info[norm(cells[0])] = cell_text(cells[1])
    unit, year = result.unit, result.year
    given_unit = info.get(norm(INFO_UNIT))
    if given_unit and given_unit != unit.slug:
        result.file_errors.append(
            f"Berkas ini LKE satuan kerja “{given_unit}”, sedangkan impor ini untuk "
            f"{unit.short_name} ({unit.slug}). Hapus lembar “{layout.INFO_SHEET}” bila memang "
            "hendak memakai jawaban ini untuk satuan kerja lain."
        )
    given_year = info.get(norm(INFO_YEAR))
    if given_year and given_year != str(year):
        result.file_errors.append(
            f"Berkas ini LKE tahun {given_year}, sedangkan impor ini untuk tahun {year}."
        )
    return info.get(norm(INFO_VERSION), "")


def _write(
    cells: importer.SheetCells,
    result: ImportResult,
    user: AbstractBaseUser,
    side: str,
    expected_digest: str | None,
) -> None:
    """Start the assessment when needed, check again with the answers locked, write."""
    with transaction.atomic():
        assessment = assessment_start(unit=result.unit, year=result.year, user=user)
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("worksheet")
            .get(pk=assessment.pk)
        )
        target = importer.LkeTarget(assessment.worksheet, assessment, side)
        rows, ops = importer.check(target, cells, lock=True)
        result.set_rows(rows)
        if result.ok and expected_digest and expected_digest != result.digest:
            result.stale = True
            result.file_errors.append(STALE_MESSAGE)
        if not result.ok:
            transaction.set_rollback(True)  # not even the assessment it may have started
            return
        importer.apply(target, ops, user)
        result.record = record_import(result, user)
