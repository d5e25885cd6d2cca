"""Month locks: the Sekretariat closes a month of a unit's year; reopening needs a reason."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.models import Unit
from common.db import MONTH_IN_RANGE, MONTH_VALIDATORS


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
    history = HistoricalRecords(table_name="targets_historicalmonthlock")

    class Meta:
        # The table keeps the name it had in the targets app.
        db_table = "targets_monthlock"
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
