"""The monthly numbers: targets from the decree's table and the realised progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Component

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]

# The same two rules, enforced by the database for every writer (admin, import, shell).
PERCENT_IN_RANGE = models.Q(percent__gte=0, percent__lte=100)
MONTH_IN_RANGE = models.Q(month__gte=1, month__lte=12)


class MonthlyTarget(models.Model):
    """A filled cell of the target table. A blank cell has no row: no target that month."""

    component = models.ForeignKey(
        Component, verbose_name=_("komponen"), on_delete=models.CASCADE, related_name="targets"
    )
    month = models.PositiveSmallIntegerField(_("bulan"), validators=MONTH_VALIDATORS)
    percent = models.DecimalField(
        _("target (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target bulanan")
        verbose_name_plural = _("target bulanan")
        ordering = ["component", "month"]
        constraints = [
            models.UniqueConstraint(fields=["component", "month"], name="target_one_per_month"),
            models.CheckConstraint(condition=PERCENT_IN_RANGE, name="target_percent_0_100"),
            models.CheckConstraint(condition=MONTH_IN_RANGE, name="target_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.component} bulan {self.month}: {self.percent}%"


class ProgressEntry(models.Model):
    """What a coordinator reports for a component and month."""

    component = models.ForeignKey(
        Component, verbose_name=_("komponen"), on_delete=models.CASCADE, related_name="entries"
    )
    month = models.PositiveSmallIntegerField(_("bulan"), validators=MONTH_VALIDATORS)
    percent = models.DecimalField(
        _("realisasi (%)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    activities = models.TextField(_("kegiatan yang dilaksanakan"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    is_internal = models.BooleanField(
        _("narasi internal"),
        default=False,
        help_text=_("Narasi internal tidak tampil di halaman publik."),
    )
    # Optimistic locking: a save must name the version it was based on.
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progres bulanan")
        verbose_name_plural = _("progres bulanan")
        ordering = ["component", "month"]
        constraints = [
            models.UniqueConstraint(fields=["component", "month"], name="entry_one_per_month"),
            models.CheckConstraint(condition=PERCENT_IN_RANGE, name="entry_percent_0_100"),
            models.CheckConstraint(condition=MONTH_IN_RANGE, name="entry_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.component} bulan {self.month}: {self.percent}%"
