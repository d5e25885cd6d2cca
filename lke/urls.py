from django.urls import include, path

from . import views

by_year = [
    path("", views.overview, name="lke_overview"),
    path("mulai/", views.start, name="lke_start"),
    path("area/<slug:part>/", views.area, name="lke_area"),
    path("jawaban/<id:question_id>/", views.answer_row, name="lke_answer"),
    path("jawaban/<id:question_id>/riwayat/", views.answer_history, name="lke_answer_history"),
    path("simulasi/", views.whatif, name="lke_whatif"),
]
urlpatterns = [path("<year:year>/", include(by_year))]
