from django.urls import path

from . import views

urlpatterns = [
    path("bukti/<year:year>/", views.evidence_list, name="evidence_list"),
    path(
        "bukti/<year:year>/<month:month>/aksi/<id:action_id>/",
        views.evidence_action,
        name="evidence_action",
    ),
    path("bukti/<id:evidence_id>/reviu/", views.evidence_review, name="evidence_review"),
    path("bukti/<id:evidence_id>/riwayat/", views.evidence_history, name="evidence_history"),
    path("bukti/berkas/<id:file_id>/", views.evidence_download, name="evidence_download"),
]
