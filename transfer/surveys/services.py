"""The survey imports of a unit: a survey's paper responses (one sheet per survey: SKM,
SPAK, SPKP) and its quarters' populations; and their sheet templates.

Who: the unit's Sekretariat and admin (``access.rules.ensure_can_manage_surveys``). As on
the data page: a dry run checks every row (the preview); a real run checks the file again
from the start inside one transaction, with the unit's survey quarters locked (no one
closes one meanwhile; two imports of the unit wait for each other), writes every row or
none, and records an ImportRecord. Responses are stored only through
``surveys.responses.responses_create`` and populations through
``surveys.services.period_save``. A survey file imported before (the same bytes) is
refused: importing it again would count its respondents twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from access import rules
from access.models import Unit
from common.dates import today
from common.formatting import datetime_text, person_name
from surveys.choices import SurveyKind
from surveys.models import Questionnaire, SurveyPeriod

from ..importers import population, survey
from ..layouts import Layout
from ..models import ImportRecord
from ..reading import ImportFileError, Table, read_table
from ..results import ImportResult, RowResult
from ..rows import Bound
from ..services import CONFLICT_MESSAGE, STALE_MESSAGE, record_import
from ..writing import CONTENT_TYPES, ExportFile
from . import layout, template

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DATASETS, POPULATION, SHORT, SURVEYS = (
    layout.DATASETS,
    layout.POPULATION_DATASET,
    layout.SHORT,
    layout.SURVEYS,
)
ALREADY = (
    "Berkas yang sama persis sudah diimpor pada {when} oleh {who} ({rows} responden); "
    "mengimpornya lagi akan menghitung responden yang sama dua kali. Tidak ada yang disimpan."
)
GROUPS_TITLE = "Responden baru per triwulan:"


@dataclass(frozen=True)
class Plan:
    """How one dataset's file is checked and written."""

    layout: Layout
    check: Callable[[Table, Bound, bool], tuple[list[RowResult], Any]]  # (…, lock)
    apply: Callable[[Any, AbstractBaseUser], None]
    groups: Callable[[Any], list[tuple[str, int]]]
    years: Callable[[Any], list[int]]


def _plan(unit: Unit, dataset: str) -> Plan:
    if dataset == POPULATION:
        return Plan(
            layout.POPULATION,
            lambda table, bound, lock: population.check(unit, table, bound, lock=lock),
            lambda ops, user: population.apply(unit, ops, user),
            lambda ops: [],
            lambda ops: [year for year, *_rest in ops.rows],
        )
    target = survey.target_for(unit, dataset)
    return Plan(
        layout.survey_layout(SHORT[SurveyKind(dataset)], target.elements),
        lambda table, bound, lock: survey.check(target, table, bound),
        lambda ops, user: survey.apply(target, ops, user),
        survey.groups,
        lambda ops: [s.service_date.year for s in ops.submissions if s.service_date],
    )


