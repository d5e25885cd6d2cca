"""Month locks: the Sekretariat closes a month of a unit's year; reopening needs a reason."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from access.models import Unit
from common.db import free_text, history, month_field, monthly_constraints, part_of, user_field
from common.formatting import month_year
from common.limits import REASON_CHARS


class MonthLock(models.Model):
    """A month of a unit's plan closed for entries; reopening needs a recorded reason."""

    unit = part_of(Unit, _("satuan kerja"), related_name="month_locks")
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = month_field()
    is_locked = models.BooleanField(_("terkunci"), default=True)
    reason = free_text(_("alasan dibuka kembali"), REASON_CHARS, blank=True)
    changed_by = user_field(_("oleh"))
    changed_at = models.DateTimeField(_("waktu"), auto_now=True)
    history = history(table_name="targets_historicalmonthlock")

    class Meta:
        # The table keeps the name it had in the targets app.
        db_table = "targets_monthlock"
        verbose_name = verbose_name_plural = _("kunci bulan")
        ordering = ["unit", "year", "month"]
        constraints = monthly_constraints("monthlock", "unit", "year")

    def __str__(self) -> str:
        return f"{self.unit} {month_year(self.month, self.year)}: {'terkunci' if self.is_locked else 'dibuka'}"
