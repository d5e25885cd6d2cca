"""Impor, ekspor dan salin rencana: the data page of a unit (/satker/<slug>/data/).

Only the unit's Sekretariat and admin (access.rules.ensure_can_manage): other readers of the
unit get 403, users of other units 404 (access.loaders.unit_view). An upload is kept until
it is confirmed or cancelled (transfer.pending); confirming checks the file again from the
start (transfer.services), never the preview's outcome. Copies are the plan's own service
(areas.copying).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit
from areas.copying import plan_copy_to_units, plan_copy_to_year
from common.forms import apply_errors
from common.uploads import upload_refusals

from . import pending, services, steps
from .export_rows import EXPORT_DATASETS
from .forms import CopyUnitsForm, CopyYearForm, ImportForm
from .importers import IMPORTERS
from .models import ImportRecord
from .writing import FORMATS

COPIED_TO_YEAR = (
    "Rencana {source} disalin ke tahun {year} "
    "(area, rencana aksi, komponen dan target; tanpa progres dan bukti dukung)."
)


def _years(unit: Unit) -> list[int]:
    return list(unit.plans.order_by("-year").values_list("year", flat=True))


def _home_url(unit: Unit) -> str:
    return reverse("transfer_home", args=[unit.slug])


def _render_home(
    request: HttpRequest,
    unit: Unit,
    *,
    import_form: ImportForm | None = None,
    year_form: CopyYearForm | None = None,
    units_form: CopyUnitsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    years = _years(unit)
    if units_form is None and unit.children.exists():
        units_form = CopyUnitsForm(unit=unit, years=years)
    records = (
        ImportRecord.objects.filter(unit=unit)
        .select_related("imported_by")
        .order_by("-imported_at")[:100]
    )
    context = {
        "unit": unit,
        "years": years,
        "datasets": EXPORT_DATASETS.items(),
        "formats": FORMATS,
        "import_form": import_form or ImportForm(years=years),
        "year_form": year_form or CopyYearForm(years=years),
        "units_form": units_form,
        "records": records,
    }
    return render(request, "transfer/home.html", context, status=status)


@unit_view("GET")
def transfer_home(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    return _render_home(request, unit)


@unit_view("GET")
def transfer_export(
    request: HttpRequest, unit: Unit, dataset: str, year: int, fmt: str
) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    if dataset not in EXPORT_DATASETS or fmt not in FORMATS:
        raise Http404("Jenis data atau format tidak dikenal.")
    try:
        export = services.data_export(
            user=request.user, unit=unit, year=year, dataset=dataset, fmt=fmt
        )
    except ValidationError:
        raise Http404("Rencana kerja tahun ini tidak ditemukan.") from None
    return steps.download(export)


# --- import: upload → preview (dry run) → confirm -----------------------------------------


@unit_view("POST")
def transfer_upload(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    form = ImportForm(
        request.POST, request.FILES, years=_years(unit), refused=upload_refusals(request)
    )
    if not form.is_valid():
        return _render_home(request, unit, import_form=form, status=422)
    token = pending.add(request, unit, form)
    if token is None:  # no room to keep it: the form says so
        return _render_home(request, unit, import_form=form, status=422)
    return redirect("transfer_preview", slug=unit.slug, token=token)


def _pages(unit: Unit) -> steps.Pages:
    return steps.Pages(
        home=_home_url(unit),
        home_label=f"Impor dan ekspor {unit.short_name}",
        preview=lambda token: reverse("transfer_preview", args=[unit.slug, token]),
        cancel=lambda token: reverse("transfer_cancel", args=[unit.slug, token]),
    )


def _run_import(request: HttpRequest, unit: Unit) -> steps.Run:
    def run(entry: dict[str, Any], content: bytes, confirm: bool, digest: str | None) -> Any:
        if entry["dataset"] not in IMPORTERS:  # an upload of the LKE page: not this page's
            raise Http404("Impor ini tidak ditemukan.")
        return services.data_import(
            user=request.user,
            unit=unit,
            year=entry["year"],
            dataset=entry["dataset"],
            content=content,
            file_name=entry["file_name"],
            dry_run=not confirm,
            expected_digest=digest,
        )

    return run


@unit_view("GET", "POST")
def transfer_preview(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    return steps.preview_or_confirm(request, unit, token, _run_import(request, unit), _pages(unit))


@unit_view("POST")
def transfer_cancel(request: HttpRequest, unit: Unit, token: str) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    return steps.cancel(request, unit, token, _pages(unit))


# --- copying a plan -----------------------------------------------------------------------


@unit_view("POST")
def transfer_copy_year(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_manage(request.user, unit)
    form = CopyYearForm(request.POST, years=_years(unit))
    if form.is_valid():
        source, year = form.cleaned_data["source_year"], form.cleaned_data["year"]
        try:
            plan = plan_copy_to_year(user=request.user, unit=unit, source_year=source, year=year)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, COPIED_TO_YEAR.format(source=source, year=plan.year))
            return redirect(_home_url(unit))
    return _render_home(request, unit, year_form=form, status=422)


@unit_view("POST")
def transfer_copy_units(request: HttpRequest, unit: Unit) -> HttpResponse:
    rules.ensure_can_copy_to_units(request.user, unit)
    form = CopyUnitsForm(request.POST, unit=unit, years=_years(unit))
    if not form.is_valid():
        return _render_home(request, unit, units_form=form, status=422)
    year = form.cleaned_data["year"]
    outcome = plan_copy_to_units(
        user=request.user, unit=unit, year=year, targets=list(form.cleaned_data["units"])
    )
    if outcome.copied:
        names = ", ".join(u.short_name for u in outcome.copied)
        messages.success(request, f"Rencana {year} disalin ke {names}.")
    for message in outcome.refused:
        messages.error(request, f"Tidak disalin: {message}")
    return redirect(_home_url(unit))
