"""Taking a response: the one door of the phone form, the desk's open link and the shell
(the paper import writes many at once through :func:`responses_create`, under the same
rules). A response is stored whole or not at all; a one-time code answers once, even when
twenty phones send it at the same moment (its row is locked for the transaction)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import quarter_of, today
from common.formatting import date_text, roman
from common.rollups import RESPONSES, rollup_touch

from .answers import ElementValue, values_read
from .choices import Channel, CommentStatus
from .models import AccessCode, Answer, Desk, Questionnaire, Response, Service, SurveyPeriod
from .selectors import AnswerSheet, current_questionnaire, questionnaire_elements

if TYPE_CHECKING:
    from access.models import Unit

CODE_UNKNOWN = "Kode tidak dikenal. Periksa kembali kode pada struk layanan Saudara."
CODE_USED = "Kode ini sudah dipakai untuk mengisi survei. Setiap kode hanya berlaku satu kali."
PERIOD_MISSING = "Survei triwulan ini belum dibuka oleh satuan kerja."
PERIOD_CLOSED = "Periode survei ini sudah ditutup; jawaban tidak dapat diterima lagi."
DESK_CLOSED = "Loket ini tidak lagi menerima survei."
SERVICE_UNKNOWN = "Pilih jenis layanan dari daftar."
DATE_AHEAD = "Tanggal layanan {day} belum terjadi; isi tanggal layanan yang sudah diterima."
PERIOD_OF_DAY = "Tanggal {day} termasuk triwulan {quarter} {year}. {reason}"
# The bounds of the model's constraint ``response_age_plausible``.
AGE_MIN, AGE_MAX = 10, 120
AGE_OUTSIDE = f"Usia diisi dalam tahun, {AGE_MIN} sampai {AGE_MAX}."


@dataclass(frozen=True)
class Profile:
    """The respondent profile of PermenPANRB 14/2017 (every part optional)."""

    age: int | None = None
    sex: str = ""
    education: str = ""
    occupation: str = ""
    comment: str = ""


@dataclass
class Submission:
    """One respondent's answers as they arrived (the form's or a sheet row's)."""

    values: Mapping[str, object]
    profile: Profile = field(default_factory=Profile)
    service: Service | None = None
    service_date: datetime.date | None = None


def period_for(unit: Unit, day: datetime.date, *, lock: bool = False) -> SurveyPeriod:
    """The open survey quarter of ``day``; refused (on ``period``) when missing or closed.
    ``lock``: its row stays locked until the transaction ends (no one closes it meanwhile)."""
    found = SurveyPeriod.objects.filter(unit=unit, year=day.year, quarter=quarter_of(day.month))
    found = (found.select_for_update(no_key=True) if lock else found).order_by()[:1]
    period = next(iter(found), None)  # one row (unique): no ordering
    if period is None:
        raise ValidationError({"period": PERIOD_MISSING})
    if not period.is_open:
        raise ValidationError({"period": PERIOD_CLOSED})
    return period


