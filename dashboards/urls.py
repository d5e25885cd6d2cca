from django.urls import path

from . import views

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<year:year>/area/<slug:code>/", views.area_detail, name="area_detail"),
    path(
        "dasbor/<year:year>/komponen/<id:component_id>/",
        views.component_detail,
        name="component_detail",
    ),
    path("provinsi/", views.province, name="province"),
]
