"""Loading an export job for a view: 404 for what the user may not see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from access import rules

from .models import ReportJob

if TYPE_CHECKING:
    from access.rules import User


def job_readable(user: User, job: ReportJob) -> bool:
    """A unit's documents: whoever sees them (access.rules.can_see_documents); its
    submission package: only who may download it (access.rules.can_download_package)."""
    if job.kind == ReportJob.Kind.PACKAGE:
        return rules.can_download_package(user, job.unit)
    return rules.can_see_documents(user, job.unit)


def job_for_user(user: User, job_id: int) -> ReportJob:
    """A job the user may read (:func:`job_readable`); 404 for any other."""
    job = ReportJob.objects.select_related("unit", "requested_by").filter(pk=job_id).first()
    if job is None or not job_readable(user, job):
        raise Http404("Dokumen tidak ditemukan.")
    return job
