from django.urls import path

from . import views

urlpatterns = [
    path("progres/", views.progress_month, name="progress_month"),
]
