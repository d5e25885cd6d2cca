"""The fixed lists of the access app: the kinds of unit, the roles and the reform areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What a satuan kerja is (``Unit.Kind``): KPU RI at the top, a KPU Provinsi below it
    (or standing alone), or a KPU Kabupaten/Kota whose ``parent`` is its province."""

    PUSAT = "pusat", _("KPU RI")
    PROVINSI = "provinsi", _("KPU Provinsi")
    KABKOTA = "kabkota", _("KPU Kabupaten/Kota")


class UnitRole(models.TextChoices):
    """The role a user holds on a unit (``RoleAssignment.Role``); what each role may do is
    written in access/rules.py."""

    KOORDINATOR = "koordinator", _("Koordinator area")
    KETUA = "ketua", _("Ketua")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    TPI = "tpi", _("Tim Penilai Internal")


class AreaCode(models.TextChoices):
    """The six reform areas (area perubahan) of PermenPANRB 90/2021: a plan's ``Area.code``,
    an LKE area's ``Node.area_code`` and a coordinator's ``RoleAssignment.area_codes``."""

    MANAJEMEN_PERUBAHAN = "manajemen_perubahan", _("Manajemen Perubahan")
    TATALAKSANA = "tatalaksana", _("Penataan Tatalaksana")
    SDM = "sdm", _("Penataan Sistem Manajemen SDM")
    AKUNTABILITAS = "akuntabilitas", _("Penguatan Akuntabilitas Kinerja")
    PENGAWASAN = "pengawasan", _("Penguatan Pengawasan")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Peningkatan Kualitas Pelayanan Publik")
