"""The forms of the unit's survey pages. Each message says, in Indonesian, what to type;
the services (surveys/services.py, surveys/comments.py) check the rules again and their
refusals are put next to the field they name (common.forms.apply_errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict

from access.models import Unit
from common.dates import default_quarter
from common.db import row_fingerprint
from common.form_rendering import CheckChoices, PortalFormMixin
from common.limits import COMMENT_CHARS

from .choices import CommentStatus, PeriodStatus, SurveyKind
from .manage.selectors import ResponseFilter
from .models import Desk, Element, Service, SurveyPeriod
from .services import DESK_FIELDS, ELEMENT_FIELDS, MAX_CODES, PERIOD_FIELDS, SERVICE_FIELDS

QUARTER_CHOICES = [(q, f"Triwulan {q}") for q in (1, 2, 3, 4)]
LABEL_CHARS = 80  # one answer's words ("Sangat sesuai")
MAX_POPULATION = 100_000_000
QUARTER_UNKNOWN = "Pilih triwulan 1 sampai 4."
KIND_UNKNOWN = "Pilih survei: SKM, SPAK, atau SPKP."


def _seen() -> forms.CharField:
    """The row as the form was loaded (common.db.row_fingerprint): a save refuses to
    overwrite what someone changed since."""
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=16)


def _quarter(widget: forms.Widget | None = None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Triwulan",
        choices=QUARTER_CHOICES,
        coerce=int,
        widget=widget or forms.Select,
        error_messages={"required": QUARTER_UNKNOWN, "invalid_choice": QUARTER_UNKNOWN},
    )


def _kind(label: str = "Survei") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=SurveyKind.choices,
        error_messages={"required": KIND_UNKNOWN, "invalid_choice": KIND_UNKNOWN},
    )


class YearForm(PortalFormMixin, forms.Form):
    """The year picker (GET): the unit's survey years."""

    compact = True
    hidden_labels = ("tahun",)

    tahun = forms.TypedChoiceField(label="Tahun", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, str(y)) for y in years]
        self.fields["tahun"].widget.attrs["data-submit-on-change"] = ""


class PeriodForm(PortalFormMixin, forms.Form):
    """Open a quarter, change its population, close or reopen it (one row per quarter)."""

    compact = True

    quarter = _quarter(forms.HiddenInput)
    population = forms.IntegerField(
        label="Populasi pengguna layanan",
        required=False,
        min_value=0,
        max_value=MAX_POPULATION,
        help_text="Jumlah pengguna layanan triwulan ini; dasar ukuran sampel.",
        error_messages={
            "invalid": "Isi populasi dengan bilangan bulat tanpa titik, misalnya 1200.",
            "min_value": "Populasi tidak boleh negatif.",
            "max_value": "Populasi paling banyak 100000000.",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "mw-12rem"}
        ),
    )
    status = forms.ChoiceField(
        label="Status",
        choices=PeriodStatus.choices,
        error_messages={
            "required": "Pilih Dibuka atau Ditutup.",
            "invalid_choice": "Pilih Dibuka atau Ditutup.",
        },
    )
    seen = _seen()

    @classmethod
    def for_row(cls, quarter: int, period: SurveyPeriod | None) -> PeriodForm:
        initial = {
            "quarter": quarter,
            "population": period.population if period else None,
            "status": period.status if period else PeriodStatus.OPEN,
            "seen": row_fingerprint(period, PERIOD_FIELDS),
        }
        return cls(initial=initial, auto_id=f"id_q{quarter}_%s")

    @staticmethod
    def _row_of(data: Any) -> int | None:
        """The quarter (1–4) the posted data names, or None."""
        value = str(data.get("quarter", ""))
        return int(value) if value in {"1", "2", "3", "4"} else None

    @classmethod
    def bound(cls, data: Any) -> PeriodForm:
        """The posted form, with the ids of its quarter's row when it names one."""
        quarter = cls._row_of(data)
        return cls(data, auto_id=f"id_q{quarter}_%s" if quarter else "id_%s")

    @property
    def quarter_posted(self) -> int | None:
        return self._row_of(self.data)


def period_forms(rows: list[Any], bound: PeriodForm | None) -> list[dict[str, Any]]:
    """Each quarter of the periods page with its form: the posted one (with its errors)
    on the row it names, a fresh one elsewhere."""
    posted = bound.quarter_posted if bound is not None else None
    return [
        {
            "row": row,
            "form": bound if posted == row.quarter else PeriodForm.for_row(row.quarter, row.period),
        }
        for row in rows
    ]


