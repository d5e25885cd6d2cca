from django.urls import include, path

from . import job_views, views

urlpatterns = [
    path("progres/", views.progress_month, name="progress_month"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<int:year>/area/<slug:code>/", views.area_detail, name="area_detail"),
    path(
        "dasbor/<int:year>/komponen/<int:component_id>/",
        views.component_detail,
        name="component_detail",
    ),
    path("provinsi/", views.province, name="province"),
    path("dokumen/", job_views.job_list, name="job_list"),
    path("dokumen/ekspor/", job_views.job_create, name="job_create"),
    path("data/", include("reports.transfer_urls")),
]
