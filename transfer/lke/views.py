"""The LKE workbook page of a unit (/satker/<slug>/data/lke/): download, upload, preview.

Whoever reads the unit's LKE downloads the workbook; the sides a user may import are those
``lke_services.importable_sides`` gives (Ketua and Sekretariat: the unit's answers; TPI: the
TPI's). Upload → preview → confirm as on the data page (transfer.steps).
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
from transfer import pending, steps
from transfer.forms import LkeImportForm
from transfer.lke import services as lke_services
from transfer.models import ImportRecord


def _years(unit: Unit) -> list[int]:
    years = set(unit.plans.values_list("year", flat=True))
    years |= set(unit.assessments.values_list("year", flat=True))
    return sorted(years, reverse=True)


def _form(request: HttpRequest, unit: Unit, *args: Any, **kwargs: Any) -> LkeImportForm:
    sides = lke_services.importable_sides(request.user, unit)
    datasets = [lke_services.DATASETS[s] for s in sides]
    return LkeImportForm(*args, datasets=datasets, years=_years(unit), **kwargs)


def _render(
    request: HttpRequest, unit: Unit, form: LkeImportForm | None = None, status: int = 200
) -> HttpResponse:
    form = form or _form(request, unit)
    records = (
        ImportRecord.objects.filter(unit=unit, dataset__in=lke_services.SIDES)
        .select_related("imported_by")
        .order_by("-imported_at")[:50]
    )
    context = {
        "unit": unit,
        "years": _years(unit),
        "form": form,
        "records": records,
    }
    return render(request, "transfer/lke.html", context, status=status)


def _pages(unit: Unit) -> steps.Pages:
    return steps.Pages(
        home=reverse("transfer_lke", args=[unit.slug]),
        home_label=f"LKE {unit.short_name}: ekspor dan impor",
        preview=lambda token: reverse("transfer_lke_preview", args=[unit.slug, token]),
        cancel=lambda token: reverse("transfer_lke_cancel", args=[unit.slug, token]),
    )


def _run(request: HttpRequest, unit: Unit) -> steps.Run:
    def run(entry: dict[str, Any], content: bytes, confirm: bool, digest: str | None) -> Any:
        side = lke_services.SIDES.get(entry["dataset"])
        if side is None:  # an upload of the data page: not this page's
            raise Http404("Impor ini tidak ditemukan.")
        return lke_services.lke_import(
            user=request.user,
            unit=unit,
            year=entry["year"],
            side=side,
            content=content,
            file_name=entry["file_name"],
            dry_run=not confirm,
            expected_digest=digest,
        )

    return run


@unit_view("GET")
def lke_home(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_read_lke(request.user, unit)
    return _render(request, unit)


@unit_view("GET")
def lke_export(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    try:
        export = lke_services.lke_export(user=request.user, unit=unit, year=year)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    return steps.download(export)


@unit_view("POST")
def lke_upload(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_read_lke(request.user, unit)
    rules.ensure_can_import_lke(request.user, unit)
    form = _form(request, unit, request.POST, request.FILES, refused=upload_refusals(request))
    if not form.is_valid():
        return _render(request, unit, form, status=422)
    token = pending.add(request, unit, form)
    if token is None:  # no room to keep it: the form says so
        return _render(request, unit, form, status=422)
    return redirect("transfer_lke_preview", slug=unit.slug, token=token)


@unit_view("GET", "POST")
def lke_preview(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    return steps.preview_or_confirm(request, unit, token, _run(request, unit), _pages(unit))


@unit_view("POST")
def lke_cancel(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    return steps.cancel(request, unit, token, _pages(unit))
