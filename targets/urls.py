from django.urls import path

from . import views

urlpatterns = [
    path("", views.progress_month, name="progress_month"),
    path(
        "<int:year>/<int:month>/komponen/<int:object_id>/",
        views.row_save,
        {"kind": "komponen"},
        name="progress_save",
    ),
    path(
        "<int:year>/<int:month>/aksi/<int:object_id>/",
        views.row_save,
        {"kind": "aksi"},
        name="action_status_save",
    ),
    path(
        "<int:year>/<int:month>/komponen/<int:component_id>/riwayat/",
        views.entry_history,
        name="entry_history",
    ),
    path(
        "<int:year>/<int:month>/aksi/<int:action_id>/riwayat/",
        views.action_history,
        name="action_history",
    ),
]
