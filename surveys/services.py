"""The Sekretariat's survey work: questionnaire texts (a version someone answered is frozen:
an edit makes the unit a new version), quarters with their populations, services, desks
and one-time codes. Keyword-only ``<entity>_<action>`` functions: the rule, full_clean,
one transaction with the history record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from access import rules
from access.models import Unit
from common.db import StaleVersionError, changed_message, ensure_unchanged
from common.rollups import UNITS, rollup_touch

from .models import AccessCode, Desk, Element, Questionnaire, Service, SurveyPeriod
from .selectors import current_questionnaire, questionnaire_elements

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

MAX_CODES = 500  # one printing of slips
# What a page's form edits of each row: a save whose form saw other values is refused
# (``seen``, common.db.ensure_unchanged; the rows have no version column).
PERIOD_FIELDS = ("population", "status")
SERVICE_FIELDS = ("name", "order", "is_active")
DESK_FIELDS = ("name", "kinds", "service_id", "open_link", "is_active")
ELEMENT_FIELDS = ("question", "labels")


def _save(row: Any, *, user: AbstractBaseUser | None, reason: str = "") -> Any:
    row.full_clean()
    if user is not None:
        row._history_user = user
    if reason:
        row._change_reason = reason
    row.save()
    if isinstance(row, SurveyPeriod):  # the dashboard's survey panel: populations
        rollup_touch(UNITS, unit_ids=[row.unit_id])
    return row


def _wait_turn(unit: Unit) -> None:
    """Survey writes that lock a unit's quarters (edits, the import) take the unit's row
    first, so they queue in one order and never deadlock. Quarters are then locked
    "no key": a phone storing a response (which only key-shares its quarter) never waits
    for a Sekretariat's edit or an import."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


def _own_version(unit: Unit, base: Questionnaire, user: AbstractBaseUser) -> Questionnaire:
    """A new version of ``base`` owned by ``unit``: the same elements, numbered after the
    highest version of that survey (shipped or the unit's), so a printed version number
    never means two texts."""
    highest = (
        Questionnaire.objects.filter(kind=base.kind)
        .filter(unit__in=[unit])
        .aggregate(v=Max("version"))["v"]
        or 0
    )
    shipped = (
        Questionnaire.objects.filter(kind=base.kind, unit=None).aggregate(v=Max("version"))["v"]
        or 0
    )
    copy = Questionnaire(
        kind=base.kind,
        unit=unit,
        version=max(highest, shipped) + 1,
        title=base.title,
        intro=base.intro,
        source=base.source,
    )
    _save(copy, user=user, reason=f"Salinan dari versi {base.version}")
    Element.objects.bulk_create(
        Element(
            questionnaire=copy,
            code=e.code,
            order=e.order,
            label=e.label,
            question=e.question,
            labels=list(e.labels),
            weight=e.weight,
        )
        for e in questionnaire_elements(base)
    )
    return copy


@transaction.atomic
def element_update(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    kind: str,
    code: str,
    question: str,
    labels: list[str],
    seen: str | None = None,
) -> Element:
    """Change an element's question and answer words for the unit. The shipped version,
    or a version with responses, is never changed: the unit gets a new version first.
    ``seen``: the element's texts as the editor's form showed them (refused if changed)."""
    rules.ensure_can_manage_surveys(user, unit)
    _wait_turn(unit)
    questionnaire = current_questionnaire(unit, kind)
    ensure_unchanged(questionnaire.elements.filter(code=code).first(), ELEMENT_FIELDS, seen)
    if questionnaire.unit_id is None or questionnaire.is_frozen:
        questionnaire = _own_version(unit, questionnaire, user)
    element = questionnaire.elements.filter(code=code).first()
    if element is None:
        raise ValidationError({"code": f"Unsur {code} tidak ada dalam kuesioner ini."})
    if len(labels) != 4 or any(not str(label).strip() for label in labels):
        raise ValidationError({"labels": "Isi keempat pilihan jawaban (nilai 1 sampai 4)."})
    element.question = question.strip()
    element.labels = [str(label).strip() for label in labels]
    element.full_clean()
    element.save()
    return element


@transaction.atomic
def period_save(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    year: int,
    quarter: int,
    population: int | None,
    status: str = SurveyPeriod.Status.OPEN,
    seen: str | None = None,
) -> SurveyPeriod:
    """Open (or change) a survey quarter: its population of service users and whether it
    takes responses. ``seen``: the quarter as the form showed it ("" not yet open);
    refused when someone changed or opened it since."""
    rules.ensure_can_manage_surveys(user, unit)
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": "Triwulan harus 1 sampai 4."})
    _wait_turn(unit)
    found = (
        SurveyPeriod.objects.select_for_update(no_key=True)
        .filter(unit=unit, year=year, quarter=quarter)
        .first()
    )
    ensure_unchanged(found, PERIOD_FIELDS, seen)
    period = found or SurveyPeriod(unit=unit, year=year, quarter=quarter)
    period.population = population
    period.status = status
    period.changed_by = user
    try:
        with transaction.atomic():
            return _save(period, user=user)
    except IntegrityError as exc:  # opened by someone else between our read and insert
        other = SurveyPeriod.objects.filter(unit=unit, year=year, quarter=quarter).first()
        raise StaleVersionError(changed_message(other)) from exc


