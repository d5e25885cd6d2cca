"""The forms of the data page: upload a file to import, copy a plan to a year or to units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from access.models import Unit
from common.form_rendering import CheckChoices, PortalFormMixin
from common.formatting import size_text
from common.uploads import sanitize_name

from .cells import thousands
from .importers import IMPORTERS
from .models import ImportRecord
from .reading import ImportFileError, max_rows, sniff_format

# What the file input offers to choose, per format the form takes.
ACCEPT = {
    "xlsx": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": ".csv,text/csv",
}


class UploadForm(PortalFormMixin, forms.Form):
    """A file to import, for a year; subclasses add what the file holds."""

    compact = True

    year = forms.TypedChoiceField(label="Tahun", coerce=int)
    file = forms.FileField(
        label="Berkas (XLSX atau CSV)",
        error_messages={
            "required": "Pilih berkas XLSX atau CSV.",
            "empty": "Berkas kosong: tidak ada data yang dapat diimpor.",
            "invalid": "Tidak ada berkas yang dikirim; periksa jenis encoding formulir.",
        },
    )
    formats = ("xlsx", "csv")  # what the file may be, by its content

    def __init__(
        self, *args: Any, years: list[int], refused: list[str] | None = None, **kwargs: Any
    ) -> None:
        """``refused``: what the upload caps turned away (messages, common.uploads)."""
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["file"].widget.attrs["accept"] = self.accept
        self.refused = refused or []
        self.content = b""

    def clean(self) -> dict[str, Any]:
        """Refuse files over the size cap; once all else is valid, a file that is not of
        an accepted format (by its content). The content is kept in ``self.content``."""
        cleaned = super().clean()
        for message in self.refused:
            self.add_error("file", message)
        if self.errors:
            return cleaned
        upload = cleaned["file"]
        self.content = upload.read()
        try:
            kind = sniff_format(self.content)
        except ImportFileError as error:
            self.add_error("file", f"{sanitize_name(upload.name)}: {error.message}")
            return cleaned
        if kind not in self.formats:
            self.add_error(
                "file", f"{sanitize_name(upload.name)}: berkas ini {kind.upper()}; unggah XLSX."
            )
        return cleaned

    @property
    def file_name(self) -> str:
        return sanitize_name(self.cleaned_data["file"].name)

    @property
    def accept(self) -> str:
        """The file input's ``accept``: the formats the form takes."""
        return ",".join(ACCEPT[f] for f in self.formats)


class ImportForm(UploadForm):
    dataset = forms.ChoiceField(
        label="Data",
        choices=[(key, ImportRecord.Dataset(key).label) for key in IMPORTERS],
        initial=ImportRecord.Dataset.PROGRESS,
    )
    field_order = ("dataset", "year", "file")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Paling besar {size_text(settings.MAX_UPLOAD_BYTES)} dan "
            f"{thousands(max_rows())} baris data. Jenis berkas dikenali dari isinya: XLSX atau "
            "CSV UTF-8 (pemisah koma atau titik koma, desimal 62,5 atau 62.5)."
        )


class LkeImportForm(UploadForm):
    """The LKE workbook, for one side: the form's ``dataset`` names it (lke-unit, lke-tpi)."""

    dataset = forms.ChoiceField(label="Jawaban yang diimpor")
    formats = ("xlsx",)
    field_order = ("dataset", "year", "file")

    def __init__(self, *args: Any, datasets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [(d, ImportRecord.Dataset(d).label) for d in datasets]
        self.fields["file"].label = "Berkas LKE (XLSX, lembar “Jawaban”)"
        self.fields["file"].error_messages["required"] = "Pilih berkas XLSX."
        self.fields["file"].help_text = (
            "Jawaban berupa kunci skema: Ya/Tidak, A–E (huruf besar atau kecil sama saja); "
            "jumlah berupa bilangan bulat; nilai survei 0–4 dengan dua desimal (3,45 atau 3.45). "
            "Sel jawaban yang dikosongkan menghapus jawaban. Penilaian yang belum dimulai "
            "dimulai saat impor dikonfirmasi."
        )


class SurveyImportForm(UploadForm):
    """A survey's paper responses or the quarters' populations (``datasets``: their
    ImportRecord.Dataset values); the rows give their own dates and years."""

    dataset = forms.ChoiceField(label="Data")
    field_order = ("dataset", "file")

    def __init__(self, *args: Any, datasets: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, years=[], **kwargs)
        del self.fields["year"]
        self.fields["dataset"].choices = [(d, ImportRecord.Dataset(d).label) for d in datasets]
        self.fields["file"].help_text = (
            f"Paling besar {size_text(settings.MAX_UPLOAD_BYTES)} dan {thousands(max_rows())} "
            "baris data, satu baris per responden. Jenis berkas dikenali dari isinya: XLSX atau "
            "CSV UTF-8 (pemisah koma atau titik koma)."
        )


class CopyYearForm(PortalFormMixin, forms.Form):
    compact = True

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


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        """ "KPU Kota Pontianak (rencana 2024, 2025)": the years it already has a plan for."""
        years = ", ".join(str(y) for y in sorted(p.year for p in obj.plans.all()))
        return f"{obj.short_name} (rencana {years})" if years else obj.short_name


class CopyUnitsForm(PortalFormMixin, forms.Form):
    compact = True

    year = forms.TypedChoiceField(label="Rencana tahun", coerce=int)
    units = UnitChoiceField(
        label="Salin ke satuan kerja",
        queryset=Unit.objects.none(),
        to_field_name="slug",
        widget=CheckChoices,
        error_messages={"required": "Pilih paling sedikit satu satuan kerja."},
    )

    def __init__(self, *args: Any, unit: Unit, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        children = unit.children.order_by("order", "name").prefetch_related("plans")
        self.fields["units"].queryset = children
