"""Rendering a job's document: HTML from the database (reports.selectors) → WeasyPrint."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import weasyprint
from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from access.models import Unit
from areas.models import WorkPlan
from common.formatting import month_name
from common.links import absolute_url
from dashboards import charts, selectors
from reports import selectors as documents
from reports.lhe import selectors as lhe
from reports.surveys import selectors as survey_documents

from . import versions
from .models import ReportJob

Progress = Callable[[int], None]


def pdf_from_html(html: str) -> bytes:
    if settings.REPORT_RENDER_DELAY_SECONDS > 0:  # tests only: a render long enough to kill
        time.sleep(settings.REPORT_RENDER_DELAY_SECONDS)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def verify_url(job: ReportJob) -> str:
    return absolute_url(reverse("verify", args=[job.code]))


def _verify_context(job: ReportJob) -> dict[str, object]:
    url = verify_url(job)
    return {"job": job, "verify_url": url, "qr_data_uri": documents.qr_data_uri(url)}


def render_decree(plan: WorkPlan, job: ReportJob, progress: Progress) -> bytes:
    html = documents.decree_html(plan, verify_url=verify_url(job), code_context={"job": job})
    progress(30)
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


def render_unit_report(plan: WorkPlan, month: int, job: ReportJob, progress: Progress) -> bytes:
    context = documents.unit_report_context(plan, month)
    progress(30)
    title = documents.report_heading(plan.unit, plan.year, month, province=False)
    html = documents.report_html(
        [context], title=title, overview=None, chart=None, verify=_verify_context(job)
    )
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


def render_province_report(
    unit: Unit, year: int, month: int, job: ReportJob, progress: Progress
) -> bytes:
    units = Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit)).order_by("order", "name")
    plans = list(
        WorkPlan.objects.filter(unit__in=units, year=year)
        .select_related("unit")
        .order_by("unit__order")
    )
    # The unit itself first, then the units below it (a province placed under KPU RI by
    # load_units has its place among the provinces as its order, not 0).
    plans.sort(key=lambda p: p.unit_id != unit.pk)
    overview = selectors.units_overview(units, year, as_of=month)
    overview.sort(key=lambda r: r.unit.pk != unit.pk)
    chart = charts.bar_chart_svg(
        [(r.unit.short_name, r.achievement) for r in overview],
        title=f"Capaian per satuan kerja s.d. {month_name(month)} {year}",
        width=720,  # drawn wide so that, fitted to the page, its labels print at ~8 pt
    )
    contexts = []
    for index, plan in enumerate(plans, start=1):
        contexts.append(documents.unit_report_context(plan, month))
        progress(5 + int(55 * index / max(len(plans), 1)))
    title = documents.report_heading(unit, year, month, province=True)
    html = documents.report_html(
        contexts, title=title, overview=overview, chart=chart, verify=_verify_context(job)
    )
    pdf = pdf_from_html(html)
    progress(80)
    return pdf


def render_lhe(job: ReportJob, progress: Progress) -> tuple[bytes, str, str, str]:
    """The LHE from the TPI's answers as they stand; "(DRAF)" in its number until the
    evaluation is completed. Signed for the Ketua TPI (the first TPI member)."""
    assessment = lhe.lhe_assessment(job.unit, job.year)
    if assessment is None:
        raise ValueError(f"{job.unit} belum memiliki penilaian LKE tahun {job.year}.")
    context = lhe.lhe_context(assessment)
    progress(30)
    pdf = pdf_from_html(lhe.lhe_html(context, verify=_verify_context(job)))
    progress(80)
    number = f"LHE Tahun {job.year}" + (" (DRAF)" if context["draft"] else "")
    signer = context["chair"] if context["members"] else ""
    return pdf, number, context["title"], signer


def render_survey_report(job: ReportJob, progress: Progress) -> tuple[bytes, str, str, str]:
    """The Laporan Hasil Survei of the job's quarter (or year), signed for the unit's Ketua."""
    context = survey_documents.survey_report_context(
        job.unit, job.year, job.quarter, requested_by=job.requested_by
    )
    progress(30)
    pdf = pdf_from_html(survey_documents.survey_report_html(context, verify=_verify_context(job)))
    progress(80)
    return pdf, context["number"], context["title"], context["signer"]


def render_survey_posters(job: ReportJob, progress: Progress) -> tuple[bytes, str, str, str]:
    """One A4 QR poster per active desk of the unit."""
    context = survey_documents.poster_context(job.unit)
    if not context["pages"]:
        raise ValueError("Belum ada loket layanan yang aktif.")
    progress(30)
    pdf = pdf_from_html(survey_documents.poster_html(context, verify=_verify_context(job)))
    progress(80)
    return pdf, context["number"], context["title"], ""


def job_fingerprint(job: ReportJob) -> tuple[dict[str, Any], str]:
    """What a job's document says, as the version check compares it: the decree's content
    snapshot and its fingerprint; the LHE's fingerprint alone (``lhe.lhe_fingerprint``);
    nothing for the monthly reports."""
    if job.kind == ReportJob.Kind.DECREE:
        return versions.decree_snapshot(job_plan(job))
    if job.kind == ReportJob.Kind.LHE:
        assessment = lhe.lhe_assessment(job.unit, job.year)
        return {}, lhe.lhe_fingerprint(assessment) if assessment else ""
    if job.kind == ReportJob.Kind.SURVEY_REPORT:
        context = survey_documents.survey_report_context(
            job.unit, job.year, job.quarter, requested_by=job.requested_by
        )
        return {}, survey_documents.survey_report_fingerprint(context)
    if job.kind == ReportJob.Kind.SURVEY_POSTER:
        context = survey_documents.poster_context(job.unit)
        return {}, survey_documents.poster_fingerprint(context)
    return {}, ""


def job_plan(job: ReportJob) -> WorkPlan:
    return WorkPlan.objects.select_related("unit").get(unit=job.unit, year=job.year)


def render(job: ReportJob, progress: Progress) -> tuple[bytes, str, str, str]:
    """The PDF of a job's document and what it is issued as: number, title, signer."""
    if job.kind == ReportJob.Kind.LHE:
        return render_lhe(job, progress)
    if job.kind == ReportJob.Kind.SURVEY_REPORT:
        return render_survey_report(job, progress)
    if job.kind == ReportJob.Kind.SURVEY_POSTER:
        return render_survey_posters(job, progress)
    plan = job_plan(job)
    if job.kind == ReportJob.Kind.DECREE:
        pdf = render_decree(plan, job, progress)
        return (
            pdf,
            f"Nomor {plan.number} Tahun {plan.year}",
            f"Keputusan {plan.issuer.title()} tentang {plan.title.title()}",
            plan.signer_name,
        )
    if job.month is None:
        raise ValueError("Laporan bulanan memerlukan bulan.")
    period = f"{month_name(job.month)} {job.year}"
    if job.kind == ReportJob.Kind.UNIT_REPORT:
        pdf = render_unit_report(plan, job.month, job, progress)
        return (
            pdf,
            f"Laporan {period}",
            documents.report_title(job.unit, job.year, job.month, province=False),
            plan.signer_name,
        )
    pdf = render_province_report(job.unit, job.year, job.month, job, progress)
    return (
        pdf,
        f"Laporan {period}",
        documents.report_title(job.unit, job.year, job.month, province=True),
        plan.signer_name,
    )
