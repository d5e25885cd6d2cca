"""The seeded units (KPU Provinsi Kalimantan Barat and its 14 kab/kota, made by
``load_plan`` before units had a region code) get their official codes (kode wilayah
Kemendagri, Permendagri 72/2019), so ``load_units`` finds them by code instead of making
them a second time. Only a blank code is filled: a code set by hand is left alone."""

from django.db import migrations

SEED_CODES = {
    "kpu-kalbar": "61",
    "kpu-sambas": "61.01",
    "kpu-bengkayang": "61.02",
    "kpu-landak": "61.03",
    "kpu-mempawah": "61.04",
    "kpu-sanggau": "61.05",
    "kpu-ketapang": "61.06",
    "kpu-sintang": "61.07",
    "kpu-kapuas-hulu": "61.08",
    "kpu-sekadau": "61.09",
    "kpu-melawi": "61.10",
    "kpu-kayong-utara": "61.11",
    "kpu-kubu-raya": "61.12",
    "kpu-kota-pontianak": "61.71",
    "kpu-kota-singkawang": "61.72",
}


def codes_set(apps, schema_editor):
    Unit = apps.get_model("access", "Unit")
    taken = set(Unit.objects.exclude(code="").values_list("code", flat=True))
    for slug, code in SEED_CODES.items():
        if code not in taken:
            Unit.objects.filter(slug=slug, code="").update(code=code)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_unit_tree_code")]

    operations = [migrations.RunPython(codes_set, migrations.RunPython.noop)]
