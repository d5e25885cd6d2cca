from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may do what: units, role assignments and every rule about them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "access"
    verbose_name = "Akses"

    def ready(self) -> None:
        # The signals that move the unit tree's cached version (access/tree.py).
        from . import tree  # noqa: F401
