"""Export pages: request an export, watch its progress, list and download versions, verify."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from access import rules
from access.flags import Can, page_can
from access.loaders import unit_view
from access.models import Unit
from common.form_rendering import PortalFormMixin
from common.storage import download_response
from common.uploads import upload_refusals
from reports.lhe.selectors import lhe_years
from reports.surveys import selectors as survey_documents

from . import jobs, services, versions
from .forms import (
    DecreeReasonForm,
    ExportChoiceForm,
    ExportForm,
    PosterForm,
    SurveyReportChoiceForm,
)
from .loaders import job_for_user
from .models import ReportJob

YEAR_KINDS = (ReportJob.Kind.LHE, ReportJob.Kind.PACKAGE)  # a button per assessed year
# The survey documents have a row of their own (a triwulan; the posters: no choice).
OWN_ROW = (*YEAR_KINDS, *services.SURVEY_KINDS)


def _export_kinds(can: Can) -> list[tuple[str, str]]:
    """The export form's kinds: the province report only where it may be exported."""
    hidden = {*OWN_ROW} if can.export_province else {*OWN_ROW, ReportJob.Kind.PROVINCE_REPORT}
    return [c for c in ReportJob.Kind.choices if c[0] not in hidden]


def _survey_offer(unit: Unit, can: Can) -> dict[str, object]:
    """The survey documents' row, for who runs the unit's surveys: the report's years
    (none before a survey quarter is opened) and the posters (none without active desks)."""
    if not can.manage_surveys:
        return {}
    years = survey_documents.survey_years(unit)
    desks = survey_documents.poster_desks(unit)
    return {
        "survey_form": SurveyReportChoiceForm(years=years) if years else None,
        "poster_form": PosterForm() if desks else None,
        "poster_desks": desks,
    }


@unit_view("GET")
def job_list(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_see_documents(request.user, unit)
    can = page_can(request)
    jobs = ReportJob.objects.filter(unit=unit).select_related("requested_by")
    if not can.download_package:
        jobs = jobs.exclude(kind=ReportJob.Kind.PACKAGE)
    years = unit.plans.order_by("-year").values_list("year", flat=True)
    context = {
        "unit": unit,
        "jobs": versions.with_successor(jobs.order_by("-created_at"))[:100],
        "export_form": ExportChoiceForm(kinds=_export_kinds(can), years=years),
        "lhe_assessments": lhe_years(unit) if can.export or can.download_package else [],
        **_survey_offer(unit, can),
    }
    return render(request, "reports/jobs.html", context)


@unit_view("POST")
def job_create(request: HttpRequest, unit: Unit) -> HttpResponse:
    # Who may ask for some document; the service checks the kind (the Ketua: the package).
    user = request.user
    rules.ensure_can_request_documents(user, unit)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "Pilihan ekspor tidak lengkap: jenis, tahun dan (untuk laporan) bulan atau triwulan.",
        )
        return redirect("job_list", slug=unit.slug)
    try:
        job, created = services.job_request(user=request.user, unit=unit, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("job_list", slug=unit.slug)
    except services.DecreeChanged as change:
        confirm = DecreeReasonForm.refused(
            year=form.cleaned_data["year"],
            reason=form.cleaned_data["reason"],
            version=change.previous.version,
            error=change.error,
        )
        context = {"unit": unit, "form": confirm, "change": change}
        status = 422 if change.error else 200
        return render(request, "reports/jobs_confirm.html", context, status=status)
    notice = services.export_notice(job, created=created)
    if notice:
        messages.add_message(request, *notice)
    return redirect(job)


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_for_user(request.user, job_id)
    silence = jobs.job_silence(job)
    if request.htmx:
        return render(request, "reports/_job_status.html", {"job": job, "silence": silence})
    context = {
        "job": job,
        "silence": silence,
        "unit": job.unit,
        "successor": versions.job_successor(job),
        "changes_summary": versions.changes_summary(job.changes) if job.changes else "",
    }
    return render(request, "reports/job.html", context)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = job_for_user(request.user, job_id)
    if job.status != ReportJob.Status.SELESAI or not job.output:
        raise Http404("Dokumen belum selesai.")
    return download_response(job.output, filename=download_name(job), content_type=job.content_type)


def download_name(job: ReportJob) -> str:
    """``lhe-kpu-kalbar-2025-v2.pdf``, ``paket-kpu-kalbar-2025-v1.zip``,
    ``laporan_skm-kpu-kalbar-2025-tw2-v1.pdf``."""
    month = f"-{job.month:02d}" if job.month else f"-tw{job.quarter}" if job.quarter else ""
    return f"{job.kind}-{job.unit.slug}-{job.year}{month}-v{job.version}.{job.suffix}"


class VerifyForm(PortalFormMixin, forms.Form):
    compact = True
    hidden_labels = ("file",)  # the heading above says what to upload

    file = forms.FileField(
        label="Berkas PDF", widget=forms.FileInput({"accept": "application/pdf", "class": "w-auto"})
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: what was issued under this code, and whether an uploaded PDF is exactly it."""
    job = (
        ReportJob.objects.select_related("unit")
        .filter(code=code.upper(), status=ReportJob.Status.SELESAI)
        .exclude(kind=ReportJob.Kind.PACKAGE)  # a ZIP: its manifest lists its files' hashes
        .first()
    )
    if job is None:
        raise Http404("Kode verifikasi tidak dikenal.")
    successor = versions.job_successor(job)
    form = VerifyForm(request.POST if request.method == "POST" else None, request.FILES or None)
    result = None
    if request.method == "POST":
        # A file the caps skipped is missing: say why, beside "wajib diisi".
        form.is_valid()
        for message in upload_refusals(request):
            form.add_error("file", message)
        if not form.errors:
            data = b"".join(form.cleaned_data["file"].chunks())
            result = services.document_verify(job=job, data=data)
    status = 422 if form.errors or (result is not None and not result.valid) else 200
    return render(
        request,
        "reports/verify.html",
        {"job": job, "form": form, "result": result, "successor": successor},
        status=status,
    )
