"""URLs of the surveys app (see surveys/urls.py for where each part is mounted)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
