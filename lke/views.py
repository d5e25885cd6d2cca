"""The LKE pages of a unit and year: the overview (progress, scores, verdicts, the cheapest
path), each area's worksheet with its answers saved in place (htmx), an answer's history
and the what-if sandbox (nothing saved)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from common.db import StaleVersionError
from common.forms import apply_errors, flash_outcome
from common.history import history_response, history_rows
from lke.selectors import pages, sheet

from . import loaders
from .forms import AnswerForm, WhatIfForm, answer_initial
from .models import Answer, Assessment, Question, Side
from .selectors import assessment_result
from .services import answer_save, assessment_start, worksheet_current

SAVED = "Jawaban tersimpan."
ANSWER_FIELDS = ["answer", "text", "choice", "number"]  # the service's names for the answer


def area_url(unit: Unit, year: int, code: str) -> str:
    return reverse("lke_area", args=[unit.slug, year, code or pages.HASIL])


@unit_view("GET")
def overview(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """The unit's LKE: progress, scores, verdicts, the cheapest path; or the start button."""
    assessment = loaders.assessment_for_user(request.user, unit, year)
    context = {"unit": unit, "year": year, "assessment": assessment}
    if assessment is None:
        context |= {"worksheet": worksheet_current()}
        return render(request, "lke/start.html", context)
    wmap = pages.worksheet_map(assessment.worksheet)
    context["s"] = pages.summary(assessment_result(assessment, Side.UNIT), wmap)
    return render(request, "lke/overview.html", context)


