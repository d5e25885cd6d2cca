from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared helpers that import no portal app (formatting, forms, uploads, db, history)."""

    name = "common"
    verbose_name = "Umum"

    def ready(self) -> None:
        from .converters import register

        register()
