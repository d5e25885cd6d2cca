"""Evidence pages: the action item's evidence for a month, upload, review, download, queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from areas.loaders import action_for_user, plan_for
from areas.models import ActionItem
from common.formatting import month_name, month_year
from common.forms import apply_errors
from common.history import history_response, history_rows
from common.storage import download_response
from common.uploads import upload_refusals
from periods.services import ensure_month_open

from . import services
from .filetypes import name_for_kind
from .forms import ReviewForm, UploadForm
from .loaders import evidence_for_user, file_for_user
from .models import Evidence, EvidenceVersion, Review, StoredFile
from .selectors import evidence_page, evidence_queue


def _page_url(unit_slug: str, year: int, month: int, action: ActionItem) -> str:
    return reverse("evidence_action", args=[unit_slug, year, month, action.pk])


@unit_view("GET", "POST")
def evidence_action(
    request: HttpRequest, unit: Unit, year: int, month: int, action_id: int
) -> HttpResponse:
    action = action_for_user(request.user, unit, action_id)
    if action.area.plan.year != year or not 1 <= month <= 12:
        raise Http404("Bulan atau tahun tidak sesuai dengan rencana aksi ini.")
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST":
        rules.ensure_can_enter(request.user, unit, action.area.code)
        if _upload(request, form, action, month):
            return redirect(_page_url(unit.slug, year, month, action))
    return _action_page(request, unit, action, month, form)


def _closed_reason(unit: Unit, year: int, month: int) -> str:
    """Why the month takes no upload now (not begun, locked), or ""."""
    try:
        ensure_month_open(unit, year, month)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _action_page(
    request: HttpRequest,
    unit: Unit,
    action: ActionItem,
    month: int,
    posted: UploadForm | ReviewForm | None = None,
) -> HttpResponse:
    """The evidence page of an action item and month; a ``posted`` form that was refused
    keeps its input and shows its message next to the field (422)."""
    year = action.area.plan.year
    evidence = evidence_page(action, month)
    may_enter = rules.can_enter(request.user, unit, action.area.code)
    closed = _closed_reason(unit, year, month) if may_enter else ""
    upload_form = posted if isinstance(posted, UploadForm) else UploadForm()
    review_form = posted if isinstance(posted, ReviewForm) else None
    reviewable = evidence is not None and evidence.current_version
    if review_form is None and reviewable and rules.can_review(request.user, unit):
        review_form = ReviewForm(initial={"version_number": evidence.current_version})
    context = {"unit": unit, "year": year, "month": month, "month_name": month_name(month)}
    context |= {"action": action, "evidence": evidence, "may_enter": may_enter}
    context |= {"can_upload": may_enter and not closed, "closed": closed}
    context |= {"upload_form": upload_form, "review_form": review_form}
    context["max_upload"] = settings.MAX_UPLOAD_BYTES
    status = 422 if posted is not None and posted.errors else 200
    return render(request, "evidence/action.html", context, status=status)


def _upload(request: HttpRequest, form: UploadForm, action: ActionItem, month: int) -> bool:
    """Store the upload as a new version; refusals stay next to the file field."""
    for message in upload_refusals(request):
        form.add_error("files", message)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        version = services.evidence_submit(
            user=request.user, action=action, month=month, files=data["files"], note=data["note"]
        )
    except ValidationError as error:
        apply_errors(form, error, fields=["files", "month"])
        return False
    messages.success(request, f"Bukti dukung versi {version.number} diunggah.")
    return True


@unit_view("POST")
def evidence_review(request: HttpRequest, unit: Unit, evidence_id: int) -> HttpResponse:
    evidence = evidence_for_user(unit, evidence_id)
    rules.ensure_can_review(request.user, unit)
    form = ReviewForm(request.POST)
    action = evidence.action
    if form.is_valid():
        try:
            review = services.evidence_review(
                user=request.user, evidence=evidence, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Bukti dukung {review.get_decision_display().lower()}.")
            return redirect(_page_url(unit.slug, action.area.plan.year, evidence.month, action))
    return _action_page(request, unit, action, evidence.month, form)


@unit_view("GET")
def evidence_download(request: HttpRequest, unit: Unit, file_id: int) -> FileResponse:
    return stored_file_response(file_for_user(unit, file_id))


def stored_file_response(row: StoredFile) -> FileResponse:
    """A stored file as a download (never shown inline), or 404 when storage lacks it."""
    # Rows stored before names followed the content may still say "laporan.html".
    name = name_for_kind(row.original_name, row.kind)
    return download_response(row.file, filename=name, content_type=row.content_type)


@unit_view("GET")
def evidence_list(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    plan = plan_for(unit, year)
    status = request.GET.get("status", "")
    context = {"unit": unit, "plan": plan, "year": year, "status": status}
    context |= {"rows": evidence_queue(plan, status), "statuses": Evidence.Status.choices}
    return render(request, "evidence/list.html", context)


@unit_view("GET")
def evidence_history(request: HttpRequest, unit: Unit, evidence_id: int) -> HttpResponse:
    evidence = evidence_for_user(unit, evidence_id)
    action, year = evidence.action, evidence.action.area.plan.year
    rows = history_rows(Evidence.history.filter(id=evidence.pk))
    rows += history_rows(Review.history.filter(evidence_id=evidence.pk))
    rows += history_rows(EvidenceVersion.history.filter(evidence_id=evidence.pk))
    rows.sort(key=lambda r: r.when, reverse=True)
    label = f"{action.area.number}.{action.label}"
    title = f"Riwayat bukti dukung {label} {month_year(evidence.month, year)}"
    back = _page_url(unit.slug, year, evidence.month, action)
    return history_response(request, unit=unit, title=title, rows=rows, back=back)
