from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Import and export of plans, target matrices and progress (XLSX/CSV)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "transfer"
    verbose_name = "Impor/Ekspor"
