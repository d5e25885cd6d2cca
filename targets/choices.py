"""The fixed list of the targets app: the monthly state of a rencana aksi."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """The state of a rencana aksi in a month as its coordinator reports it
    (``ActionItemStatus.Status``)."""

    BELUM = "belum", _("Belum dimulai")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
