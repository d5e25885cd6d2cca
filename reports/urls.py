from django.urls import path

from . import job_views

urlpatterns = [
    path("dokumen/", job_views.job_list, name="job_list"),
    path("dokumen/ekspor/", job_views.job_create, name="job_create"),
]