class PublishForm(PortalFormMixin, forms.Form):
    """Publish a quarter's results on /publik/, or withdraw them."""

    quarter = _quarter(forms.HiddenInput)
    publish = forms.TypedChoiceField(
        choices=[(1, "Publikasikan"), (0, "Tarik")],
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Tindakan tidak dikenal.",
            "required": "Tindakan tidak dikenal.",
        },
    )


class ServiceForm(PortalFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama jenis layanan",
        max_length=Service._meta.get_field("name").max_length,
        error_messages={
            "required": "Isi nama jenis layanan.",
            "max_length": "Nama jenis layanan paling banyak %(limit_value)d karakter.",
        },
    )
    order = forms.IntegerField(
        label="Urutan",
        required=False,
        min_value=0,
        max_value=999,
        error_messages={
            "invalid": "Urutan berupa bilangan bulat 0–999.",
            "min_value": "Urutan berupa bilangan bulat 0–999.",
            "max_value": "Urutan berupa bilangan bulat 0–999.",
        },
    )
    is_active = forms.BooleanField(label="Aktif (dapat dipilih responden)", required=False)
    seen = _seen()

    @classmethod
    def for_service(cls, service: Service | None, data: Any = None) -> ServiceForm:
        if service is None:
            return cls(data, initial={"is_active": True, "order": 0, "seen": ""})
        initial = {
            "name": service.name,
            "order": service.order,
            "is_active": service.is_active,
            "seen": row_fingerprint(service, SERVICE_FIELDS),
        }
        return cls(data, initial=initial)


class DeskForm(PortalFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama loket",
        max_length=Desk._meta.get_field("name").max_length,
        error_messages={
            "required": "Isi nama loket.",
            "max_length": "Nama loket paling banyak %(limit_value)d karakter.",
        },
    )
    kinds = forms.MultipleChoiceField(
        label="Survei di loket ini",
        choices=SurveyKind.choices,
        widget=CheckChoices,
        error_messages={
            "required": "Pilih sedikitnya satu survei.",
            "invalid_choice": KIND_UNKNOWN,
        },
    )
    service = forms.ModelChoiceField(
        label="Jenis layanan bawaan",
        queryset=Service.objects.none(),
        required=False,
        empty_label="— responden memilih sendiri —",
        error_messages={"invalid_choice": "Pilih jenis layanan dari daftar."},
    )
    open_link = forms.BooleanField(
        label="Tautan terbuka (tanpa kode; dibatasi per alamat)", required=False
    )
    is_active = forms.BooleanField(label="Aktif", required=False)
    seen = _seen()

    def __init__(self, *args: Any, unit: Unit, desk: Desk | None = None, **kwargs: Any) -> None:
        if desk is not None:
            kwargs.setdefault("initial", {}).update(
                name=desk.name,
                kinds=desk.kinds,
                service=desk.service_id,
                open_link=desk.open_link,
                is_active=desk.is_active,
                seen=row_fingerprint(desk, DESK_FIELDS),
            )
        else:
            kwargs.setdefault("initial", {}).update(is_active=True, seen="")
        super().__init__(*args, **kwargs)
        keep = Q(is_active=True) | Q(pk=desk.service_id if desk else None)
        self.fields["service"].queryset = Service.objects.filter(keep, unit=unit)


