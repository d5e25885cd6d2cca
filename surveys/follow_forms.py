"""The forms of the follow-up (tindak lanjut) pages: which year, quarter and survey the
list shows; a follow-up's fields; a quick status change in the list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from areas.models import ActionItem
from common.dates import pick_year
from common.form_rendering import PortalFormMixin
from common.formatting import score_text
from common.limits import NOTE_CHARS

from .choices import FollowUpStatus, SurveyKind
from .models import FollowUp
from .results import ElementTally

ALL_QUARTERS = [("", "Semua triwulan"), *((str(q), f"Triwulan {q}") for q in range(1, 5))]
ALL_SURVEYS = [("", "Semua survei"), *SurveyKind.choices]
STATUS_MESSAGES = {
    "required": "Pilih status tindak lanjut.",
    "invalid_choice": "Pilih status: direncanakan, sedang berjalan, atau selesai.",
}


class FollowUpFilterForm(PortalFormMixin, forms.Form):
    """``?tahun=&triwulan=&survei=`` of the list: a value the unit has no data for falls
    back to the default (the year of common.dates.pick_year, every quarter and survey)."""

    compact = True

    tahun = forms.TypedChoiceField(label="Tahun", coerce=int)
    triwulan = forms.TypedChoiceField(
        label="Triwulan", choices=ALL_QUARTERS, coerce=int, required=False, empty_value=None
    )
    survei = forms.ChoiceField(label="Survei", choices=ALL_SURVEYS, required=False)

    def __init__(self, query: Mapping[str, str], *, years: Sequence[int]) -> None:
        year = pick_year(query.get("tahun"), years)
        offered = sorted({*years, year}, reverse=True)
        data = {
            "tahun": str(year),
            "triwulan": _offered(query, "triwulan", ALL_QUARTERS),
            "survei": _offered(query, "survei", ALL_SURVEYS),
        }
        super().__init__(data)
        self.fields["tahun"].choices = [(str(y), str(y)) for y in offered]
        self.is_valid()  # every value offered: always valid

    @property
    def year(self) -> int:
        return int(self.cleaned_data["tahun"])

    @property
    def quarter(self) -> int | None:
        return self.cleaned_data["triwulan"]

    @property
    def kinds(self) -> tuple[str, ...]:
        kind = self.cleaned_data["survei"]
        return (kind,) if kind else tuple(SurveyKind.values)

    def query(self) -> str:
        """The list's query string for these choices (where a save leads back to)."""
        parts = [f"tahun={self.year}"]
        if self.quarter:
            parts.append(f"triwulan={self.quarter}")
        if self.cleaned_data["survei"]:
            parts.append(f"survei={self.cleaned_data['survei']}")
        return "?" + "&".join(parts)


def _offered(query: Mapping[str, str], name: str, choices: list[tuple[str, Any]]) -> str:
    """The query's value when the list offers it, else "" (the default)."""
    value = query.get(name, "")
    return value if value in {offered for offered, _ in choices} else ""


class ActionItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActionItem) -> str:
        text = obj.text if len(obj.text) <= 110 else obj.text[:109] + "…"
        return f"{obj.label} {text}"


class FollowUpForm(PortalFormMixin, forms.Form):
    """A follow-up's fields. The elements offered are the survey's (the weakest first,
    with their NRR); the action items are area VI's of the unit's plan of that year."""

    element_code = forms.ChoiceField(
        label="Unsur",
        error_messages={
            "required": "Pilih unsur yang ditindaklanjuti.",
            "invalid_choice": "Pilih salah satu unsur survei ini.",
        },
    )
    action = forms.CharField(
        label="Rencana tindak lanjut",
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tuliskan rencana tindak lanjutnya."},
    )
    action_item = ActionItemChoice(
        label="Rencana aksi Area VI (Peningkatan Kualitas Pelayanan Publik)",
        queryset=ActionItem.objects.none(),
        required=False,
        empty_label="Tidak dikaitkan dengan rencana aksi",
        help_text="Opsional: rencana aksi rencana kerja tahun yang sama yang menampung tindak lanjut ini.",
        error_messages={
            "invalid_choice": "Pilih rencana aksi Area VI dari rencana kerja satuan kerja ini "
            "pada tahun survei."
        },
    )
    status = forms.ChoiceField(
        label="Status", choices=FollowUpStatus.choices, error_messages=STATUS_MESSAGES
    )
    due_date = forms.DateField(
        label="Target selesai",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Tulis tanggal seperti 31/12/2025."},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        tallies: Sequence[ElementTally],
        weakest: Sequence[str],
        action_items: QuerySet[ActionItem],
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["element_code"].choices = element_choices(tallies, weakest)
        self.fields["action_item"].queryset = action_items


def element_choices(tallies: Sequence[ElementTally], weakest: Sequence[str]) -> list[Any]:
    """The weakest elements first (the ones the page proposes), then the others."""

    def label(t: ElementTally) -> str:
        nrr = f" (NRR {score_text(t.nrr)})" if t.nrr is not None else ""
        return f"{t.code} {t.label}{nrr}"

    by_code = {t.code: t for t in tallies}
    first = [(code, label(by_code[code])) for code in weakest if code in by_code]
    rest = [(t.code, label(t)) for t in tallies if t.code not in weakest]
    if not first:
        return rest
    return [("Unsur terlemah", first), ("Unsur lainnya", rest)]


def follow_up_initial(row: FollowUp) -> dict[str, Any]:
    return {
        "element_code": row.element_code,
        "action": row.action,
        "action_item": row.action_item_id,
        "status": row.status,
        "due_date": row.due_date,
    }


class FollowUpStatusForm(PortalFormMixin, forms.Form):
    """The status select beside a follow-up in the list (its row names the follow-up)."""

    compact = True
    hidden_labels = ("status",)

    status = forms.ChoiceField(
        label="Status", choices=FollowUpStatus.choices, error_messages=STATUS_MESSAGES
    )


def with_status_forms(rows: Iterable[FollowUp]) -> None:
    """Give each follow-up of the list the form of its status select (``status_form``:
    ids of its own, the label naming its element)."""
    for row in rows:
        form = FollowUpStatusForm(initial={"status": row.status}, auto_id=f"id_f{row.pk}_%s")
        form.fields["status"].label = f"Status tindak lanjut {row.element_code}"
        row.status_form = form  # type: ignore[attr-defined]
