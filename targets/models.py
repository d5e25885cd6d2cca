"""The monthly numbers: targets from the decree's table and the realised progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import ActionItem, Component, Unit

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


class ActionItemStatus(models.Model):
    """The state of a rencana aksi in a month, as its coordinator reports it."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Belum dimulai")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")

    action = models.ForeignKey(
        ActionItem,
        verbose_name=_("rencana aksi"),
        on_delete=models.CASCADE,
        related_name="statuses",
    )
    month = models.PositiveSmallIntegerField(_("bulan"), validators=MONTH_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BELUM
    )
    note = models.TextField(_("catatan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status rencana aksi")
        verbose_name_plural = _("status rencana aksi")
        ordering = ["action", "month"]
        constraints = [
            models.UniqueConstraint(fields=["action", "month"], name="actionstatus_one_per_month"),
            models.CheckConstraint(condition=MONTH_IN_RANGE, name="actionstatus_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.action} bulan {self.month}: {self.get_status_display()}"


class MonthLock(models.Model):
    """A month of a unit's plan closed for entries; reopening needs a recorded reason."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("satuan kerja"), on_delete=models.CASCADE, related_name="month_locks"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"), validators=MONTH_VALIDATORS)
    is_locked = models.BooleanField(_("terkunci"), default=True)
    reason = models.TextField(_("alasan dibuka kembali"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("waktu"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kunci bulan")
        verbose_name_plural = _("kunci bulan")
        ordering = ["unit", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"], name="monthlock_one_per_month"
            ),
            models.CheckConstraint(condition=MONTH_IN_RANGE, name="monthlock_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month}/{self.year}: {'terkunci' if self.is_locked else 'dibuka'}"
