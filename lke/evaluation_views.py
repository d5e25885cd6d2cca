"""The evaluation's pages: the Ketua submits the self-assessment and reopens it with a
reason; the TPI answers its side of each area beside the unit's answers (saved in place),
sends a question back to the unit and completes the evaluation; the difference between
the two sides (lke/comparison.py). The steps are lke.evaluation's services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from common.forms import apply_errors, flash_outcome
from lke.selectors import evaluation_sheet, pages, sheet

from . import evaluation, loaders, views
from .comparison import assessment_comparison
from .evaluation_forms import ReasonForm, SendBackForm
from .forms import AnswerForm
from .models import Assessment, Question, Side
from .selectors import assessment_result


def tpi_area_url(unit: Unit, year: int, code: str) -> str:
    return reverse("lke_tpi_area", args=[unit.slug, year, code or pages.HASIL])


def _step(request: HttpRequest, form: forms.Form, act: Callable[..., object]) -> bool:
    """Run a state step on POST with a valid form (its fields are the service's keyword
    arguments); the service's refusal goes next to its cause (the field, or above)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        act(**form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


def _confirm(
    request: HttpRequest,
    unit: Unit,
    year: int,
    assessment: Assessment,
    form: forms.Form,
    *,
    template: str,
    side: str = Side.UNIT,
) -> HttpResponse:
    """The step's confirmation page with the side's answered count and scores (422 with the
    refusal when a POST failed)."""
    wmap = pages.worksheet_map(assessment.worksheet)
    s = pages.summary(assessment_result(assessment, side), wmap, steps=False)
    context = {"unit": unit, "year": year, "assessment": assessment, "form": form, "s": s}
    context |= {"waiting": len(sheet.open_corrections(assessment))}
    status = 422 if request.method == "POST" else 200
    return render(request, f"lke/evaluation/{template}.html", context, status=status)


@dataclass(frozen=True)
class StateStep:
    """One step of the evaluation's state, confirmed on its own page."""

    ensure_allowed: Callable[..., None]  # access.rules.ensure_can_*, (user, unit)
    form: type[forms.Form]  # its fields are the service's keyword arguments
    service: Callable[..., object]  # lke.evaluation, (assessment=, user=, **fields)
    done: str
    then: str  # URL name of the page after the step
    template: str
    side: str = Side.UNIT


SUBMIT = StateStep(
    rules.ensure_can_submit_lke,
    forms.Form,
    evaluation.assessment_submit,
    "Penilaian mandiri diajukan ke TPI; jawaban unit kini terkunci.",
    "lke_overview",
    "submit",
)
REOPEN = StateStep(
    rules.ensure_can_submit_lke,
    ReasonForm,
    evaluation.assessment_reopen,
    "Penilaian mandiri dibuka kembali; unit dapat mengubah jawaban.",
    "lke_overview",
    "reopen",
)
COMPLETE = StateStep(
    rules.ensure_can_evaluate_lke,
    forms.Form,
    evaluation.evaluation_complete,
    "Evaluasi TPI selesai; nilai TPI menjadi nilai resmi tahun ini.",
    "lke_comparison",
    "complete",
    side=Side.TPI,
)


def _state_step(request: HttpRequest, unit: Unit, year: int, step: StateStep) -> HttpResponse:
    """The step's confirmation page; on a confirmed POST the service, then the next page."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    step.ensure_allowed(request.user, unit)
    form = step.form(request.POST if request.method == "POST" else None)
    act = partial(step.service, assessment=assessment, user=request.user)
    if _step(request, form, act):
        messages.success(request, step.done)
        return redirect(step.then, unit.slug, year)
    return _confirm(request, unit, year, assessment, form, template=step.template, side=step.side)


@unit_view("GET", "POST")
def submit(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The Ketua submits the self-assessment to the TPI (after a confirmation)."""
    return _state_step(request, unit, year, SUBMIT)


