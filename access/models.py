"""Who may do what: units (satuan kerja) and the roles people hold on them.

The rules that read these records live in access/rules.py; the rules a record must obey to
be stored live here (clean()).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.db import history, part_of, unique_on

from .choices import AreaCode, UnitKind, UnitRole


class Unit(models.Model):
    """A satuan kerja: KPU Provinsi or a KPU Kabupaten/Kota."""

    Kind = UnitKind

    name = models.CharField(_("nama resmi"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("satuan kerja induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    city = models.CharField(_("kota kedudukan"), max_length=100)
    website = models.CharField(_("situs web"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    logo = models.ImageField(
        _("logo kop surat"),
        upload_to="logos/",
        blank=True,
        help_text=_("Dicetak di kop Keputusan. Disimpan privat; hanya dipakai saat membuat PDF."),
    )
    is_public = models.BooleanField(
        _("tampilkan di halaman publik"),
        default=True,
        help_text=_("Keterbukaan informasi publik: rencana dan capaian tampil tanpa login."),
    )

    class Meta:
        # The table keeps the name it had when units lived in the plan app.
        db_table = "areas_unit"
        verbose_name = verbose_name_plural = _("satuan kerja")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.short_name


class RoleAssignment(models.Model):
    """A user's role on a unit; coordinators also name their areas (by code)."""

    Role = UnitRole

    user = part_of(settings.AUTH_USER_MODEL, related_name="roles")
    unit = part_of(Unit, related_name="roles")
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    area_codes = models.JSONField(
        _("area (koordinator)"),
        default=list,
        blank=True,
        help_text=_('Kode area yang dikoordinasikan, misalnya ["manajemen_perubahan"].'),
    )
    history = history(table_name="areas_historicalroleassignment")

    class Meta:
        db_table = "areas_roleassignment"
        verbose_name = verbose_name_plural = _("penugasan peran")
        ordering = ["unit__order", "user__username", "role"]
        # A person holds a role on a unit once; a koordinator's areas are the list on that row.
        constraints = [unique_on("user", "unit", "role", name="role_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} {self.unit}"

    def clean(self) -> None:
        codes = list(self.area_codes or [])
        if self.role == self.Role.KOORDINATOR:
            if not codes:
                raise ValidationError(
                    {"area_codes": "Koordinator harus memiliki sedikitnya satu area."}
                )
            unknown = sorted(set(codes) - set(AreaCode.values))
            if unknown:
                raise ValidationError(
                    {"area_codes": f"Kode area tidak dikenal: {', '.join(unknown)}."}
                )
        elif codes:
            # Only a coordinator works for areas; other roles read the whole unit.
            self.area_codes = []