@transaction.atomic
def period_publish(
    *, user: AbstractBaseUser, period: SurveyPeriod, published: bool
) -> SurveyPeriod:
    """Publish (or withdraw) a quarter's results on /publik/: aggregates only, never a
    respondent's answers or an unapproved comment."""
    rules.ensure_can_manage_surveys(user, period.unit)
    _wait_turn(period.unit)
    period = SurveyPeriod.objects.select_for_update(no_key=True).get(pk=period.pk)
    period.published_at = timezone.now() if published else None
    period.changed_by = user
    return _save(period, user=user, reason="Dipublikasikan" if published else "Ditarik")


@transaction.atomic
def service_save(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    name: str,
    order: int = 0,
    is_active: bool = True,
    service: Service | None = None,
    seen: str | None = None,
) -> Service:
    """Add a service (jenis layanan) or change one (deactivating keeps its responses).
    ``seen``: the service as the form showed it (refused if changed since)."""
    rules.ensure_can_manage_surveys(user, unit)
    row = service or Service(unit=unit)
    if row.unit_id != unit.pk:
        raise ValidationError({"service": "Jenis layanan ini milik satuan kerja lain."})
    if row.pk is not None:
        row = Service.objects.select_for_update().get(pk=row.pk)
        ensure_unchanged(row, SERVICE_FIELDS, seen)
    if Service.objects.filter(unit=unit, name__iexact=name.strip()).exclude(pk=row.pk).exists():
        raise ValidationError({"name": "Jenis layanan dengan nama ini sudah ada."})
    row.name, row.order, row.is_active = name.strip(), order, is_active
    return _save(row, user=user)


@transaction.atomic
def desk_save(
    *,
    user: AbstractBaseUser,
    unit: Unit,
    name: str,
    kinds: list[str],
    open_link: bool = False,
    service: Service | None = None,
    is_active: bool = True,
    desk: Desk | None = None,
    seen: str | None = None,
) -> Desk:
    """Add a service desk (loket) or change one. ``seen``: the desk as the form showed it
    (refused if changed since)."""
    rules.ensure_can_manage_surveys(user, unit)
    row = desk or Desk(unit=unit)
    if row.unit_id != unit.pk:
        raise ValidationError({"desk": "Loket ini milik satuan kerja lain."})
    if row.pk is not None:
        row = Desk.objects.select_for_update().get(pk=row.pk)
        ensure_unchanged(row, DESK_FIELDS, seen)
    if Desk.objects.filter(unit=unit, name__iexact=name.strip()).exclude(pk=row.pk).exists():
        raise ValidationError({"name": "Loket dengan nama ini sudah ada."})
    if not kinds or any(kind not in Questionnaire.Kind.values for kind in kinds):
        raise ValidationError({"kinds": "Pilih sedikitnya satu survei."})
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError({"service": "Pilih jenis layanan satuan kerja ini."})
    row.name, row.kinds, row.open_link = name.strip(), list(dict.fromkeys(kinds)), open_link
    row.service, row.is_active = service, is_active
    return _save(row, user=user)


@transaction.atomic
def codes_issue(
    *,
    user: AbstractBaseUser,
    period: SurveyPeriod,
    kind: str,
    count: int,
    desk: Desk | None = None,
    service: Service | None = None,
) -> list[AccessCode]:
    """Print-ready one-time codes for a quarter (1 to 500 at a time)."""
    rules.ensure_can_manage_surveys(user, period.unit)
    if not period.is_open:
        raise ValidationError({"period": "Periode survei ini sudah ditutup."})
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": f"Jumlah kode 1 sampai {MAX_CODES} sekali cetak."})
    if kind not in Questionnaire.Kind.values:
        raise ValidationError({"kind": "Pilih survei."})
    if desk is not None and (desk.unit_id != period.unit_id or kind not in desk.kinds):
        raise ValidationError({"desk": "Pilih loket satuan kerja ini yang menjalankan survei ini."})
    if service is not None and service.unit_id != period.unit_id:
        raise ValidationError({"service": "Pilih jenis layanan satuan kerja ini."})
    codes = [
        AccessCode(period=period, kind=kind, desk=desk, service=service, created_by=user)
        for _ in range(count)
    ]
    return AccessCode.objects.bulk_create(codes)
