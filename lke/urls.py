from django.urls import include, path

from . import evaluation_views as ev
from . import evidence_views, views

question = [
    path("", evidence_views.question_evidence_page, name="lke_question_evidence"),
    path("lampiran/", evidence_views.question_attach, name="lke_question_attach"),
    path("dokumen/", evidence_views.document_tick, name="lke_document_tick"),
]
by_year = [
    path("", views.overview, name="lke_overview"),
    path("mulai/", views.start, name="lke_start"),
    path("area/<slug:part>/", views.area, name="lke_area"),
    path("jawaban/<id:question_id>/", views.answer_row, name="lke_answer"),
    path("jawaban/<id:question_id>/riwayat/", views.answer_history, name="lke_answer_history"),
    path("simulasi/", views.whatif, name="lke_whatif"),
    path("ajukan/", ev.submit, name="lke_submit"),
    path("buka-kembali/", ev.reopen, name="lke_reopen"),
    path("tpi/area/<slug:part>/", ev.tpi_area, name="lke_tpi_area"),
    path("tpi/jawaban/<id:question_id>/", ev.tpi_answer, name="lke_tpi_answer"),
    path("tpi/jawaban/<id:question_id>/kembalikan/", ev.send_back, name="lke_send_back"),
    path("tpi/selesai/", ev.complete, name="lke_complete"),
    path("perbandingan/", ev.comparison, name="lke_comparison"),
    path("pertanyaan/<id:question_id>/bukti/", include(question)),
    path("lampiran/<id:file_id>/", evidence_views.attachment_download, name="lke_attachment"),
    path("pemetaan/", evidence_views.mapping, name="lke_mapping"),
]
urlpatterns = [path("<year:year>/", include(by_year))]
