from django.urls import path

from . import views

urlpatterns = [
    path(
        "<int:year>/<int:month>/komponen/<int:component_id>/",
        views.progress_save,
        name="progress_save",
    ),
    path(
        "<int:year>/<int:month>/aksi/<int:action_id>/",
        views.action_status_save,
        name="action_status_save",
    ),
    path(
        "<int:year>/<int:month>/komponen/<int:component_id>/riwayat/",
        views.entry_history,
        name="entry_history",
    ),
    path(
        "<int:year>/<int:month>/aksi/<int:action_id>/riwayat/",
        views.action_history,
        name="action_history",
    ),
    path("kunci/<int:year>/", views.month_locks, name="month_locks"),
    path("kunci/<int:year>/riwayat/", views.lock_history, name="lock_history"),
]
