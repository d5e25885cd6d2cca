"""The public answering pages: a respondent on a phone, no login (mounted at /survei/).

A desk's QR link (``survey_desk``) → the choice of its surveys when it offers several →
the code form when it is not an open link (``survey_desk_kind``), or straight to the
questionnaire; a code slip links to its questionnaire directly (``survey_code``) → the
thank-you page. Every answer is stored by ``surveys.responses.response_submit``; every
refusal is shown in Indonesian next to its cause, with the answers given kept.

The open link counts answers per client address and hour (``surveys.throttle``); a code
answers once and is not counted. The honeypot (``AnswerForm.is_trap``) is answered as a
success and stores nothing. The pages are standalone (templates/surveys/public/): no portal
navigation, no script, nothing of the unit's own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from access.models import Unit
from common.client_ip import client_ip
from common.dates import today

from .choices import Channel, SurveyKind
from .loaders import desk_for_link
from .models import Desk, Questionnaire
from .public_forms import AnswerForm, CodeForm
from .responses import code_check, desk_check, period_for, response_submit
from .selectors import AnswerSheet, answer_sheet
from .throttle import link_answer_admit

NOT_READY = "Kuesioner survei ini belum tersedia. Silakan sampaikan kepada petugas layanan."


class SeeOther(HttpResponseRedirect):
    """After a POST, the page to GET (303)."""

    status_code = 303


@dataclass(frozen=True)
class Answering:
    """Whose questionnaire a page shows and how its answer arrives."""

    unit: Unit
    kind: str
    sheet: AnswerSheet
    channel: str
    code: str = ""
    desk: Desk | None = None
    service: int | None = None


@require_GET
def survey_desk(request: HttpRequest, token: str) -> HttpResponse:
    """A desk's QR link: its one survey, or the choice of its surveys."""
    desk = desk_for_link(token)
    try:
        desk_check(desk=desk)
    except ValidationError as error:
        return _closed(request, desk.unit, error.messages)
    kinds = [kind for kind in desk.kinds if kind in SurveyKind.values]
    if len(kinds) == 1:
        return redirect("survey_desk_kind", token=desk.token, kind=kinds[0])
    surveys = [(kind, SurveyKind(kind).label) for kind in kinds]
    context = {"desk": desk, "unit": desk.unit, "surveys": surveys}
    return render(request, "surveys/public/choose.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_desk_kind(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    """One survey of a desk: the code form, or (an open link) the questionnaire."""
    desk = desk_for_link(token, kind)
    try:
        desk_check(desk=desk, kind=kind)
        if not desk.open_link:
            return _code_entry(request, unit=desk.unit, kind=kind)
        if request.method == "GET":  # a POST learns it from the door, answers kept
            period_for(desk.unit, today())
        sheet = answer_sheet(desk.unit, kind)
    except ValidationError as error:
        return _closed(request, desk.unit, error.messages)
    except Questionnaire.DoesNotExist:
        return _closed(request, desk.unit, [NOT_READY])
    page = Answering(desk.unit, kind, sheet, Channel.LINK, desk=desk, service=desk.service_id)
    return _answer(request, page)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_code_entry(request: HttpRequest) -> HttpResponse:
    """Typing the code of a slip (any unit's, any survey's)."""
    return _code_entry(request, unit=None, kind=None)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_code(request: HttpRequest, code: str) -> HttpResponse:
    """The questionnaire of a one-time code (the link printed on its slip)."""
    try:
        found = code_check(code=code)
        unit = found.period.unit
        sheet = answer_sheet(unit, found.kind)
    except ValidationError as error:
        return _code_page(request, CodeForm({"code": code}), unit=None, error=error)
    except Questionnaire.DoesNotExist:
        return _closed(request, unit, [NOT_READY])
    page = Answering(
        unit, found.kind, sheet, Channel.CODE, code=found.code, service=found.service_id
    )
    return _answer(request, page)


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/thanks.html")


def _answer(request: HttpRequest, page: Answering) -> HttpResponse:
    """The questionnaire; a POST is stored (or refused next to its causes, kept as typed)."""
    posted = request.method == "POST"
    form = AnswerForm(request.POST if posted else None, sheet=page.sheet, service=page.service)
    if posted and form.is_valid():
        if page.channel == Channel.LINK and not link_answer_admit(address=client_ip(request)):
            return _too_many(request, page.unit)
        if form.is_trap:
            return SeeOther(reverse("survey_thanks"))
        try:
            _store(page, form)
        except ValidationError as error:
            if "code" in getattr(error, "error_dict", {}):  # used meanwhile: nothing to fix
                return _code_page(
                    request, CodeForm({"code": page.code}), unit=page.unit, error=error
                )
            form.refusal(error)
        else:
            return SeeOther(reverse("survey_thanks"))
    context = {"page": page, "unit": page.unit, "form": form}
    return render(
        request, "surveys/public/answer.html", context, status=422 if form.errors else 200
    )


def _store(page: Answering, form: AnswerForm) -> None:
    response_submit(
        unit=page.unit,
        kind=page.kind,
        submission=form.submission(),
        channel=page.channel,
        code=page.code,
        desk=page.desk,
        sheet=page.sheet,
    )


def _code_entry(request: HttpRequest, *, unit: Unit | None, kind: str | None) -> HttpResponse:
    """The code form (of a desk's unit and survey, or any); a valid code opens its page."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            found = code_check(code=form.cleaned_data["code"], unit=unit, kind=kind)
        except ValidationError as error:
            return _code_page(request, form, unit=unit, error=error, status=422)
        return SeeOther(reverse("survey_code", args=[found.code]))
    status = 422 if form.errors else 200
    return _code_page(request, form, unit=unit, kind=kind, status=status)


def _code_page(
    request: HttpRequest,
    form: CodeForm,
    *,
    unit: Unit | None,
    kind: str | None = None,
    error: ValidationError | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The code form, with a code's refusal next to the field: an unknown code is 404, a
    used one or one of a closed quarter 410 (unless ``status`` says otherwise)."""
    codes: set[str] = set()
    if error is not None:
        form.add_error("code", error.messages)
        codes = {e.code for errors in error.error_dict.values() for e in errors}
        status = status or (404 if "unknown" in codes else 410)
    survey = SurveyKind(kind).label if kind in SurveyKind.values else ""
    context = {"form": form, "unit": unit, "survey": survey, "used": "used" in codes}
    return render(request, "surveys/public/code.html", context, status=status or 200)


def _closed(request: HttpRequest, unit: Unit, messages: list[str]) -> HttpResponse:
    """This desk or quarter takes no answers now (410), said in words."""
    context = {"unit": unit, "messages_closed": messages}
    return render(request, "surveys/public/closed.html", context, status=410)


def _too_many(request: HttpRequest, unit: Unit) -> HttpResponse:
    context = {"unit": unit, "per_hour": settings.SURVEY_ANSWERS_PER_HOUR}
    response = render(request, "surveys/public/limit.html", context, status=429)
    response["Retry-After"] = "3600"
    return response
