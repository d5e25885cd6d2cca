"""Import and export of a unit's plan, target matrix and progress (XLSX and CSV).

The public entry points; the work is done by the modules they call:

- layouts: one declaration per file layout, for the export and the import alike;
- export_rows and writing: a plan's rows per layout, and the file's bytes. Text that a
  spreadsheet would run as a formula gets a leading apostrophe (common.spreadsheet); the
  importer removes it again, so a file exported from the portal imports back unchanged;
- reading and rows: the uploaded file as a table, its header row bound to a layout and
  each row's cells as typed values;
- importers: per layout, every row is parsed, resolved (unit, area, component) and
  compared with the database; the result lists, row by row, what would be created or
  changed and every error with its row and column.

A dry run stops there. A real run repeats all of it inside one transaction, writes every
row or none, and records an ImportRecord. Unchanged rows are not saved (no history rows).
Copying a plan is the plan's own service (areas.copying).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access import rules
from access.models import Unit
from areas.copying import plan_of
from areas.models import WorkPlan
from common.rollups import PLAN, rollup_touch

from .export_rows import EXPORT_DATASETS, Dataset, sheets
from .importers import IMPORTERS, Importer
from .models import ImportRecord
from .reading import ImportFileError, Table, read_table
from .results import ImportResult
from .rows import Bound
from .writing import CONTENT_TYPES, FORMATS, ExportFile, file_bytes

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

STALE_MESSAGE = (
    "Data di portal berubah sejak pratinjau dibuat; tidak ada yang disimpan. "
    "Periksa pratinjau yang baru, lalu konfirmasi lagi."
)
CONFLICT_MESSAGE = "Data diubah pengguna lain selama impor; tidak ada yang disimpan. Ulangi impor."


# --- export -------------------------------------------------------------------------------


def data_export(
    *, user: AbstractBaseUser, unit: Unit, year: int, dataset: str, fmt: str
) -> ExportFile:
    """A download of one dataset (rencana, target, progres, status) as XLSX or CSV.

    XLSX of progres holds two sheets (Progres, Status Rencana Aksi); CSV holds one table, so
    the status table is its own CSV.
    """
    rules.ensure_can_manage(user, unit)
    if dataset not in EXPORT_DATASETS or fmt not in FORMATS:
        raise ValidationError("Jenis data atau format tidak dikenal.")
    content = file_bytes(sheets(dataset, plan_of(unit, year)), fmt)
    return ExportFile(
        name=f"{dataset}-{unit.slug}-{year}.{fmt}", content_type=CONTENT_TYPES[fmt], content=content
    )


# --- import -------------------------------------------------------------------------------


def data_import(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    year: int,
    dataset: str,
    content: bytes,
    file_name: str,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check a file row by row and, unless ``dry_run``, write every row or none.

    With ``expected_digest`` (the digest of the preview the user confirmed) nothing is
    written when the outcome differs from that preview: the data changed meanwhile.
    """
    rules.ensure_can_manage(user, unit)
    importer = IMPORTERS.get(dataset)
    if importer is None:
        raise ValidationError("Jenis data tidak dapat diimpor.")
    result = ImportResult(
        dataset=importer.dataset,
        unit=unit,
        year=year,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    read = _read(importer, content, result)
    if read is None:
        return result
    try:
        plan = plan_of(unit, year)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return result
    if dry_run:
        rows, _ops = importer.check(plan, *read, lock=False)
        result.set_rows(rows)
        return result
    try:
        _write(importer, plan, read, result, user, expected_digest)
    except IntegrityError:
        result.record = None
        result.file_errors.append(CONFLICT_MESSAGE)
    return result


def _read(importer: Importer, content: bytes, result: ImportResult) -> tuple[Table, Bound] | None:
    """The file's table bound to the importer's layout; None (file errors) when it cannot be."""
    try:
        table = read_table(content, sheet=importer.layout.sheet)
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return None
    bound = Bound(importer.layout.columns, table)
    if not bound.errors:
        return table, bound
    result.file_errors.extend(bound.errors)
    for other in IMPORTERS.values():
        if other is not importer and not Bound(other.layout.columns, table).errors:
            label = Dataset(other.dataset).label.lower()
            result.file_errors.append(
                f"Kolom berkas ini cocok dengan data {label}: pilih jenis data itu saat mengunggah."
            )
    return None


def _write(
    importer: Importer,
    plan: WorkPlan,
    read: tuple[Table, Bound],
    result: ImportResult,
    user: AbstractBaseUser,
    expected_digest: str | None,
) -> None:
    """Check again with the rows locked and, when all is well, write and record."""
    with transaction.atomic():
        # One import per plan at a time: a second one waits here, then sees the first's rows.
        WorkPlan.objects.select_for_update(of=("self",)).filter(pk=plan.pk).order_by().first()
        rows, ops = importer.check(plan, *read, lock=True)
        result.set_rows(rows)
        if not result.ok:
            return
        if expected_digest and expected_digest != result.digest:
            result.stale = True
            result.file_errors.append(STALE_MESSAGE)
            return
        importer.apply(ops, user)
        # the plan, target, progress and status importers write rows of the plan
        rollup_touch(PLAN, plan_ids=[plan.pk])
        result.record = record_import(result, user)


def record_import(result: ImportResult, user: AbstractBaseUser) -> ImportRecord:
    """The audit row of a checked import, written in its transaction."""
    return ImportRecord.objects.create(
        unit=result.unit,
        year=result.year,
        dataset=result.dataset,
        file_name=result.file_name,
        sha256=result.sha256,
        rows_total=len(result.rows),
        rows_created=result.created,
        rows_updated=result.updated,
        rows_unchanged=result.unchanged,
        imported_by=user,
    )


def record_summary(record: ImportRecord) -> str:
    """What the user reads when an import is done."""
    label = str(record.get_dataset_display())
    if label[1:2].islower():  # "Progres bulanan" → "progres bulanan"; "LKE: …" stays
        label = label[0].lower() + label[1:]
    return (
        f"Impor {label} dari {record.file_name} selesai: "
        f"{record.rows_created} baris baru, {record.rows_updated} diubah, "
        f"{record.rows_unchanged} tetap."
    )
