from django.urls import path

from . import views

urlpatterns = [
    path("kunci/<int:year>/", views.month_locks, name="month_locks"),
    path("kunci/<int:year>/riwayat/", views.lock_history, name="lock_history"),
]
