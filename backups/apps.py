from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backup and restore of the whole portal: the database and every stored file
    (docs/operations.md). No models: it reads every app's file fields generically."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "backups"
    verbose_name = "Cadangan"
