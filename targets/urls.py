from django.urls import include, path

from . import views

COMPONENT, ACTION = {"kind": "komponen"}, {"kind": "aksi"}  # the row kinds of targets.rows
rows = [
    path("komponen/<id:object_id>/", views.row_save, COMPONENT, name="progress_save"),
    path("aksi/<id:object_id>/", views.row_save, ACTION, name="action_status_save"),
    path("komponen/<id:object_id>/riwayat/", views.row_history, COMPONENT, name="entry_history"),
    path("aksi/<id:object_id>/riwayat/", views.row_history, ACTION, name="action_history"),
]
urlpatterns = [
    path("", views.progress_month, name="progress_month"),
    path("<year:year>/<month:month>/", include(rows)),
]
