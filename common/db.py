"""Database helpers: shared validators and constraints, and the versioned row.

A versioned row is one that several people edit from the portal (progress, action-item
status): a save names the version the user's form was loaded with, and a save based on an
older version is refused with :class:`StaleVersionError` instead of overwriting.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .formatting import datetime_text, person_name
from .limits import REASON_CHARS

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]

# The same two rules, enforced by the database for every writer (admin, import, shell).
PERCENT_IN_RANGE = models.Q(percent__gte=0, percent__lte=100)
MONTH_IN_RANGE = models.Q(month__gte=1, month__lte=12)


def month_field(label: Any = None, **options: Any) -> models.PositiveSmallIntegerField:
    """A month 1–12 (January = 1)."""
    return models.PositiveSmallIntegerField(
        label or _("bulan"), validators=MONTH_VALIDATORS, **options
    )


def percent_field(label: Any) -> models.DecimalField:
    """A percent 0–100 with two decimals (62,50)."""
    return models.DecimalField(label, max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)


class BoundedTextField(models.CharField):
    """Free text whose limit is in the column (``varchar(N)``), the model's full_clean and
    every form made from it, shown as a text area (common.limits has the limits)."""

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        return super().formfield(**kwargs)


def free_text(label: Any, max_chars: int, **options: Any) -> BoundedTextField:
    return BoundedTextField(label, max_length=max_chars, **options)


def history(**options: Any) -> HistoricalRecords:
    """simple_history's records, with a change-reason column as long as a reason may be."""
    return HistoricalRecords(
        history_change_reason_field=models.CharField(max_length=REASON_CHARS, null=True),
        **options,
    )


def user_field(label: Any, **options: Any) -> models.ForeignKey:
    """Who did something: kept while the record exists (PROTECT), no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=models.PROTECT,
        related_name="+",
        **options,
    )


def part_of(
    model: Any, label: Any = None, *, related_name: str, **options: Any
) -> models.ForeignKey:
    """The record this one is part of (a plan's areas, an evidence's versions): deleted
    with it (CASCADE)."""
    return models.ForeignKey(
        model, verbose_name=label, on_delete=models.CASCADE, related_name=related_name, **options
    )


def unique_on(*fields: str, name: str, **options: Any) -> models.UniqueConstraint:
    """At most one row per value of ``fields`` (``options``: a condition, nulls_distinct)."""
    return models.UniqueConstraint(fields=list(fields), name=name, **options)


def monthly_constraints(
    prefix: str, *owner: str, percent: bool = False, unique: str = ""
) -> list[models.BaseConstraint]:
    """One row per owner and month, the month 1–12 (and the percent 0–100) checked by the
    database, so that no writer (admin, import, shell) can store what the forms refuse."""
    constraints: list[models.BaseConstraint] = [
        unique_on(*owner, "month", name=unique or f"{prefix}_one_per_month")
    ]
    if percent:
        constraints.append(
            models.CheckConstraint(condition=PERCENT_IN_RANGE, name=f"{prefix}_percent_0_100")
        )
    constraints.append(
        models.CheckConstraint(condition=MONTH_IN_RANGE, name=f"{prefix}_month_1_12")
    )
    return constraints


class StaleVersionError(ValidationError):
    """Someone else saved the record after the user loaded it."""


class VersionedModel(models.Model):
    """Optimistic locking: ``version`` counts saves; ``updated_by`` is who saved last."""

    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = user_field(_("diubah oleh"), null=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


def stale_message(row: VersionedModel) -> str:
    who = person_name(row.updated_by, empty="-")
    when = datetime_text(row.updated_at)
    return f"Data ini telah diubah oleh {who} pada {when} — muat ulang halaman sebelum menyimpan."


V = TypeVar("V", bound=VersionedModel)


def versioned_row(model: type[V], lookup: dict[str, object], version: int | None) -> V | None:
    """The row as it is now, locked for this transaction, after checking the version the
    user's form was loaded with (0 when there was no row yet; None skips the check)."""
    row = (
        model.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(**lookup)
        .first()
    )
    current = row.version if row is not None else 0
    if version is not None and current != version:
        if row is None:
            raise StaleVersionError(
                "Data ini telah dihapus oleh pengguna lain — muat ulang halaman."
            )
        raise StaleVersionError(stale_message(row))
    return row


def versioned_save(row: V, *, user: AbstractBaseUser, lookup: dict[str, object]) -> None:
    """Validate and save the next version; the history row records ``user``."""
    row.version += 1
    row.updated_by = user
    row.full_clean(validate_unique=False, validate_constraints=False)
    row._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # Another request created the row between our read and our insert.
        other = type(row).objects.select_related("updated_by").get(**lookup)
        raise StaleVersionError(stale_message(other)) from exc


def row_fingerprint(row: models.Model | None, fields: Iterable[str]) -> str:
    """A short digest of ``fields`` of ``row`` as the user's form was loaded with it ("" for
    no row): optimistic locking for a row without a version column. The form carries it;
    the save compares it with the row as it is now, under the row's lock
    (:func:`ensure_unchanged`)."""
    if row is None:
        return ""
    values = [getattr(row, name) for name in fields]
    text = json.dumps(values, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def changed_message(row: models.Model | None) -> str:
    """Who changed the row last and when (its latest history record), for a refused save."""
    if row is None:
        return "Data ini telah dihapus oleh pengguna lain — muat ulang halaman."
    records = getattr(row, "history", None)
    last = records.select_related("history_user").first() if records is not None else None
    if last is None:
        return "Data ini telah diubah oleh pengguna lain — muat ulang halaman sebelum menyimpan."
    who = person_name(last.history_user, empty="-")
    when = datetime_text(last.history_date)
    return f"Data ini telah diubah oleh {who} pada {when} — muat ulang halaman sebelum menyimpan."


def ensure_unchanged(row: models.Model | None, fields: Iterable[str], seen: str | None) -> None:
    """Refuse (:class:`StaleVersionError`) a save based on a row that changed since the
    form read it (``seen``: its :func:`row_fingerprint`; "" the form saw no row; None skips
    the check). Call it with the row locked (``select_for_update``)."""
    if seen is not None and row_fingerprint(row, fields) != seen:
        raise StaleVersionError(changed_message(row))


def move_content_types(old_app: str, new_app: str, models: list[str]) -> Any:
    """A migration step for a model that changed app (its table kept): its content type
    follows, so permissions, admin log entries and history keep pointing at it."""
    from django.db import migrations

    def move(apps: Any, frm: str, to: str) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if not content_type.objects.filter(app_label=to, model=model).exists():
                content_type.objects.filter(app_label=frm, model=model).update(app_label=to)

    return migrations.RunPython(
        lambda apps, schema_editor: move(apps, old_app, new_app),
        lambda apps, schema_editor: move(apps, new_app, old_app),
    )


def first_or_404(queryset: models.QuerySet[Any], message: str, **filters: Any) -> Any:
    """The first row matching ``filters``, or a 404 that says what was not found."""
    from django.http import Http404

    row = queryset.filter(**filters).first()
    if row is None:
        raise Http404(message)
    return row
