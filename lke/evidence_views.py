"""Evidence per LKE question: the question's page (the plan's evidence of its action items,
the files attached to it, the expected documents ticked by choosing a file), attaching and
ticking, downloading an attachment; and the plan ↔ LKE mapping page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from areas.loaders import plan_for
from areas.mapping import plan_mapping_save
from common.db import first_or_404
from common.forms import apply_errors
from common.uploads import upload_refusals
from evidence.views import stored_file_response
from lke.selectors.evidence import question_evidence
from lke.selectors.questions import question_area_code
from lke.selectors.skm import survey_evidence

from . import loaders
from .attachments import attach_state, document_match_set, question_evidence_submit
from .evidence_forms import AttachForm, DocumentForm, MappingForm
from .mapping import mapping_check
from .models import Assessment, Question, QuestionEvidenceFile
from .services import worksheet_current
from .views import area_url


def _question(assessment: Assessment, question_id: int) -> Question:
    rows = Question.objects.filter(worksheet_id=assessment.worksheet_id)
    return first_or_404(rows, "Pertanyaan tidak ditemukan pada LKE ini.", pk=question_id)


def page_url(unit: Unit, year: int, question: Question) -> str:
    return reverse("lke_question_evidence", args=[unit.slug, year, question.pk])


def _page(
    request: HttpRequest,
    unit: Unit,
    assessment: Assessment,
    question: Question,
    form: AttachForm | None = None,
) -> HttpResponse:
    """The question's evidence page; a refused upload keeps its messages (422)."""
    page = question_evidence(assessment, question)
    may_attach, closed = attach_state(request.user, assessment, page.question)
    context = {"unit": unit, "year": assessment.year, "assessment": assessment, "page": page}
    context |= {"may_attach": may_attach, "closed": closed}
    context["form"] = form or AttachForm(current=page.direct_files)
    context["max_upload"] = settings.MAX_UPLOAD_BYTES
    area = question_area_code(page.question)
    context["back"] = f"{area_url(unit, assessment.year, area)}#q-{page.question.pk}"
    context["documents"] = [(row, DocumentForm.of_row(row, page.files)) for row in page.documents]
    context["survey"] = survey_evidence(request.user, assessment, page.question)
    status = 422 if form is not None and form.errors else 200
    return render(request, "lke/evidence.html", context, status=status)


@unit_view("GET")
def question_evidence_page(
    request: HttpRequest, unit: Unit, year: int, question_id: int
) -> HttpResponse:
    assessment = loaders.assessment_or_404(request.user, unit, year)
    return _page(request, unit, assessment, _question(assessment, question_id))


@unit_view("POST")
def question_attach(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """Attach files to the question (a new version of its attachments)."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    question = _question(assessment, question_id)
    current = question_evidence(assessment, question).direct_files
    form = AttachForm(request.POST, request.FILES, current=current)
    for message in upload_refusals(request):
        form.add_error("files", message)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = question_evidence_submit(
                assessment=assessment, question=question, user=request.user,
                files=data["files"], note=data["note"], keep=data["keep"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Lampiran versi {version.number} disimpan.")
            return redirect(page_url(unit, year, question))
    return _page(request, unit, assessment, question, form)


@unit_view("POST")
def document_tick(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """Tick (or untick) one expected document by choosing one of the question's files."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    question = _question(assessment, question_id)
    form = DocumentForm(request.POST, files=question_evidence(assessment, question).files)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        document_match_set(
            assessment=assessment, question=question, user=request.user,
            document=form.cleaned_data["document"], file=form.chosen(),
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Daftar bukti dukung diperbarui.")
    return redirect(f"{page_url(unit, year, question)}#dokumen")


@unit_view("GET")
def attachment_download(request: HttpRequest, unit: Unit, year: int, file_id: int) -> FileResponse:
    """A file attached to a question: whoever may read the unit's LKE."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    rows = QuestionEvidenceFile.objects.filter(version__evidence__assessment=assessment)
    return stored_file_response(first_or_404(rows, "Berkas tidak ditemukan.", pk=file_id))


@unit_view("GET", "POST")
def mapping(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The plan's components and action items against the worksheet's sub-areas and
    questions; the Sekretariat edits the codes here."""
    assessment = loaders.assessment_for_user(request.user, unit, year)
    plan = plan_for(unit, year)
    form = MappingForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST":
        rules.ensure_can_manage(request.user, unit)
        try:
            if form.is_valid():
                changed = plan_mapping_save(
                    plan=plan, user=request.user,
                    components=form.component_codes(), actions=form.action_codes(),
                )  # fmt: skip
                messages.success(request, f"Pemetaan disimpan ({changed} baris berubah).")
                return redirect("lke_mapping", unit.slug, year)
        except ValidationError as error:
            apply_errors(form, error)
    worksheet = assessment.worksheet if assessment else worksheet_current()
    check = mapping_check(plan, worksheet) if worksheet else None
    context = {"unit": unit, "year": year, "check": check, "worksheet": worksheet}
    context |= {"form": form, "rows": form.rows(check.names if check else {})}
    context["editable"] = rules.can_manage(request.user, unit)
    return render(request, "lke/mapping.html", context, status=422 if form.errors else 200)
