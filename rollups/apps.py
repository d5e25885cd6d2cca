from django.apps import AppConfig


class RollupsConfig(AppConfig):
    """Summary rows of plans, LKE assessments and survey quarters, kept by the writing
    services in their own transaction (docs/rollups.md); the national and province views
    read them instead of aggregating every unit's rows on each request."""

    name = "rollups"
    verbose_name = "Ringkasan"

    def ready(self) -> None:
        # The services of the apps below call common.rollups.rollup_touch; the refreshers
        # live here, above them, and are registered with the registry.
        from common import rollups as registry

        from .lke import assessments_refresh, worksheets_refresh
        from .plans import plans_refresh
        from .stamps import (
            assessments_stamp,
            plans_stamp,
            responses_stamp,
            units_stamp,
            worksheets_stamp,
        )
        from .surveys import responses_count

        registry.rollup_register(registry.PLAN, plans_refresh)
        registry.rollup_register(registry.ASSESSMENT, assessments_refresh)
        registry.rollup_register(registry.WORKSHEET, worksheets_refresh)
        registry.rollup_register(registry.RESPONSES, responses_count)
        # the units' data stamps (the dashboard's cache keys), after the summaries
        registry.rollup_register(registry.PLAN, plans_stamp)
        registry.rollup_register(registry.ASSESSMENT, assessments_stamp)
        registry.rollup_register(registry.WORKSHEET, worksheets_stamp)
        registry.rollup_register(registry.RESPONSES, responses_stamp)
        registry.rollup_register(registry.UNITS, units_stamp)
