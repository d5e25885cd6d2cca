from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may do what: units, role assignments and every rule about them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "access"
    verbose_name = "Akses"
