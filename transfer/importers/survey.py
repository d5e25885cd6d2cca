"""Importing a survey's paper responses: one row per respondent.

parse (the row's cells: the date, the profile words, the answers as written) → resolve
(the service by its name among the unit's active ones) → diff (surveys.responses.
responses_check: what storing the row would refuse, each problem next to its cell; a valid
row is a new response) → apply (surveys.responses.responses_create: every row or none).
Nothing an import stores is ever changed by a later import: each row is a new respondent.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from common.dates import quarter_of
from common.formatting import EMPTY, date_text, roman
from surveys.choices import Education, Occupation, Sex
from surveys.models import Element, Questionnaire, Service
from surveys.responses import Profile, Submission, responses_check, responses_create
from surveys.selectors import current_questionnaire, questionnaire_elements

from ..cells import cell_text, norm, shown_text
from ..choices import RowAction
from ..reading import Table
from ..results import RowResult
from ..rows import Bound, RowReader, readers
from ..surveys.layout import PROFILE

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from access.models import Unit

# Where a refusal of surveys.responses belongs, by its key (an element's is its code).
FIELD_COLUMNS = {
    "service_date": "tanggal",
    "period": "tanggal",
    "service": "layanan",
    "age": "usia",
    "sex": "jenis_kelamin",
    "education": "pendidikan",
    "occupation": "pekerjaan",
    "comment": "saran",
}
DATE_MISSING = "Tanggal layanan wajib diisi (YYYY-MM-DD atau DD/MM/YYYY)."


@dataclass(frozen=True)
class SurveyTarget:
    """What a sheet is checked against: the unit, its current questionnaire of the survey
    and its services by name."""

    unit: Unit
    kind: str
    questionnaire: Questionnaire
    elements: list[Element]
    services: dict[str, Service]


def target_for(unit: Unit, kind: str) -> SurveyTarget:
    """The unit's current questionnaire of ``kind`` (``Questionnaire.DoesNotExist`` when
    none is loaded) and all its services (an inactive one is named as such)."""
    questionnaire = current_questionnaire(unit, kind)
    services = {norm(s.name): s for s in Service.objects.filter(unit=unit).order_by("order")}
    return SurveyTarget(unit, kind, questionnaire, questionnaire_elements(questionnaire), services)


@dataclass
class SurveyOps:
    submissions: list[Submission] = field(default_factory=list)


def quarter_name(day: datetime.date) -> str:
    """ "Triwulan II 2025": the group a row is counted in."""
    return f"Triwulan {roman(quarter_of(day.month))} {day.year}"


def parse(row: RowReader, target: SurveyTarget) -> Submission:
    """The row's cells as a submission; what cannot be read is recorded on its cell."""
    values = row.read()
    day = values["tanggal"]
    if day is None and "tanggal" not in row.failed:
        row.error("tanggal", DATE_MISSING)
    profile: dict[str, Any] = {"age": values.get("usia"), "comment": values.get("saran", "")}
    for key, (name, words) in PROFILE.items():
        text = values.get(key, "")
        if not text:
            continue
        value = words.value(text)
        if value is None:
            row.error(
                key, f"{words.label} “{text}” tidak dikenal; isi salah satu: {words.accepted}."
            )
        profile[name] = value or ""
    answers = {e.code: values[e.code] for e in target.elements}
    return Submission(
        values=answers,
        profile=Profile(**profile),
        service=resolve(row, values["layanan"], target),
        service_date=day,
    )


def resolve(row: RowReader, name: str, target: SurveyTarget) -> Service | None:
    """The active service a row names (blank: none)."""
    if not name:
        return None
    service = target.services.get(norm(name))
    if service is not None and service.is_active:
        return service
    active = ", ".join(f"“{s.name}”" for s in target.services.values() if s.is_active)
    known = "tidak aktif lagi" if service is not None else "tidak dikenal"
    hint = (
        f"Jenis layanan aktif: {active}."
        if active
        else "Belum ada jenis layanan aktif; kosongkan kolom ini atau tambahkan jenis layanan "
        "di halaman survei."
    )
    row.error("layanan", f"Jenis layanan “{name}” {known}. {hint}")
    return None


def _refusals(row: RowReader, error: ValidationError, target: SurveyTarget) -> None:
    """The rules' refusals next to their cells; a cell that already has an error (it could
    not be read) is not blamed twice."""
    codes = {e.code for e in target.elements}
    for key, messages in error.message_dict.items():
        column = key if key in codes else FIELD_COLUMNS.get(key)
        if column is not None and column in row.failed:
            continue
        for message in messages:
            if key in codes and (given := cell_text(row.raw(key))):
                message = f"{message} Isian: {shown_text(given, 20)}."
            row.error(column, message)


def _changes(submission: Submission, target: SurveyTarget) -> list[str]:
    """The preview's lines of a new response: its service, answers, profile and comment
    (what the confirmation compares: a service renamed meanwhile makes the preview stale)."""
    answers = " · ".join(
        f"{e.code} {cell_text(submission.values.get(e.code)) or EMPTY}" for e in target.elements
    )
    lines = [f"Jawaban: {answers}"]
    if submission.service is not None:
        lines.insert(0, f"Layanan: {submission.service.name}")
    p = submission.profile
    profile = [
        f"{p.age} tahun" if p.age is not None else "",
        str(Sex(p.sex).label) if p.sex else "",
        str(Education(p.education).label) if p.education else "",
        str(Occupation(p.occupation).label) if p.occupation else "",
    ]
    if any(profile):
        lines.append("Profil: " + ", ".join(part for part in profile if part))
    if p.comment:
        lines.append(f"Saran: {shown_text(p.comment)}")
    return lines


def _label(submission: Submission, labels: dict[datetime.date, str]) -> str:
    """ "12 April 2025 · Triwulan II 2025" (``labels``: those made so far, by day)."""
    day = submission.service_date
    if day is None:
        return ""
    if day not in labels:
        labels[day] = f"{date_text(day)} · {quarter_name(day)}"
    return labels[day]


def check(target: SurveyTarget, table: Table, bound: Bound) -> tuple[list[RowResult], SurveyOps]:
    """Every row read, then every row checked by the rules of surveys.responses at once (a
    quarter is looked up once, whatever the number of rows)."""
    rows: list[RowResult] = []
    read = [(row, parse(row, target)) for row in readers(table, bound, rows)]
    verdicts = responses_check(
        unit=target.unit, kind=target.kind, submissions=[s for _row, s in read]
    )
    ops, labels = SurveyOps(), {}
    for (row, submission), verdict in zip(read, verdicts, strict=True):
        if verdict is not None:
            _refusals(row, verdict, target)
        row.order_errors()
        row.result.label = _label(submission, labels)
        if row.result.errors:
            row.result.action = RowAction.GALAT
            continue
        row.result.action = RowAction.BARU
        row.result.changes = _changes(submission, target)
        ops.submissions.append(submission)
    return rows, ops


def groups(ops: SurveyOps) -> list[tuple[str, int]]:
    """New respondents per quarter, in the calendar's order."""
    counted = Counter(
        (s.service_date.year, quarter_of(s.service_date.month), quarter_name(s.service_date))
        for s in ops.submissions
        if s.service_date is not None
    )
    return [(name, n) for (_y, _q, name), n in sorted(counted.items())]


def apply(target: SurveyTarget, ops: SurveyOps, user: AbstractBaseUser) -> None:
    responses_create(unit=target.unit, kind=target.kind, submissions=ops.submissions, user=user)
