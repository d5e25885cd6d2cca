from django import forms

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


class UploadForm(forms.Form):
    files = MultipleFileField(label="Berkas", required=False, help_text=f"Jenis: {ALLOWED_LABEL}.")
    note = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Keputusan",
        choices=Review.Decision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Pilih keputusan: Diterima atau Ditolak."},
    )
    comment = forms.CharField(
        label="Komentar",
        required=False,
        max_length=COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
