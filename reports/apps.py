from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Laporan"

    def ready(self) -> None:
        # Services of apps below reports (evidence) send notices through common.notices.
        from common.notices import notice_sender_register

        from .notices import notices_send

        notice_sender_register(notices_send)

        # The LKE's evidence page (lke sits before reports) offers the issued survey reports.
        from lke.survey_documents import survey_document_provider_register

        from .survey_evidence import issued_survey_reports

        survey_document_provider_register(issued_survey_reports)
