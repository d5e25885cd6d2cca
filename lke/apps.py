from django.apps import AppConfig


class LkeConfig(AppConfig):
    """The Lembar Kerja Evaluasi: the worksheet as data, answers, scores and the forecast."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lke"
    verbose_name = "LKE"
