"""URLs of the surveys app (see surveys/urls.py for where each part is mounted): the unit's
survey pages under ``/satker/<slug>/survei/``."""

from django.urls import URLPattern, URLResolver, include, path

from .views import codes, overview, questionnaires, responses, setup

by_year = [
    path("triwulan/", overview.survey_periods, name="survey_periods"),
    path("triwulan/publikasi/", overview.survey_publish, name="survey_publish"),
    path("kode/", codes.survey_codes, name="survey_codes"),
    path("kode/cetak/", codes.survey_slips, name="survey_slips"),
    path("jawaban/", responses.survey_responses, name="survey_responses"),
]
urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.survey_overview, name="survey_overview"),
    path("<year:year>/", include(by_year)),
    path("layanan/", setup.survey_services, name="survey_services"),
    path("layanan/<id:service_id>/", setup.survey_service_edit, name="survey_service_edit"),
    path("loket/", setup.survey_desks, name="survey_desks"),
    path("loket/<id:desk_id>/", setup.survey_desk_edit, name="survey_desk_edit"),
    path("kuesioner/", questionnaires.survey_questionnaires, name="survey_questionnaires"),
    path(
        "kuesioner/versi/<id:questionnaire_id>/",
        questionnaires.survey_questionnaire_version,
        name="survey_questionnaire_version",
    ),
    path(
        "kuesioner/<slug:kind>/<slug:code>/",
        questionnaires.survey_element_edit,
        name="survey_element_edit",
    ),
    path(
        "jawaban/<id:response_id>/komentar/",
        responses.survey_comment_moderate,
        name="survey_comment_moderate",
    ),
]
