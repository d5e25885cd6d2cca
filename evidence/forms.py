from typing import Any

from django import forms
from django.conf import settings

from common.form_rendering import PortalFormMixin, RadioChoices
from common.formatting import size_text
from common.limits import COMMENT_CHARS

from .filetypes import ALLOWED_LABEL
from .models import Review


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(PortalFormMixin, forms.Form):
    files = MultipleFileField(label="Berkas (boleh lebih dari satu)", required=False)
    note = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"Jenis: {ALLOWED_LABEL}. "
            f"Ukuran maksimal {size_text(settings.MAX_UPLOAD_BYTES)} per berkas."
        )


class ReviewForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=Review.Decision.choices,
        widget=RadioChoices,
        error_messages={"required": "Pilih keputusan: Diterima atau Ditolak."},
    )
    comment = forms.CharField(
        label="Komentar (wajib bila ditolak)",
        required=False,
        max_length=COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
