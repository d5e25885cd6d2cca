"""Forms of a question's evidence page (attach, tick a document) and of the plan ↔ LKE
mapping page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from areas.models import ActionItem, Component, WorkPlan
from common.form_rendering import CheckChoices, PortalFormMixin
from evidence.forms import UploadForm
from lke.selectors.evidence import DocumentRow, QuestionFile


class AttachForm(UploadForm):
    """New files for the question, and which of its current attachments stay."""

    keep = forms.TypedMultipleChoiceField(
        label="Lampiran yang tetap dipakai",
        coerce=int,
        required=False,
        widget=CheckChoices,
    )

    def __init__(self, *args: Any, current: list[QuestionFile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        files = self.fields["files"]
        files.label = "Berkas baru (boleh lebih dari satu)"
        files.help_text += " Setiap unggahan menjadi versi baru lampiran pertanyaan ini."
        self.fields["keep"].choices = [(f.file_id, f.name) for f in current]
        self.fields["keep"].initial = [f.file_id for f in current]


class DocumentForm(PortalFormMixin, forms.Form):
    """Tick one expected document by choosing one of the question's files ("" unticks)."""

    compact = True
    hidden_labels = ("file",)  # the document's text above names it

    document = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    file = forms.ChoiceField(label="Berkas", required=False)

    def __init__(self, *args: Any, files: list[QuestionFile], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files = {f.key: f for f in files}
        choices = [("", "— belum dipilih —"), *((f.key, f.label) for f in files)]
        self.fields["file"].choices = choices

    @classmethod
    def of_row(cls, row: DocumentRow, files: list[QuestionFile]) -> DocumentForm:
        """The form of one document on the page: its own ids, its chosen file selected."""
        initial = {"document": row.index, "file": row.file.key if row.file else ""}
        form = cls(initial=initial, files=files, auto_id=f"doc-{row.index}-%s")
        form.fields["file"].label = f"Berkas untuk dokumen {row.index + 1}"
        return form

    def chosen(self) -> QuestionFile | None:
        return self.files.get(self.cleaned_data.get("file") or "")


class MappingForm(PortalFormMixin, forms.Form):
    """Every component's sub-area code ("c<id>") and action item's question codes
    ("a<id>") of one plan; the checks are the models' (areas.mapping.plan_mapping_save)."""

    compact = True

    def __init__(self, *args: Any, plan: WorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(
            plan.components.select_related("area").order_by("kind", "area__order", "order")
        )
        self.actions = list(
            ActionItem.objects.filter(area__plan=plan)
            .select_related("area")
            .order_by("area__order", "order")
        )
        for c in self.components:
            self.fields[f"c{c.pk}"] = _code_field(f"Kode sub-area {c.name}", c.lke_code, 8)
        for a in self.actions:
            label = f"{a.area.number}.{a.label}"
            codes = ", ".join(a.lke_codes)
            self.fields[f"a{a.pk}"] = _code_field(f"Kode pertanyaan {label}", codes, 200)

    @property
    def hidden_labels(self) -> list[str]:
        """Every field: the table's row and column say what a cell's code is for."""
        return list(self.fields)

    def component_codes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.components}

    def action_codes(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"a{a.pk}"] for a in self.actions}

    def rows(self, names: Mapping[int, str]) -> MappingRows:
        """Each component with its field and its sub-area's name (``names``: component id →
        name), each action item with its field, in plan order."""
        return MappingRows(
            [(c, self[f"c{c.pk}"], names.get(c.pk, "")) for c in self.components],
            [(a, self[f"a{a.pk}"]) for a in self.actions],
        )


@dataclass(frozen=True)
class MappingRows:
    components: list[tuple[Component, Any, str]]
    actions: list[tuple[ActionItem, Any]]


def _code_field(label: str, initial: str, max_length: int) -> forms.CharField:
    return forms.CharField(label=label, initial=initial, required=False, max_length=max_length)
