from django.urls import path

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
    path("salin/tahun/", views.transfer_copy_year, name="transfer_copy_year"),
    path("salin/satker/", views.transfer_copy_units, name="transfer_copy_units"),
]
