"""Impor, ekspor dan salin rencana: the data page of a unit (/satker/<slug>/data/).

Only the unit's Sekretariat and admin: other readers of the unit get 403, users of other
units 404. An upload is kept in the private storage (imports/<uuid>) with its SHA-256 in
the session until it is confirmed or cancelled; confirming checks the file again from the
start (services in reports/transfer.py), never the preview's outcome.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import rules
from access.loaders import unit_for_user
from access.models import Unit
from common.uploads import oversize_uploads, sanitize_name

from . import services as transfer
from .models import ImportRecord

SESSION_KEY = "zi_imports"
MAX_PENDING = 5  # previews kept per session; older ones are dropped with their files
PREVIEW_ROWS = 1000  # rows listed on the preview page (counts cover all)
DENIED = "Hanya Sekretariat satuan kerja ini dan admin yang dapat mengimpor, mengekspor dan menyalin rencana."


class ImportForm(forms.Form):
    dataset = forms.ChoiceField(
        label="Data",
        choices=[(key, ImportRecord.Dataset(key).label) for key in transfer.SPECS],
        initial=ImportRecord.Dataset.PROGRESS,
    )
    year = forms.TypedChoiceField(label="Tahun", coerce=int)
    file = forms.FileField(
        label="Berkas (XLSX atau CSV)",
        error_messages={
            "required": "Pilih berkas XLSX atau CSV.",
            "empty": "Berkas kosong: tidak ada data yang dapat diimpor.",
            "invalid": "Tidak ada berkas yang dikirim; periksa jenis encoding formulir.",
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class CopyYearForm(forms.Form):
    source_year = forms.TypedChoiceField(label="Salin dari tahun", coerce=int)
    year = forms.IntegerField(
        label="Ke tahun",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Isi tahun tujuan."},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_year"].choices = [(y, y) for y in years]
        if years and not self.is_bound:
            self.fields["year"].initial = max(years) + 1


class CopyUnitsForm(forms.Form):
    year = forms.TypedChoiceField(label="Rencana tahun", coerce=int)
    units = forms.ModelMultipleChoiceField(
        label="Salin ke satuan kerja",
        queryset=Unit.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu satuan kerja."},
    )

    def __init__(self, *args: Any, unit: Unit, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["units"].queryset = unit.children.order_by("order", "name")


def _managed_unit(request: HttpRequest, slug: str) -> Unit:
    unit = unit_for_user(request.user, slug)
    rules.require(rules.can_manage(request.user, unit), DENIED)
    return unit


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
    has_children = unit.children.exists()
    if units_form is None and has_children:
        units_form = CopyUnitsForm(unit=unit, years=years)
    children = []
    if has_children:
        chosen = set(units_form.data.getlist("units")) if units_form.is_bound else set()
        for child in unit.children.order_by("order", "name").prefetch_related("plans"):
            children.append(
                {
                    "unit": child,
                    "years": sorted(p.year for p in child.plans.all()),
                    "checked": child.slug in chosen,
                }
            )
    records = (
        ImportRecord.objects.filter(unit=unit)
        .select_related("imported_by")
        .order_by("-imported_at")[:100]
    )
    return render(
        request,
        "transfer/home.html",
        {
            "unit": unit,
            "years": years,
            "datasets": transfer.EXPORT_DATASETS.items(),
            "formats": transfer.FORMATS,
            "import_form": import_form or ImportForm(years=years),
            "year_form": year_form or CopyYearForm(years=years),
            "units_form": units_form,
            "children": children,
            "records": records,
            "max_upload": filesizeformat(settings.MAX_UPLOAD_BYTES),
            "max_rows": transfer.thousands(transfer.max_rows()),
        },
        status=status,
    )


@login_required
@require_GET
def transfer_home(request: HttpRequest, slug: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    return _render_home(request, unit)


@login_required
@require_GET
def transfer_export(
    request: HttpRequest, slug: str, dataset: str, year: int, fmt: str
) -> HttpResponse:
    unit = _managed_unit(request, slug)
    if dataset not in transfer.EXPORT_DATASETS or fmt not in transfer.FORMATS:
        raise Http404("Jenis data atau format tidak dikenal.")
    try:
        export = transfer.data_export(
            user=request.user, unit=unit, year=year, dataset=dataset, fmt=fmt
        )
    except ValidationError:
        raise Http404("Rencana kerja tahun ini tidak ditemukan.") from None
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- import: upload → preview (dry run) → confirm -----------------------------------------


def _pending_all(request: HttpRequest) -> dict[str, dict[str, Any]]:
    return request.session.get(SESSION_KEY, {})


def _pending(request: HttpRequest, unit: Unit, token: str) -> dict[str, Any]:
    entry = _pending_all(request).get(token)
    if entry is None or entry["unit"] != unit.pk or entry["user"] != request.user.pk:
        raise Http404("Impor ini tidak ditemukan atau sudah selesai.")
    return entry


def _forget(request: HttpRequest, token: str, *, delete_file: bool = True) -> None:
    pending = _pending_all(request)
    entry = pending.pop(token, None)
    if entry is not None and delete_file:
        transfer.discard_stash(entry["path"])
    request.session[SESSION_KEY] = pending


@login_required
@require_POST
def transfer_upload(request: HttpRequest, slug: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    form = ImportForm(request.POST, request.FILES, years=_years(unit))
    refused = oversize_uploads(request)
    if refused:
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        for name in refused:
            form.add_error("file", f"{sanitize_name(name)}: melebihi batas ukuran {limit}.")
    if refused or not form.is_valid():
        return _render_home(request, unit, import_form=form, status=422)
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        transfer.sniff_format(content)
    except transfer.ImportFileError as error:
        form.add_error("file", f"{sanitize_name(upload.name)}: {error.message}")
        return _render_home(request, unit, import_form=form, status=422)
    transfer.purge_stale_stashes()
    path = transfer.stash_upload(content)
    token = path.rsplit("/", 1)[-1]
    pending = _pending_all(request)
    while len(pending) >= MAX_PENDING:
        oldest = min(pending, key=lambda k: pending[k]["created"])
        transfer.discard_stash(pending.pop(oldest)["path"])
    pending[token] = {
        "unit": unit.pk,
        "user": request.user.pk,
        "dataset": form.cleaned_data["dataset"],
        "year": form.cleaned_data["year"],
        "file_name": sanitize_name(upload.name),
        "sha256": hashlib.sha256(content).hexdigest(),
        "path": path,
        "created": timezone.now().isoformat(),
    }
    request.session[SESSION_KEY] = pending
    return redirect("transfer_preview", slug=unit.slug, token=token)


def _render_preview(
    request: HttpRequest, unit: Unit, token: str, result: transfer.ImportResult, status: int
) -> HttpResponse:
    listed = [r for r in result.rows if r.action in ("baru", "diubah", "galat")]
    return render(
        request,
        "transfer/preview.html",
        {
            "unit": unit,
            "token": token,
            "result": result,
            "dataset_label": ImportRecord.Dataset(result.dataset).label,
            "rows": listed[:PREVIEW_ROWS],
            "rows_hidden": max(len(listed) - PREVIEW_ROWS, 0),
            "error_count": len(result.messages()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    entry = _pending(request, unit, token)
    content = transfer.read_stash(entry["path"], entry["sha256"])
    if content is None:
        _forget(request, token)
        messages.error(request, "Berkas unggahan tidak ditemukan lagi atau berubah; unggah ulang.")
        return redirect(_home_url(unit))
    confirm = request.method == "POST"
    result = transfer.data_import(
        user=request.user,
        unit=unit,
        year=entry["year"],
        dataset=entry["dataset"],
        content=content,
        file_name=entry["file_name"],
        dry_run=not confirm,
        expected_digest=(request.POST.get("digest") or None) if confirm else None,
    )
    if confirm and result.record is not None:
        _forget(request, token)
        record = result.record
        messages.success(
            request,
            f"Impor {record.get_dataset_display().lower()} dari {record.file_name} selesai: "
            f"{record.rows_created} baris baru, {record.rows_updated} diubah, "
            f"{record.rows_unchanged} tetap.",
        )
        return redirect(_home_url(unit))
    if confirm and result.stale:
        return _render_preview(request, unit, token, result, status=409)
    return _render_preview(request, unit, token, result, status=422 if confirm else 200)


@login_required
@require_POST
def transfer_cancel(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    _pending(request, unit, token)
    _forget(request, token)
    messages.info(request, "Impor dibatalkan; berkas unggahan dihapus.")
    return redirect(_home_url(unit))


# --- copying a plan -----------------------------------------------------------------------


@login_required
@require_POST
def transfer_copy_year(request: HttpRequest, slug: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    form = CopyYearForm(request.POST, years=_years(unit))
    if form.is_valid():
        try:
            plan = transfer.plan_copy_to_year(
                user=request.user,
                unit=unit,
                source_year=form.cleaned_data["source_year"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"Rencana {form.cleaned_data['source_year']} disalin ke tahun {plan.year} "
                "(area, rencana aksi, komponen dan target; tanpa progres dan bukti dukung).",
            )
            return redirect(_home_url(unit))
    return _render_home(request, unit, year_form=form, status=422)


@login_required
@require_POST
def transfer_copy_units(request: HttpRequest, slug: str) -> HttpResponse:
    unit = _managed_unit(request, slug)
    rules.require(
        unit.children.exists(),
        "Satuan kerja ini tidak memiliki satuan kerja di bawahnya; salin hanya ke tahun baru.",
    )
    form = CopyUnitsForm(request.POST, unit=unit, years=_years(unit))
    if not form.is_valid():
        return _render_home(request, unit, units_form=form, status=422)
    year = form.cleaned_data["year"]
    outcome = transfer.plan_copy_to_units(
        user=request.user, unit=unit, year=year, targets=list(form.cleaned_data["units"])
    )
    if outcome.copied:
        names = ", ".join(u.short_name for u in outcome.copied)
        messages.success(request, f"Rencana {year} disalin ke {names}.")
    for message in outcome.refused:
        messages.error(request, f"Tidak disalin: {message}")
    return redirect(_home_url(unit))
