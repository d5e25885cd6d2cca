from django.urls import path

from transfer.lke import views as lke_views
from transfer.surveys import views as survey_views

from . import views

urlpatterns = [
    path("", views.transfer_home, name="transfer_home"),
    path(
        "ekspor/<slug:dataset>/<year:year>/<slug:fmt>/",
        views.transfer_export,
        name="transfer_export",
    ),
    path("impor/", views.transfer_upload, name="transfer_upload"),
    path("impor/<slug:token>/", views.transfer_preview, name="transfer_preview"),
    path("impor/<slug:token>/batal/", views.transfer_cancel, name="transfer_cancel"),
    path("lke/", lke_views.lke_home, name="transfer_lke"),
    path("lke/ekspor/<year:year>/", lke_views.lke_export, name="transfer_lke_export"),
    path("lke/impor/", lke_views.lke_upload, name="transfer_lke_upload"),
    path("lke/impor/<slug:token>/", lke_views.lke_preview, name="transfer_lke_preview"),
    path("lke/impor/<slug:token>/batal/", lke_views.lke_cancel, name="transfer_lke_cancel"),
    path("survei/", survey_views.survey_import, name="survey_import"),
    path(
        "survei/templat/<slug:dataset>/",
        survey_views.survey_import_template,
        name="survey_import_template",
    ),
    path("survei/impor/", survey_views.survey_import_upload, name="survey_import_upload"),
    path(
        "survei/impor/<slug:token>/",
        survey_views.survey_import_preview,
        name="survey_import_preview",
    ),
    path(
        "survei/impor/<slug:token>/batal/",
        survey_views.survey_import_cancel,
        name="survey_import_cancel",
    ),
    path("salin/tahun/", views.transfer_copy_year, name="transfer_copy_year"),
    path("salin/satker/", views.transfer_copy_units, name="transfer_copy_units"),
]
