"""The monthly numbers as coordinators report them: realised progress and action-item status.

The targets they are measured against are cells of the decree (areas.MonthlyTarget); which
months are open for entries is periods.MonthLock.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Component, action_field
from common.db import VersionedModel, month_field, monthly_constraints, part_of, percent_field
from common.formatting import month_name, percent_text

from .choices import ActionStatus


class ProgressEntry(VersionedModel):
    """What a coordinator reports for a component and month."""

    component = part_of(Component, _("komponen"), related_name="entries")
    month = month_field()
    percent = percent_field(_("realisasi (%)"))
    activities = models.TextField(_("kegiatan yang dilaksanakan"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    is_internal = models.BooleanField(
        _("narasi internal"),
        default=False,
        help_text=_("Narasi internal tidak tampil di halaman publik."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("progres bulanan")
        ordering = ["component", "month"]
        constraints = monthly_constraints("entry", "component", percent=True)

    def __str__(self) -> str:
        return f"{self.component} {month_name(self.month)}: {percent_text(self.percent)}"


class ActionItemStatus(VersionedModel):
    """The state of a rencana aksi in a month, as its coordinator reports it."""

    Status = ActionStatus

    action = action_field("statuses")
    month = month_field()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BELUM
    )
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("status rencana aksi")
        ordering = ["action", "month"]
        constraints = monthly_constraints("actionstatus", "action")

    def __str__(self) -> str:
        return f"{self.action} {month_name(self.month)}: {self.get_status_display()}"
