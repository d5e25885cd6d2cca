"""Who may do what: units (satuan kerja) and the roles people hold on them.

The rules that read these records live in access/rules.py; the rules a record must obey to
be stored live here (clean()).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.db import history, part_of, unique_on

from .choices import AreaCode, UnitKind, UnitRole

REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")


class Unit(models.Model):
    """A satuan kerja: KPU RI, a KPU Provinsi or a KPU Kabupaten/Kota. The tree they form
    is read through access/tree.py (one cached read), never unit by unit."""

    Kind = UnitKind

    code = models.CharField(
        _("kode wilayah"),
        max_length=5,
        blank=True,
        help_text=_(
            "Kode wilayah Kemendagri (Permendagri 72/2019): 61 untuk provinsi, 61.71 untuk "
            "kabupaten/kota. KPU RI tidak memiliki kode."
        ),
    )
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
        constraints = [
            # The region code is how load_units finds a unit again (and how a kab/kota finds
            # its province): two units with one code would make that lookup ambiguous. KPU RI
            # has no region code, so the blank code is left out.
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="unit_code_unique_when_set"
            ),
            # There is one KPU RI: every rule that reads "the top of the tree" relies on it.
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="pusat"), name="unit_one_pusat"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_pusat(self) -> bool:
        """KPU RI (templates read this flag, never the kind's value)."""
        return self.kind == self.Kind.PUSAT

    @property
    def has_units_below(self) -> bool:
        """Whether units may hang below this one (KPU RI and a province; a kab/kota never:
        clean() lets no unit name a kab/kota as its parent). Read from the kind, no query."""
        return self.kind != self.Kind.KABKOTA

    def clean(self) -> None:
        """Where a unit may sit: KPU RI at the top, a province at the top or under KPU RI,
        a kab/kota under its province, with the province's code as its code's prefix."""
        super().clean()
        errors: dict[str, str] = {}
        parent = self.parent if self.parent_id else None
        code = self.code or ""
        if code and not REGION_CODE.match(code):
            errors["code"] = "Kode wilayah ditulis 61 (provinsi) atau 61.71 (kabupaten/kota)."
        if self.kind == self.Kind.PUSAT:
            if parent is not None:
                errors["parent"] = "KPU RI tidak memiliki satuan kerja induk."
            if code:
                errors["code"] = "KPU RI tidak memiliki kode wilayah."
        elif self.kind == self.Kind.PROVINSI:
            if parent is not None and parent.kind != self.Kind.PUSAT:
                errors["parent"] = "Induk KPU Provinsi hanya KPU RI (atau kosong)."
            if code and "." in code:
                errors.setdefault(
                    "code", "Kode wilayah provinsi terdiri dari dua angka, misalnya 61."
                )
        elif self.kind == self.Kind.KABKOTA:
            if parent is None or parent.kind != self.Kind.PROVINSI:
                errors["parent"] = "Induk KPU Kabupaten/Kota harus KPU Provinsi."
            elif code and parent.code and not code.startswith(parent.code + "."):
                errors.setdefault(
                    "code",
                    f"Kode wilayah {code} bukan kode kabupaten/kota di provinsi {parent.code} "
                    f"({parent.short_name}).",
                )
            if code and "." not in code:
                errors.setdefault(
                    "code", "Kode wilayah kabupaten/kota ditulis kode provinsi, titik, dua angka."
                )
        if errors:
            raise ValidationError(errors)


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
