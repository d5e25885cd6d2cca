"""The survey import page of a unit (/satker/<slug>/data/survei/): the templates, the
upload of a survey's paper responses or the quarters' populations, preview and confirm.

Only the unit's Sekretariat and admin (``access.rules.ensure_can_manage_surveys``): other
readers of the unit get 403, users of other units 404 (``access.loaders.unit_view``).
``?survei=skm`` (spak, spkp, populasi) picks the data the form offers first. Upload →
preview → confirm as on the data page (transfer.steps).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from common.uploads import upload_refusals
from surveys.models import Questionnaire
from transfer import pending, steps
from transfer.forms import SurveyImportForm

from . import services
from .selectors import import_page


def _render(
    request: HttpRequest, unit: Unit, form: SurveyImportForm, status: int = 200
) -> HttpResponse:
    context = {
        "unit": unit,
        "form": form,
        "page": import_page(unit),
    }
    return render(request, "transfer/surveys.html", context, status=status)


def _pages(unit: Unit) -> steps.Pages:
    return steps.Pages(
        home=reverse("survey_import", args=[unit.slug]),
        home_label=f"Impor survei {unit.short_name}",
        preview=lambda token: reverse("survey_import_preview", args=[unit.slug, token]),
        cancel=lambda token: reverse("survey_import_cancel", args=[unit.slug, token]),
    )


def _run(request: HttpRequest, unit: Unit) -> steps.Run:
    def run(entry: dict[str, Any], content: bytes, confirm: bool, digest: str | None) -> Any:
        if entry["dataset"] not in services.DATASETS:  # an upload of another data page
            raise Http404("Impor ini tidak ditemukan.")
        return services.survey_import(
            user=request.user,
            unit=unit,
            dataset=entry["dataset"],
            content=content,
            file_name=entry["file_name"],
            dry_run=not confirm,
            expected_digest=digest,
        )

    return run


@unit_view("GET")
def survey_import(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    chosen = request.GET.get("survei")
    initial = {"dataset": chosen} if chosen in services.DATASETS else None
    return _render(request, unit, SurveyImportForm(datasets=services.DATASETS, initial=initial))


@unit_view("GET")
def survey_import_template(request: HttpRequest, unit: Unit, dataset: str) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    try:
        export = services.survey_template(user=request.user, unit=unit, dataset=dataset)
    except (ValidationError, Questionnaire.DoesNotExist) as error:
        raise Http404(str(error)) from None
    return steps.download(export)


@unit_view("POST")
def survey_import_upload(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    form = SurveyImportForm(
        request.POST,
        request.FILES,
        datasets=services.DATASETS,
        refused=upload_refusals(request),
    )
    if not form.is_valid():
        return _render(request, unit, form, status=422)
    token = pending.add(request, unit, form)
    if token is None:  # no room to keep it: the form says so
        return _render(request, unit, form, status=422)
    return redirect("survey_import_preview", slug=unit.slug, token=token)


@unit_view("GET", "POST")
def survey_import_preview(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    return steps.preview_or_confirm(request, unit, token, _run(request, unit), _pages(unit))


@unit_view("POST")
def survey_import_cancel(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    rules.ensure_can_manage_surveys(request.user, unit)
    return steps.cancel(request, unit, token, _pages(unit))
