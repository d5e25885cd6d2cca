"""Export pages: request an export, watch its progress, list and download versions, verify."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas.models import Unit
from zi_portal import access
from zi_portal.uploads import oversize_uploads

from . import services
from .models import ReportJob


def job_for_user(user: object, job_id: int) -> ReportJob:
    """Ketua, Sekretariat and admin of the job's unit (and the province Ketua) see its jobs."""
    job = ReportJob.objects.select_related("unit", "requested_by").filter(pk=job_id).first()
    if job is None or not access.can_read(user, job.unit):
        raise Http404("Dokumen tidak ditemukan.")
    if not (access.can_manage(user, job.unit) or _is_ketua_of(user, job.unit)):
        raise Http404("Dokumen tidak ditemukan.")
    return job


def _is_ketua_of(user: object, unit: Unit) -> bool:
    return access.has_role(user, unit, access.Role.KETUA) or (
        unit.parent is not None and access.has_role(user, unit.parent, access.Role.KETUA)
    )


class ExportForm(forms.Form):
    kind = forms.ChoiceField(choices=ReportJob.Kind.choices)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)


@login_required
@require_GET
def job_list(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    can_export = access.can_manage(request.user, unit)
    access.require(
        can_export or _is_ketua_of(request.user, unit),
        "Hanya Ketua, Sekretariat dan admin yang melihat dokumen.",
    )
    jobs = (
        ReportJob.objects.filter(unit=unit)
        .select_related("requested_by")
        .order_by("-created_at")[:100]
    )
    years = list(unit.plans.order_by("-year").values_list("year", flat=True))
    return render(
        request,
        "reports/jobs.html",
        {
            "unit": unit,
            "jobs": jobs,
            "can_export": can_export,
            "years": years,
            "kinds": ReportJob.Kind.choices,
            "months": [(m, services.month_name(m)) for m in range(1, 13)],
        },
    )


@login_required
@require_POST
def job_create(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    access.require(
        access.can_manage(request.user, unit),
        "Hanya Sekretariat dan admin yang dapat mengekspor dokumen.",
    )
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Pilihan ekspor tidak lengkap: jenis, tahun dan (untuk laporan) bulan."
        )
        return redirect("job_list", slug=unit.slug)
    try:
        job, created = services.job_request(
            user=request.user,
            kind=form.cleaned_data["kind"],
            unit=unit,
            year=form.cleaned_data["year"],
            month=form.cleaned_data["month"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("job_list", slug=unit.slug)
    if not created:
        messages.info(
            request, "Dokumen yang sama sedang dibuat; Anda diarahkan ke proses yang berjalan."
        )
    return redirect(job)


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_for_user(request.user, job_id)
    template = "reports/_job_status.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job, "unit": job.unit})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = job_for_user(request.user, job_id)
    if job.status != ReportJob.Status.SELESAI or not job.output:
        raise Http404("Dokumen belum selesai.")
    name = f"{job.kind}-{job.unit.slug}-{job.year}{f'-{job.month:02d}' if job.month else ''}-v{job.version}.pdf"
    response = FileResponse(
        job.output.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


class VerifyForm(forms.Form):
    file = forms.FileField(label="Berkas PDF")


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: what was issued under this code, and whether an uploaded PDF is exactly it."""
    job = (
        ReportJob.objects.select_related("unit")
        .filter(code=code.upper(), status=ReportJob.Status.SELESAI)
        .first()
    )
    if job is None:
        raise Http404("Kode verifikasi tidak dikenal.")
    form = VerifyForm()
    result = None
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if oversize_uploads(request):
            form.add_error("file", "Berkas melebihi batas ukuran unggahan.")
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            data = b"".join(upload.chunks())
            result = services.document_verify(job=job, data=data)
            status = 200 if result.valid else 422
        else:
            status = 422
    return render(
        request, "reports/verify.html", {"job": job, "form": form, "result": result}, status=status
    )