@unit_view("GET", "POST")
def reopen(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The Ketua takes the self-assessment back from the TPI, with a reason."""
    return _state_step(request, unit, year, REOPEN)


@unit_view("GET", "POST")
def complete(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The TPI completes the evaluation: its scores become the unit's official scores."""
    return _state_step(request, unit, year, COMPLETE)


@unit_view("GET")
def tpi_area(request: HttpRequest, unit: Unit, year: int, part: str) -> HttpResponse:
    """The TPI's worksheet of one plan area (or Hasil): both sides of every question."""
    parts_of = evaluation_sheet.tpi_parts
    context = views.area_context(request, unit, year, part, side=Side.TPI, parts_of=parts_of)
    context["powers"] = evaluation_sheet.powers(request.user, context["assessment"])
    return render(request, "lke/evaluation/area.html", context)


def _tpi_question(
    request: HttpRequest, unit: Unit, year: int, question_id: int
) -> tuple[Assessment, str, Question]:
    """The assessment, the question's plan area and the question, for the unit's TPI."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    question = loaders.question_for_user(request.user, assessment, wmap, question_id, write=False)
    rules.ensure_can_evaluate_lke(request.user, unit)
    return assessment, wmap.area_of[question.pk], question


def _row(
    request: HttpRequest,
    unit: Unit,
    year: int,
    row: evaluation_sheet.TpiRow,
    *,
    status: int,
    done: str,
    figures: dict[str, object] | None = None,
) -> HttpResponse:
    """The question's card in place; with ``figures``, the TPI's summary and the scores
    above the question drawn again out of band."""
    context = {"unit": unit, "year": year, "row": row, "done": done if status == 200 else ""}
    template = "lke/evaluation/_answer_saved.html" if figures else "lke/evaluation/_row.html"
    return render(request, template, context | (figures or {}), status=status)


def _tpi_figures(assessment: Assessment, question: Question, code: str) -> dict[str, object]:
    """The TPI's result after a save: the area page's summary and the question's scores."""
    wmap = pages.worksheet_map(assessment.worksheet)
    result = assessment_result(assessment, Side.TPI)
    summary = pages.summary(result, wmap, steps=False, code=code)
    return {"s": summary, "figures": sheet.saved_figures(result.scores, wmap, question)}


@unit_view("POST")
def tpi_answer(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """Save the TPI's answer and note to one question; the row comes back in place."""
    assessment, code, question = _tpi_question(request, unit, year, question_id)
    form = AnswerForm(request.POST, prefix=f"t{question.pk}", question=question, tpi=True)
    status, stale = views._submit(form, request, assessment, question, Side.TPI)
    answer = evaluation_sheet.tpi_answers(assessment, [question]).get(question.pk)
    if status != 422:
        form = views._stored_form(form, question, answer, stale)
    if not request.htmx:
        flash_outcome(request, form, saved=status == 200, done=views.SAVED)
        return redirect(f"{tpi_area_url(unit, year, code)}#q-{question.pk}")
    row = evaluation_sheet.single_row(request.user, assessment, question, form=form)
    figures = _tpi_figures(assessment, question, code)
    return _row(request, unit, year, row, status=status, done="Tersimpan.", figures=figures)


@unit_view("POST")
def send_back(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """Send one question back to the unit with a note (the question reopens for the unit)."""
    assessment, code, question = _tpi_question(request, unit, year, question_id)
    form = SendBackForm(request.POST, prefix=f"b{question.pk}")
    act = partial(
        evaluation.question_send_back, assessment=assessment, question=question, user=request.user
    )
    sent = _step(request, form, act)
    if not request.htmx:
        flash_outcome(request, form, saved=sent, done="Dikembalikan ke unit.")
        return redirect(f"{tpi_area_url(unit, year, code)}#q-{question.pk}")
    back = None if sent else form
    row = evaluation_sheet.single_row(request.user, assessment, question, back_form=back)
    return _row(request, unit, year, row, status=200 if sent else 422, done="Dikembalikan ke unit.")


@unit_view("GET")
def comparison(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The self-assessment against the TPI's evaluation; where the unit over-rated itself."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    report = assessment_comparison(assessment, wmap)
    context = {"unit": unit, "year": year, "assessment": assessment, "c": report}
    return render(request, "lke/evaluation/comparison.html", context)
