"""URLs of the surveys app (see surveys/urls.py for where each part is mounted): the public
answering pages, /survei/… (no login). Fixed words first: a desk token is ten letters and
digits of ``surveys.models.CODE_ALPHABET`` (upper case), never one of them."""

from django.urls import URLPattern, URLResolver, path

from . import public_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("kode/", views.survey_code_entry, name="survey_code_entry"),
    path("kode/<str:code>/", views.survey_code, name="survey_code"),
    path("terima-kasih/", views.survey_thanks, name="survey_thanks"),
    path("<str:token>/", views.survey_desk, name="survey_desk"),
    path("<str:token>/<str:kind>/", views.survey_desk_kind, name="survey_desk_kind"),
]
