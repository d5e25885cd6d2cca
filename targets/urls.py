from django.urls import path

from . import views

urlpatterns = [
    path("", views.progress_month, name="progress_month"),
    path(
        "<year:year>/<month:month>/komponen/<id:object_id>/",
        views.row_save,
        {"kind": "komponen"},
        name="progress_save",
    ),
    path(
        "<year:year>/<month:month>/aksi/<id:object_id>/",
        views.row_save,
        {"kind": "aksi"},
        name="action_status_save",
    ),
    path(
        "<year:year>/<month:month>/komponen/<id:component_id>/riwayat/",
        views.entry_history,
        name="entry_history",
    ),
    path(
        "<year:year>/<month:month>/aksi/<id:action_id>/riwayat/",
        views.action_history,
        name="action_history",
    ),
]