@unit_view("POST")
def start(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """Start the unit's assessment of the year on the current worksheet version."""
    loaders.assessment_for_user(request.user, unit, year)
    rules.ensure_can_start_lke(request.user, unit)
    try:
        assessment_start(unit=unit, year=year, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("lke_overview", unit.slug, year)


@unit_view("GET")
def area(request: HttpRequest, unit: Unit, year: int, part: str) -> HttpResponse:
    """The questions of one plan area (its Pemenuhan and Reform parts) or of Hasil."""
    context = area_context(request, unit, year, part, side=Side.UNIT, parts_of=sheet.area_parts)
    return render(request, "lke/area.html", context)


def area_context(
    request: HttpRequest,
    unit: Unit,
    year: int,
    part: str,
    *,
    side: str,
    parts_of: Callable[..., list[sheet.Part[Any]]],
) -> dict[str, Any]:
    """What an area page shows of one side (the unit's, the TPI's: lke/evaluation_views.py):
    the side's summary and scores, and the questions as ``parts_of`` draws their rows."""
    code = loaders.area_code_of(part)
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    result = assessment_result(assessment, side)
    questions = wmap.questions_of(code)
    aids = sheet.question_aids(assessment, result, questions) if side == Side.UNIT else {}
    parts = parts_of(
        user=request.user, assessment=assessment, wmap=wmap, code=code, scores=result.scores,
        aids=aids,
    )  # fmt: skip
    context = {"unit": unit, "year": year, "assessment": assessment, "parts": parts}
    context |= {"s": pages.summary(result, wmap, steps=False, code=code)}
    return context | {"title": pages.area_title(code)}


@unit_view("POST")
def answer_row(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """Save the unit's answer to one question; the row comes back in place, with the
    message next to the field, or the other person's answer when they saved first."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    question = loaders.question_for_user(request.user, assessment, wmap, question_id, write=True)
    form = AnswerForm(request.POST, prefix=f"q{question.pk}", question=question)
    status, stale = _submit(form, request, assessment, question)
    answer = sheet.stored_answers(assessment, [question]).get(question.pk)
    if status != 422:
        form = _stored_form(form, question, answer, stale)
    code = wmap.area_of[question.pk]
    if not request.htmx:
        flash_outcome(request, form, saved=status == 200, done=SAVED)
        return redirect(f"{area_url(unit, year, code)}#q-{question.pk}")
    result = assessment_result(assessment, Side.UNIT)
    context = {"unit": unit, "year": year, "saved": status == 200}
    # a corrected question the TPI sent back closes again: the card comes back read-only
    editable = status != 200 or sheet.may_answer_question(request.user, assessment, question, code)
    aid = sheet.question_aids(assessment, result, [question]).get(question.pk)
    context |= {"row": sheet.row_of(question, answer, editable=editable, form=form, aid=aid)}
    context |= {"s": pages.summary(result, wmap, steps=False, code=code)}
    context |= {"figures": sheet.saved_figures(result.scores, wmap, question)}
    return render(request, "lke/_answer_saved.html", context, status=status)


def _submit(
    form: AnswerForm,
    request: HttpRequest,
    assessment: Assessment,
    question: Question,
    side: str = Side.UNIT,
) -> tuple[int, StaleVersionError | None]:
    """200 saved; 422 refused (messages on the form); 409 saved by someone else first (the
    TPI's rows, lke/evaluation_views.py, save through here with ``side`` "tpi")."""
    if not form.is_valid():
        return 422, None
    data = form.cleaned_data
    try:
        answer_save(
            assessment=assessment,
            question=question,
            side=side,
            version=data["version"],
            user=request.user,
            text=data["answer"],
            note=data["note"],
            evidence_note=data["evidence_note"],
        )
    except StaleVersionError as error:
        return 409, error
    except ValidationError as error:
        # the service's own messages about the answer go next to it, the rest above the row
        apply_errors(form, error, fields=ANSWER_FIELDS if hasattr(error, "error_dict") else None)
        return 422, None
    return 200, None


def _stored_form(
    posted: AnswerForm, question: Question, answer: Answer | None, stale: StaleVersionError | None
) -> AnswerForm:
    """The row's form as stored now; after a conflict it says whose answer it shows and that
    the user's own was not saved."""
    data = {f"{posted.prefix}-{name}": v for name, v in answer_initial(answer).items()}
    form = AnswerForm(data, prefix=posted.prefix, question=question)
    form.is_valid()
    if stale is not None:
        mine = pages.choice_words(question, posted.cleaned_data.get("answer", ""))
        form.add_error(None, [*stale.messages, f"Jawaban Anda ({mine}) tidak disimpan."])
    return form


@unit_view("GET")
def answer_history(request: HttpRequest, unit: Unit, year: int, question_id: int) -> HttpResponse:
    """The audit history of the unit's answer to one question."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    question = loaders.question_for_user(request.user, assessment, wmap, question_id, write=False)
    records = Answer.history.filter(
        assessment_id=assessment.pk, question_id=question.pk, side=Side.UNIT
    )
    title = f"Riwayat jawaban LKE: {question.code or question.text[:60]}"
    back = f"{area_url(unit, year, wmap.area_of[question.pk])}#q-{question.pk}"
    return history_response(request, unit=unit, title=title, rows=history_rows(records), back=back)


@unit_view("GET", "POST")
def whatif(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """Change answers and see the scores and the predicate move; nothing is saved."""
    assessment = loaders.assessment_or_404(request.user, unit, year)
    wmap = pages.worksheet_map(assessment.worksheet)
    now = assessment_result(assessment, Side.UNIT)
    data = request.POST if request.method == "POST" else None
    form = WhatIfForm(data, questions=wmap.questions, current=now.answers)
    overrides = form.overrides() if form.is_valid() else {}
    then = assessment_result(assessment, Side.UNIT, overrides=overrides) if overrides else now
    context = {"unit": unit, "year": year, "assessment": assessment, "changed": len(overrides)}
    context |= {"now": pages.summary(now, wmap, steps=False), "then": pages.summary(then, wmap)}
    context |= {"form": form, "sections": pages.whatif_sections(form, wmap)}
    context |= {"changes": pages.score_changes(now.scores, then.scores)}
    template = "lke/_whatif_result.html" if request.htmx else "lke/whatif.html"
    return render(request, template, context)