class CodesForm(PortalFormMixin, forms.Form):
    """Issue one-time codes for a quarter's survey (the slips to print follow)."""

    quarter = _quarter()
    kind = _kind()
    desk = forms.ModelChoiceField(
        label="Loket",
        queryset=Desk.objects.none(),
        required=False,
        empty_label="— semua loket —",
        error_messages={"invalid_choice": "Pilih loket dari daftar."},
    )
    service = forms.ModelChoiceField(
        label="Jenis layanan",
        queryset=Service.objects.none(),
        required=False,
        empty_label="— responden memilih sendiri —",
        error_messages={"invalid_choice": "Pilih jenis layanan dari daftar."},
    )
    count = forms.IntegerField(
        label="Jumlah kode",
        min_value=1,
        max_value=MAX_CODES,
        initial=20,
        error_messages={
            "required": f"Isi jumlah kode, 1 sampai {MAX_CODES}.",
            "invalid": f"Isi jumlah kode dengan bilangan bulat, 1 sampai {MAX_CODES}.",
            "min_value": f"Jumlah kode 1 sampai {MAX_CODES} sekali cetak.",
            "max_value": f"Jumlah kode 1 sampai {MAX_CODES} sekali cetak.",
        },
    )

    def __init__(self, *args: Any, unit: Unit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit, self.year = unit, year
        self.fields["desk"].queryset = Desk.objects.filter(unit=unit, is_active=True)
        self.fields["service"].queryset = Service.objects.filter(unit=unit, is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        quarter = data.get("quarter")
        if quarter is not None:
            data["period"] = SurveyPeriod.objects.filter(
                unit=self.unit, year=self.year, quarter=quarter
            ).first()
            if data["period"] is None:
                self.add_error(
                    "quarter", "Triwulan ini belum dibuka; buka dulu di halaman Triwulan."
                )
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal next to its field (a closed quarter: next to the quarter)."""
        fields = {"period": "quarter"}
        for name, texts in error.message_dict.items():
            field = fields.get(name, name)
            self.add_error(field if field in self.fields else None, texts)


class SlipFilterForm(PortalFormMixin, forms.Form):
    """Which unused codes the slips page prints (GET)."""

    triwulan = _quarter()
    survei = _kind()
    loket = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    dari = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    sampai = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class ElementForm(PortalFormMixin, forms.Form):
    """An element's question and its four answers (1 the lowest)."""

    question = forms.CharField(
        label="Pertanyaan",
        max_length=COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Isi pertanyaan unsur ini.",
            "max_length": "Pertanyaan paling banyak %(limit_value)d karakter.",
        },
    )
    seen = _seen()

    def __init__(self, *args: Any, element: Element, **kwargs: Any) -> None:
        labels = list(element.labels) + [""] * (4 - len(element.labels))
        initial = {"question": element.question, "seen": row_fingerprint(element, ELEMENT_FIELDS)}
        initial |= {f"label_{i}": labels[i - 1] for i in (1, 2, 3, 4)}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for value in (1, 2, 3, 4):
            self.fields[f"label_{value}"] = forms.CharField(
                label=f"Jawaban bernilai {value}",
                max_length=LABEL_CHARS,
                error_messages={
                    "required": f"Isi kata jawaban bernilai {value}.",
                    "max_length": "Kata jawaban paling banyak %(limit_value)d karakter.",
                },
            )

    @property
    def labels(self) -> list[str]:
        return [self.cleaned_data[f"label_{value}"] for value in (1, 2, 3, 4)]

    @property
    def label_fields(self) -> list[forms.BoundField]:
        return [self[f"label_{value}"] for value in (1, 2, 3, 4)]


COMMENT_FILTERS = [("", "Semua jawaban"), *[c for c in CommentStatus.choices if c[0]]]


class CommentForm(PortalFormMixin, forms.Form):
    """Approve or reject a respondent's comment; the list's filter and page come back."""

    decision = forms.ChoiceField(
        choices=[(CommentStatus.APPROVED, "Setujui"), (CommentStatus.REJECTED, "Tolak")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Pilih Setujui atau Tolak.",
            "invalid_choice": "Pilih Setujui atau Tolak.",
        },
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
    komentar = forms.ChoiceField(choices=COMMENT_FILTERS, required=False, widget=forms.HiddenInput)
    halaman = forms.IntegerField(
        required=False, min_value=1, max_value=10**6, widget=forms.HiddenInput
    )

    @property
    def done(self) -> str:
        approved = self.cleaned_data.get("decision") == CommentStatus.APPROVED
        return "disetujui untuk publik" if approved else "tidak ditampilkan"

    def back_query(self, quarter: int, kind: str) -> str:
        """The query of the list the decision was made on."""
        query = QueryDict(mutable=True)
        query.update({"triwulan": quarter, "survei": kind})
        data = self.cleaned_data if self.is_bound and not self.errors else {}
        if data.get("komentar"):
            query["komentar"] = data["komentar"]
        if data.get("halaman"):
            query["halaman"] = data["halaman"]
        return query.urlencode()


class ResponseFilterForm(PortalFormMixin, forms.Form):
    """Which responses the list shows (GET); what is not understood falls back to the
    defaults, its message next to its field."""

    compact = True

    triwulan = _quarter()
    survei = _kind()
    komentar = forms.ChoiceField(
        label="Komentar",
        choices=COMMENT_FILTERS,
        required=False,
        error_messages={"invalid_choice": "Pilih status komentar dari daftar."},
    )

    @classmethod
    def chosen(cls, data: Any, year: int) -> tuple[ResponseFilterForm, ResponseFilter]:
        defaults = {"triwulan": default_quarter(year), "survei": SurveyKind.SKM, "komentar": ""}
        form = cls({**defaults, **{k: v for k, v in data.items() if k in defaults}})
        picked = dict(defaults)
        if form.is_valid():
            picked = form.cleaned_data
        else:
            picked |= {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
        return form, ResponseFilter(int(picked["triwulan"]), picked["survei"], picked["komentar"])
