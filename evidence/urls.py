from django.urls import include, path

from . import views

by_year = [
    path("", views.evidence_list, name="evidence_list"),
    path("<month:month>/aksi/<id:action_id>/", views.evidence_action, name="evidence_action"),
]
urlpatterns = [
    path("bukti/<year:year>/", include(by_year)),
    path("bukti/<id:evidence_id>/reviu/", views.evidence_review, name="evidence_review"),
    path("bukti/<id:evidence_id>/riwayat/", views.evidence_history, name="evidence_history"),
    path("bukti/berkas/<id:file_id>/", views.evidence_download, name="evidence_download"),
]
