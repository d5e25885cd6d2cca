"""The monthly numbers as coordinators report them: realised progress and action-item status.

The targets they are measured against are cells of the decree (areas.MonthlyTarget); which
months are open for entries is periods.MonthLock.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.models import Component, action_field
from common.db import (
    VersionedModel,
    free_text,
    history,
    month_field,
    monthly_constraints,
    part_of,
    percent_field,
)
from common.formatting import month_name, percent_text
from common.limits import NOTE_CHARS

from .choices import ActionStatus


class ProgressEntry(VersionedModel):
    """What a coordinator reports for a component and month."""

    component = part_of(Component, _("komponen"), related_name="entries")
    month = month_field()
    percent = percent_field(_("realisasi (%)"))
    activities = free_text(_("kegiatan yang dilaksanakan"), NOTE_CHARS, blank=True)
    obstacles = free_text(_("kendala"), NOTE_CHARS, blank=True)
    follow_up = free_text(_("tindak lanjut"), NOTE_CHARS, blank=True)
    is_internal = models.BooleanField(
        _("narasi internal"),
        default=False,
        help_text=_("Narasi internal tidak tampil di halaman publik."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = history()

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
    note = free_text(_("catatan"), NOTE_CHARS, blank=True)
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = _("status rencana aksi")
        ordering = ["action", "month"]
        constraints = monthly_constraints("actionstatus", "action")

    def __str__(self) -> str:
        return f"{self.action} {month_name(self.month)}: {self.get_status_display()}"
