"""The questionnaires the unit's respondents answer: every survey's current version with
its elements; the Sekretariat edits an element (a frozen version gets a successor); older
versions read-only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access.loaders import unit_view
from access.models import Unit
from common.forms import apply_errors

from .. import services
from ..forms import ElementForm
from ..loaders import element_for, questionnaire_for
from ..manage.selectors import unit_questionnaires, version_elements


@unit_view("GET")
def survey_questionnaires(request: HttpRequest, unit: Unit) -> HttpResponse:
    context = {"unit": unit, "surveys": unit_questionnaires(unit)}
    return render(request, "surveys/questionnaires.html", context)


@unit_view("GET", "POST")
def survey_element_edit(request: HttpRequest, unit: Unit, kind: str, code: str) -> HttpResponse:
    element = element_for(request.user, unit, kind, code)
    form = ElementForm(request.POST or None, element=element)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.element_update(
                user=request.user,
                unit=unit,
                kind=kind,
                code=code,
                question=form.cleaned_data["question"],
                labels=form.labels,
                seen=form.cleaned_data["seen"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            version = saved.questionnaire.version
            messages.success(request, f"Unsur {code} disimpan (kuesioner versi {version}).")
            return redirect("survey_questionnaires", slug=unit.slug)
    version, _elements = version_elements(element.questionnaire)
    context = {"unit": unit, "element": element, "version": version, "form": form}
    status = 422 if form.errors else 200
    return render(request, "surveys/element_edit.html", context, status=status)


@unit_view("GET")
def survey_questionnaire_version(
    request: HttpRequest, unit: Unit, questionnaire_id: int
) -> HttpResponse:
    version, elements = version_elements(questionnaire_for(unit, questionnaire_id))
    context = {"unit": unit, "version": version, "elements": elements}
    return render(request, "surveys/questionnaire_version.html", context)
