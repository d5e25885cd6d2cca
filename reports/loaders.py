"""Loading an export job for a view: 404 for what the user may not see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from access import rules

from .models import ReportJob

if TYPE_CHECKING:
    from access.rules import User


def job_for_user(user: User, job_id: int) -> ReportJob:
    """A job of a unit whose documents the user may see (access.rules.can_see_documents)."""
    job = ReportJob.objects.select_related("unit", "requested_by").filter(pk=job_id).first()
    if job is None or not rules.can_see_documents(user, job.unit):
        raise Http404("Dokumen tidak ditemukan.")
    return job
