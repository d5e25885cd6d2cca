"""Import, export and copy of plans, targets and progress (see reports/transfer_views.py)."""

from django.urls import path

from . import transfer_views

urlpatterns = [
    path("", transfer_views.transfer_home, name="transfer_home"),
    path(
        "ekspor/<slug:dataset>/<int:year>/<slug:fmt>/",
        transfer_views.transfer_export,
        name="transfer_export",
    ),
    path("impor/", transfer_views.transfer_upload, name="transfer_upload"),
    path("impor/<slug:token>/", transfer_views.transfer_preview, name="transfer_preview"),
    path("impor/<slug:token>/batal/", transfer_views.transfer_cancel, name="transfer_cancel"),
    path("salin/tahun/", transfer_views.transfer_copy_year, name="transfer_copy_year"),
    path("salin/satker/", transfer_views.transfer_copy_units, name="transfer_copy_units"),
]
