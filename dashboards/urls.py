from django.urls import include, path

from . import views

by_year = [
    path("area/<slug:code>/", views.area_detail, name="area_detail"),
    path("komponen/<id:component_id>/", views.component_detail, name="component_detail"),
]
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<year:year>/", include(by_year)),
    path("provinsi/", views.province, name="province"),
]
