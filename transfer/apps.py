from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Import and export of plans, target matrices and progress (XLSX/CSV)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "transfer"
    verbose_name = "Impor/Ekspor"

    def ready(self) -> None:
        # reports runs the export jobs but may not import transfer: the submission package's
        # builder (it writes the LKE workbook) is registered with reports here.
        from reports.builders import file_builder_register
        from reports.models import ReportJob
        from transfer.package.build import package_build

        file_builder_register(ReportJob.Kind.PACKAGE, package_build)
