"""Import, export and copy of plans, targets and progress (see reports/transfer_views.py)."""

from django.urls import path

from . import transfer_views

urlpatterns = [
    path("", transfer_views.transfer_home, name="transfer_home"),
]