def _response(
    *,
    period: SurveyPeriod,
    questionnaire: Questionnaire,
    submission: Submission,
    channel: str,
    day: datetime.date,
) -> Response:
    profile = submission.profile
    service = submission.service
    errors: dict[str, list[str]] = {}
    if service is not None and (service.unit_id != period.unit_id or not service.is_active):
        errors["service"] = [SERVICE_UNKNOWN]
    if profile.age is not None and not AGE_MIN <= profile.age <= AGE_MAX:
        errors["age"] = [AGE_OUTSIDE]
    response = Response(
        period=period,
        questionnaire=questionnaire,
        kind=questionnaire.kind,
        service=service,
        channel=channel,
        service_date=day,
        age=profile.age,
        sex=profile.sex,
        education=profile.education,
        occupation=profile.occupation,
        comment=profile.comment.strip(),
        comment_status=CommentStatus.PENDING if profile.comment.strip() else CommentStatus.NONE,
    )
    # The model's two check constraints hold here already (the age above, in words of its
    # own; a comment's status follows the comment), so full_clean does not ask the database
    # for each (a query and two savepoints apiece on every answer); the columns still refuse.
    try:
        response.full_clean(
            exclude=["period", "questionnaire", "service", "age"], validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return response


def _answers(response: Response, values: list[ElementValue]) -> list[Answer]:
    # element_id: no descriptor to go through (an import builds a few hundred thousand)
    return [Answer(response=response, element_id=v.element.pk, value=v.value) for v in values]


def response_submit(
    *,
    unit: Unit,
    kind: str,
    submission: Submission,
    channel: str,
    code: str = "",
    desk: Desk | None = None,
    sheet: AnswerSheet | None = None,
) -> Response:
    """Store one phone (or shell) response of ``kind`` for ``unit``: every element
    answered 1–4, the quarter open, the code (channel "kode") unused. All problems of the
    answers are raised together, keyed by element code; nothing is stored half. ``sheet``:
    the page's ``answer_sheet(unit, kind)`` of this request, when the caller read it."""
    if desk is not None:
        desk_check(desk=desk, kind=kind)
    if sheet is None:
        questionnaire = current_questionnaire(unit, kind)
        elements = questionnaire_elements(questionnaire)
    else:
        questionnaire, elements = sheet.questionnaire, sheet.elements
    values = values_read(elements, submission.values, blanks_allowed=False)
    day = today()
    with transaction.atomic():
        access_code = _code_take(unit, kind, code) if channel == Channel.CODE else None
        period = access_code.period if access_code else period_for(unit, day)
        if not period.is_open:
            raise ValidationError({"period": PERIOD_CLOSED})
        if access_code is not None and access_code.service_id and submission.service is None:
            submission.service = access_code.service
        response = _response(
            period=period,
            questionnaire=questionnaire,
            submission=submission,
            channel=channel,
            day=day,
        )
        response.save()
        Answer.objects.bulk_create(_answers(response, values))
        if access_code is not None:
            access_code.response = response
            access_code.used_at = timezone.now()
            access_code.save(update_fields=["response", "used_at"])
        rollup_touch(RESPONSES, response_ids=[response.pk], unit_ids=[unit.pk], kinds=[kind])
    return response


def _code_take(unit: Unit, kind: str, code: str) -> AccessCode:
    """The code's row, locked until the transaction ends: a second submission of the same
    code waits here and then finds it used."""
    found = (
        AccessCode.objects.select_for_update(of=("self",))
        .select_related("period", "service")
        .filter(code=code.strip().upper(), period__unit=unit, kind=kind)
        .first()
    )
    if found is None:
        raise ValidationError({"code": ValidationError(CODE_UNKNOWN, code="unknown")})
    if found.is_used:
        raise ValidationError({"code": ValidationError(CODE_USED, code="used")})
    return found


def desk_check(*, desk: Desk, kind: str | None = None) -> None:
    """Whether a desk takes answers (of ``kind``, when given): active, with that survey."""
    if not desk.is_active or not desk.kinds or (kind is not None and kind not in desk.kinds):
        raise ValidationError({"desk": DESK_CLOSED})


def code_check(*, code: str, unit: Unit | None = None, kind: str | None = None) -> AccessCode:
    """Whether a code may answer (before the form is shown): known (of ``unit`` and
    ``kind`` when given: a desk's code form), unused, its period open. The submission
    checks again under the row lock. The refusal's code says which: "unknown", "used",
    "closed"."""
    found = (
        AccessCode.objects.select_related("period__unit").filter(code=code.strip().upper()).first()
    )
    foreign = found is not None and (
        (unit is not None and found.period.unit_id != unit.pk)
        or (kind is not None and found.kind != kind)
    )
    if found is None or foreign:
        raise ValidationError({"code": ValidationError(CODE_UNKNOWN, code="unknown")})
    if found.is_used:
        raise ValidationError({"code": ValidationError(CODE_USED, code="used")})
    if not found.period.is_open:
        raise ValidationError({"code": ValidationError(PERIOD_CLOSED, code="closed")})
    return found


class _Paper:
    """What every paper row of one import is checked against: the unit's current
    questionnaire and its elements, and each quarter the rows name (looked up once)."""

    def __init__(self, unit: Unit, kind: str, *, lock: bool) -> None:
        self.unit = unit
        self.lock = lock
        self.questionnaire = current_questionnaire(unit, kind)
        self.elements = questionnaire_elements(self.questionnaire)
        self.periods: dict[tuple[int, int], SurveyPeriod | ValidationError] = {}
        self.today = today()

    def period(self, day: datetime.date) -> SurveyPeriod:
        key = (day.year, quarter_of(day.month))
        if key not in self.periods:
            try:
                self.periods[key] = period_for(self.unit, day, lock=self.lock)
            except ValidationError as error:
                self.periods[key] = error
        found = self.periods[key]
        if isinstance(found, ValidationError):
            raise found
        return found

    def row(
        self, submission: Submission, user: object, *, answers: bool = True
    ) -> tuple[Response, list[Answer]]:
        """One paper row as a response and its answers, unsaved; every problem of the row
        raised together, keyed by element code or by the response's field."""
        errors: dict[str, list[str]] = {}
        values: list[ElementValue] = []
        try:
            values = values_read(self.elements, submission.values, blanks_allowed=True)
        except ValidationError as error:
            errors.update(error.message_dict)
        day = submission.service_date or self.today
        period = SurveyPeriod(unit=self.unit)  # stands in while the quarter is refused
        if day > self.today:
            errors["service_date"] = [DATE_AHEAD.format(day=date_text(day))]
        else:
            try:
                period = self.period(day)
            except ValidationError as error:
                where = {"day": date_text(day), "quarter": roman(quarter_of(day.month))}
                errors["period"] = [
                    PERIOD_OF_DAY.format(**where, year=day.year, reason=reason)
                    for reason in error.messages
                ]
        try:
            response = _response(
                period=period,
                questionnaire=self.questionnaire,
                submission=submission,
                channel=Channel.PAPER,
                day=day,
            )
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        response.imported_by = user  # type: ignore[assignment]
        return response, _answers(response, values) if answers else []


def responses_check(
    *, unit: Unit, kind: str, submissions: list[Submission]
) -> list[ValidationError | None]:
    """Each paper row's problems, or None when it may be stored: what
    :func:`responses_create` would refuse, every problem of a row at once (keyed by element
    code, ``service_date``, ``period``, ``service``, ``age`` …). Stores nothing; the
    import's preview lists these next to their cells."""
    paper = _Paper(unit, kind, lock=False)
    verdicts: list[ValidationError | None] = []
    for submission in submissions:
        try:
            paper.row(submission, None, answers=False)
        except ValidationError as error:
            verdicts.append(error)
        else:
            verdicts.append(None)
    return verdicts


def responses_create(
    *,
    unit: Unit,
    kind: str,
    submissions: list[Submission],
    user: object,
) -> list[Response]:
    """Store paper responses (the import): each row's date (today when it has none) gives
    its quarter, which must exist and be open (its row locked until the end); the date is
    not ahead of today; blanks are allowed, values 1–4. All or nothing: the first invalid
    row raises and nothing is stored (the import checks every row first with
    :func:`responses_check`)."""
    with transaction.atomic():
        paper = _Paper(unit, kind, lock=True)
        stored: list[Response] = []
        answers: list[Answer] = []
        for submission in submissions:
            response, row_answers = paper.row(submission, user)
            stored.append(response)
            answers.extend(row_answers)
        Response.objects.bulk_create(stored)
        Answer.objects.bulk_create(answers)
        rollup_touch(
            RESPONSES, response_ids=[r.pk for r in stored], unit_ids=[unit.pk], kinds=[kind]
        )
    return stored
