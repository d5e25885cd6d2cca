"""URLs of the surveys app (see surveys/urls.py for where each part is mounted): the
follow-ups (tindak lanjut) of a unit's survey results."""

from django.urls import URLPattern, URLResolver, path

from . import follow_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("tindak-lanjut/", follow_views.follow_up_list, name="survey_follow_ups"),
    path(
        "tindak-lanjut/<year:year>/<quarter:quarter>/<slug:kind>/baru/",
        follow_views.follow_up_new,
        name="survey_follow_up_new",
    ),
    path(
        "tindak-lanjut/<id:follow_up_id>/ubah/",
        follow_views.follow_up_edit,
        name="survey_follow_up_edit",
    ),
    path(
        "tindak-lanjut/<id:follow_up_id>/status/",
        follow_views.follow_up_status,
        name="survey_follow_up_status",
    ),
]
