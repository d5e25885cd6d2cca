"""Evidence pages: the action item's evidence for a month, upload, review, download, queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas.models import ActionItem, Unit
from targets.services import StaleVersionError
from targets.views import plan_for
from zi_portal import access
from zi_portal.history import history_rows
from zi_portal.months import month_name
from zi_portal.uploads import oversize_uploads

from . import services
from .forms import ReviewForm, UploadForm
from .models import Evidence, EvidenceFile, EvidenceVersion, Review


def evidence_for_user(user: object, unit: Unit, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("action__area__plan__unit")
        .filter(pk=evidence_id, action__area__plan__unit=unit)
        .first()
    )
    if evidence is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    return evidence


def file_for_user(user: object, unit: Unit, file_id: int) -> EvidenceFile:
    row = (
        EvidenceFile.objects.select_related("version__evidence__action__area__plan__unit")
        .filter(pk=file_id, version__evidence__action__area__plan__unit=unit)
        .first()
    )
    if row is None:
        raise Http404("Berkas tidak ditemukan.")
    return row


def _page_url(unit: Unit, year: int, month: int, action: ActionItem) -> str:
    return reverse("evidence_action", args=[unit.slug, year, month, action.pk])


@login_required
@require_http_methods(["GET", "POST"])
def evidence_action(
    request: HttpRequest, slug: str, year: int, month: int, action_id: int
) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    action = access.action_for_user(request.user, unit, action_id)
    if action.area.plan.year != year or not 1 <= month <= 12:
        raise Http404
    can_upload = access.can_enter(request.user, action.area)
    can_review = access.can_review(request.user, unit)
    upload_form = UploadForm()
    review_form = None
    status = 200
    if request.method == "POST":
        access.require(can_upload, "Hanya koordinator area ini yang dapat mengunggah bukti dukung.")
        upload_form = UploadForm(request.POST, request.FILES)
        refused = oversize_uploads(request)
        if refused:
            limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
            for name in refused:
                upload_form.add_error(
                    "files", f"{services.sanitize_name(name)}: melebihi batas ukuran {limit}."
                )
        if not refused and upload_form.is_valid():
            try:
                version = services.evidence_submit(
                    user=request.user,
                    action=action,
                    month=month,
                    files=upload_form.cleaned_data["files"],
                    note=upload_form.cleaned_data["note"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    upload_form.add_error("files" if field in {"files", "month"} else None, errors)
            else:
                messages.success(request, f"Bukti dukung versi {version.number} diunggah.")
                return redirect(_page_url(unit, year, month, action))
        status = 422

    evidence = (
        Evidence.objects.filter(action=action, month=month)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=EvidenceVersion.objects.select_related("uploaded_by").prefetch_related(
                    "files"
                ),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "version")),
        )
        .first()
    )
    if evidence is not None and can_review and evidence.current_version:
        review_form = ReviewForm(initial={"version_number": evidence.current_version})
    return render(
        request,
        "evidence/action.html",
        {
            "unit": unit,
            "year": year,
            "month": month,
            "month_name": month_name(month),
            "action": action,
            "evidence": evidence,
            "can_upload": can_upload,
            "upload_form": upload_form,
            "review_form": review_form,
        },
        status=status,
    )


@login_required
@require_POST
def evidence_review(request: HttpRequest, slug: str, evidence_id: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    evidence = evidence_for_user(request.user, unit, evidence_id)
    access.require(
        access.can_review(request.user, unit), "Hanya Tim Penilai Internal yang dapat mereviu."
    )
    action = evidence.action
    year = action.area.plan.year
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.evidence_review(
                user=request.user,
                evidence=evidence,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                version_number=form.cleaned_data["version_number"],
            )
        except StaleVersionError as error:
            messages.error(request, " ".join(error.messages))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Bukti dukung {review.get_decision_display().lower()}.")
    else:
        messages.error(request, "Pilih keputusan: Diterima atau Ditolak.")
    return redirect(_page_url(unit, year, evidence.month, action))


@login_required
@require_GET
def evidence_download(request: HttpRequest, slug: str, file_id: int) -> FileResponse:
    unit = access.unit_for_user(request.user, slug)
    row = file_for_user(request.user, unit, file_id)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas tidak ada di penyimpanan.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=row.original_name, content_type=row.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def evidence_list(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    plan = plan_for(unit, year)
    status = request.GET.get("status", "")
    rows = (
        Evidence.objects.filter(action__area__plan=plan)
        .select_related("action__area")
        .order_by("month", "action__area__order", "action__order")
    )
    if status in Evidence.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "evidence/list.html",
        {
            "unit": unit,
            "plan": plan,
            "year": year,
            "rows": rows,
            "status": status,
            "statuses": Evidence.Status.choices,
        },
    )


@login_required
@require_GET
def evidence_history(request: HttpRequest, slug: str, evidence_id: int) -> HttpResponse:
    unit = access.unit_for_user(request.user, slug)
    evidence = evidence_for_user(request.user, unit, evidence_id)
    action = evidence.action
    rows = history_rows(Evidence.history.filter(id=evidence.pk))
    rows += history_rows(Review.history.filter(evidence_id=evidence.pk))
    rows += history_rows(EvidenceVersion.history.filter(evidence_id=evidence.pk))
    rows.sort(key=lambda r: r.when, reverse=True)
    title = f"Riwayat bukti dukung {action.area.number}.{action.label} {month_name(evidence.month)} {action.area.plan.year}"
    return render(
        request,
        "history.html",
        {
            "unit": unit,
            "title": title,
            "rows": rows,
            "back": _page_url(unit, action.area.plan.year, evidence.month, action),
        },
    )
