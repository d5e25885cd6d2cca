"""The forms of the documents page: the export request (what the service reads), the rows
that offer it (the kinds and years of the page's unit; the survey report's year and
triwulan; the desks' posters) and a changed decree's confirmation with its reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from common.dates import today
from common.form_rendering import PortalFormMixin
from common.formatting import month_name, quarter_name
from common.limits import REASON_CHARS

from .models import ReportJob


class ExportForm(PortalFormMixin, forms.Form):
    """What every "Ekspor" button posts: checked here for shape, by the service for rules."""

    kind = forms.ChoiceField(choices=ReportJob.Kind.choices)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    # A survey report's triwulan (empty: the year); the service says what 1–4 may be.
    quarter = forms.IntegerField(required=False)
    # The confirmation step of a changed decree: why, and which version was shown.
    reason = forms.CharField(max_length=REASON_CHARS, required=False)
    base_version = forms.IntegerField(min_value=1, required=False)


class ExportChoiceForm(PortalFormMixin, forms.Form):
    """The "Ekspor PDF" row: the kinds this page's unit may export, the years of its plans,
    the month of a monthly report. Posts the names ExportForm reads."""

    compact = True
    kind = forms.ChoiceField(label="Jenis dokumen")
    year = forms.ChoiceField(label="Tahun")
    month = forms.ChoiceField(label="Bulan (laporan)", required=False)

    def __init__(self, *, kinds: list[tuple[str, str]], years: Iterable[int], **kw: Any) -> None:
        super().__init__(auto_id="%s", **kw)
        self.fields["kind"].choices = kinds
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["month"].choices = [("", "–"), *((m, month_name(m)) for m in range(1, 13))]


class SurveyReportChoiceForm(PortalFormMixin, forms.Form):
    """The survey report's row: a year the unit has survey quarters in, and a triwulan or
    the whole year. Posts the names ExportForm reads."""

    compact = True
    kind = forms.CharField(widget=forms.HiddenInput, initial=ReportJob.Kind.SURVEY_REPORT)
    year = forms.ChoiceField(label="Tahun")
    quarter = forms.ChoiceField(label="Periode", required=False)

    def __init__(self, *, years: Iterable[int], **kw: Any) -> None:
        super().__init__(auto_id="survei_%s", **kw)
        self.fields["year"].choices = [(y, y) for y in years]
        quarters = [(q, quarter_name(q)) for q in range(1, 5)]
        self.fields["quarter"].choices = [("", "Setahun penuh"), *quarters]


class PosterForm(PortalFormMixin, forms.Form):
    """The desks' QR posters: nothing to choose (every active desk); issued for the
    current year."""

    kind = forms.CharField(widget=forms.HiddenInput, initial=ReportJob.Kind.SURVEY_POSTER)
    year = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, **kw: Any) -> None:
        super().__init__(auto_id="poster_%s", initial={"year": today().year}, **kw)


class DecreeReasonForm(PortalFormMixin, forms.Form):
    """Issuing the next version of a changed decree: the reason, against the version shown.
    The service decides whether the reason will do; its refusal is put on the field."""

    kind = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    base_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=REASON_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def refused(cls, *, year: int, reason: str, version: int, error: str) -> DecreeReasonForm:
        data = {"kind": ReportJob.Kind.DECREE, "year": year, "base_version": version}
        form = cls(data={**data, "reason": reason}, auto_id="%s")
        form.fields["reason"].label = f"Alasan perubahan (dicatat pada versi {version + 1})"
        form.is_valid()
        if error:
            form.add_error("reason", error)
        return form
