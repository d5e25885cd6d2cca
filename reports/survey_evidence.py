"""The issued survey reports the LKE's evidence page offers for its SKM questions.

``lke`` sits before ``reports`` and may not import it, so this provider is registered with
``lke.survey_documents`` when the app is ready (``ReportsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from access import rules
from access.models import Unit
from lke.survey_documents import SurveyDocument

from .models import ReportJob


def _title(job: ReportJob) -> str:
    when = f"triwulan {job.quarter} {job.year}" if job.quarter else f"tahun {job.year}"
    return f"{job.get_kind_display()} {when} (versi {job.version})"


def issued_survey_reports(*, user: Any, unit: Unit, year: int) -> list[SurveyDocument]:
    """The latest issued version of each of the unit's survey reports of the year (one per
    quarter), for a user who may see the unit's documents; none for anyone else. One query."""
    if not rules.can_see_documents(user, unit):
        return []
    jobs = ReportJob.objects.filter(
        kind=ReportJob.Kind.SURVEY_REPORT,
        unit=unit,
        year=year,
        status=ReportJob.Status.SELESAI,
        version__isnull=False,
    ).order_by("quarter", "-version")
    latest: dict[int | None, ReportJob] = {}
    for job in jobs:
        latest.setdefault(job.quarter, job)
    return [
        SurveyDocument(_title(job), reverse("job_download", args=[job.pk]), job.finished_at)
        for job in latest.values()
    ]
