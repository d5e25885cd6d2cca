from django.apps import AppConfig


class ZiPortalConfig(AppConfig):
    name = "zi_portal"
    verbose_name = "ZI Portal"
