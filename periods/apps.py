from django.apps import AppConfig


class PeriodsConfig(AppConfig):
    """Which months of a unit's year are open for entries (begun, not locked)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "periods"
    verbose_name = "Kunci bulan"
