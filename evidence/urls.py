from django.urls import path

from . import views

urlpatterns = [
    path("bukti/<int:year>/", views.evidence_list, name="evidence_list"),
    path(
        "bukti/<int:year>/<int:month>/aksi/<int:action_id>/",
        views.evidence_action,
        name="evidence_action",
    ),
    path("bukti/<int:evidence_id>/reviu/", views.evidence_review, name="evidence_review"),
    path("bukti/<int:evidence_id>/riwayat/", views.evidence_history, name="evidence_history"),
    path("bukti/berkas/<int:file_id>/", views.evidence_download, name="evidence_download"),
]
