from django.urls import path

from . import views

urlpatterns = [
    path("kunci/<year:year>/", views.month_locks, name="month_locks"),
    path("kunci/<year:year>/riwayat/", views.lock_history, name="lock_history"),
]
