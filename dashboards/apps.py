from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The read pages: dashboard, province view, drill-downs, public pages and their charts."""

    name = "dashboards"
    verbose_name = "Dasbor"