def survey_import(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    dataset: str,
    content: bytes,
    file_name: str,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportResult:
    """Check a survey sheet (``dataset``: skm, spak, spkp) or a populations sheet
    (populasi) row by row and, unless ``dry_run``, write every row or none
    (``expected_digest``: the confirmed preview's; a different outcome writes nothing)."""
    rules.ensure_can_manage_surveys(user, unit)
    if dataset not in DATASETS:
        raise ValidationError("Jenis data tidak dapat diimpor.")
    result = ImportResult(
        dataset=dataset,
        unit=unit,
        year=today().year,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    table = _table(content, result)
    if table is None or _imported_before(result):
        return result
    try:
        if dry_run:
            plan = _plan(unit, dataset)
            if (bound := _bind(plan, table, result)) is not None:
                _outcome(plan, result, *plan.check(table, bound, False))
        else:
            _write(table, result, user, expected_digest)
    except Questionnaire.DoesNotExist as error:
        result.file_errors.append(str(error))
    except IntegrityError:
        result.file_errors.append(CONFLICT_MESSAGE)
    except ValidationError as error:  # a quarter closed while the file was being written
        result.file_errors.extend(error.messages)
    if result.file_errors:
        result.record = None
    return result


def _table(content: bytes, result: ImportResult) -> Table | None:
    sheet = layout.POPULATION_SHEET
    if result.dataset in SURVEYS:
        sheet = layout.SURVEY_SHEET.format(code=SHORT[SurveyKind(result.dataset)])
    try:
        return read_table(content, sheet=sheet)
    except ImportFileError as error:
        result.file_errors.append(error.message)
        return None


def _bind(plan: Plan, table: Table, result: ImportResult) -> Bound | None:
    """The table bound to the plan's columns; None (file errors, and a hint when the
    columns are another survey's) when it cannot be."""
    bound = Bound(plan.layout.columns, table)
    if not bound.errors:
        return bound
    result.file_errors.extend(bound.errors)
    for other in DATASETS:
        if other == result.dataset:
            continue
        try:
            columns = _plan(result.unit, other).layout.columns
        except Questionnaire.DoesNotExist:
            continue
        if not Bound(columns, table).errors:
            label = ImportRecord.Dataset(other).label
            result.file_errors.append(
                f"Kolom berkas ini cocok dengan data “{label}”: pilih data itu saat mengunggah."
            )
    return None


def _imported_before(result: ImportResult) -> bool:
    """A survey file of the same bytes already imported for the unit: a file error."""
    if result.dataset not in SURVEYS:
        return False
    earlier = (
        ImportRecord.objects.filter(unit=result.unit, dataset=result.dataset, sha256=result.sha256)
        .select_related("imported_by")
        .order_by("imported_at")
        .first()
    )
    if earlier is not None:
        who = person_name(earlier.imported_by)
        when = datetime_text(earlier.imported_at)
        result.file_errors.append(ALREADY.format(when=when, who=who, rows=earlier.rows_created))
    return earlier is not None


def _outcome(plan: Plan, result: ImportResult, rows: list[RowResult], ops: Any) -> None:
    result.set_rows(rows)
    result.groups = plan.groups(ops)
    result.groups_title = GROUPS_TITLE if result.groups else ""
    result.year = min(plan.years(ops), default=result.year)


def _write(
    table: Table, result: ImportResult, user: AbstractBaseUser, expected_digest: str | None
) -> None:
    """Lock the unit's quarters, check again, and when all is well write and record."""
    unit = result.unit
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one import at a time
        list(SurveyPeriod.objects.select_for_update(no_key=True).filter(unit=unit).order_by("pk"))
        if _imported_before(result):  # the other import, now committed, had this file
            return
        plan = _plan(unit, result.dataset)
        bound = _bind(plan, table, result)
        if bound is None:
            return
        rows, ops = plan.check(table, bound, True)
        _outcome(plan, result, rows, ops)
        if not result.ok:
            return
        if expected_digest and expected_digest != result.digest:
            result.stale = True
            result.file_errors.append(STALE_MESSAGE)
            return
        plan.apply(ops, user)
        result.record = record_import(result, user)


# --- templates ----------------------------------------------------------------------------


def survey_template(*, user: AbstractBaseUser, unit: Unit, dataset: str) -> ExportFile:
    """The sheet to fill for ``dataset`` (a survey, or the populations), as XLSX."""
    rules.ensure_can_manage_surveys(user, unit)
    if dataset not in DATASETS:
        raise ValidationError("Jenis data tidak dikenal.")
    plan = _plan(unit, dataset)
    if dataset == POPULATION:
        periods = SurveyPeriod.objects.filter(unit=unit).order_by("year", "quarter")
        rows = [(p.year, p.quarter, p.population) for p in periods]
        title = f"Populasi pengguna layanan per triwulan, {unit.name}"
        content = template.population_book(plan.layout, title, rows)
    else:
        content = template.survey_book(_survey_sheet(unit, dataset, plan))
    return ExportFile(f"templat-{dataset}-{unit.slug}.xlsx", CONTENT_TYPES["xlsx"], content)


def _survey_sheet(unit: Unit, dataset: str, plan: Plan) -> template.SurveySheet:
    target = survey.target_for(unit, dataset)
    services = [s.name for s in target.services.values() if s.is_active]
    questionnaire = target.questionnaire
    example = {
        "tanggal": today().strftime("%d/%m/%Y"),
        "layanan": services[0] if services else "",
        **{e.code: 4 - i % 2 for i, e in enumerate(target.elements)},
        "usia": 35,
        "jenis_kelamin": "P",
        "pendidikan": "s1",
        "pekerjaan": "swasta",
        "saran": "Antrean sudah tertib; mohon ruang tunggu ditambah kursinya.",
    }
    title = (
        f"{questionnaire.get_kind_display()} versi {questionnaire.version}, {unit.name}: "
        "templat jawaban kuesioner kertas"
    )
    return template.SurveySheet(
        title=title,
        layout=plan.layout,
        elements=target.elements,
        services=services,
        example=[example[c.key] for c in plan.layout.columns],
    )
