"""How every form field of the portal is drawn: one field template (``forms/field.html``:
label, widget, help, errors) and one BoundField that gives each widget Bootstrap's class,
``is-invalid`` when the field has errors, and — from Django — ``aria-invalid`` and the
``aria-describedby`` that names the help and error ids the template writes.

Only the portal's forms are drawn so: they opt in with ``PortalFormMixin`` (the first base
of every form class in the portal's apps: ``tests/test_form_scope.py``). Any other form —
the admin's, Django's own — keeps Django's BoundField and field template, so the admin
renders as stock Django.

A form says how compact its fields are with two class attributes, read here:
``compact = True`` (small controls and labels, for rows and table cells) and
``hidden_labels = ("note", ...)`` (labels kept for screen readers only, where a column
heading or the row already says what the field is).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
FIELD_TEMPLATE = "forms/field.html"


def widget_class(widget: forms.Widget, *, compact: bool) -> str:
    """Bootstrap's class for a widget: form-check-input, form-select or form-control."""
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return f"{base} {base}-sm" if compact else base


class PortalBoundField(BoundField):
    @property
    def template_name(self) -> str:
        """``as_field_group`` draws the portal's field template (a field may name its own)."""
        return self.field.template_name or FIELD_TEMPLATE

    @property
    def compact(self) -> bool:
        return bool(getattr(self.form, "compact", False))

    @property
    def label_hidden(self) -> bool:
        return self.name in getattr(self.form, "hidden_labels", ())

    @property
    def is_check(self) -> bool:
        """A single checkbox: its label follows the box (Bootstrap's form-check)."""
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def label_class(self) -> str:
        if self.label_hidden:
            return "visually-hidden"
        if self.is_check:
            return "form-check-label small" if self.compact else "form-check-label"
        return "form-label small mb-1" if self.compact else "form-label"

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        classes = [widget_class(widget, compact=self.compact), widget.attrs.get("class", "")]
        if self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(dict.fromkeys(c for c in " ".join(classes).split()))
        return attrs


class PortalFormMixin:
    """The first base of every portal form: its fields are PortalBoundFields (Django 5.2
    reads ``bound_field_class`` from the form before the renderer)."""

    bound_field_class = PortalBoundField


class PortalFormRenderer(TemplatesSetting):
    """FORM_RENDERER: templates come from TEMPLATES (so ``templates/forms/`` is found).
    It adds no field template or BoundField of its own: those come with PortalFormMixin,
    and the admin's forms render as stock Django."""


class RadioChoices(forms.RadioSelect):
    """Radio buttons drawn as Bootstrap's form-check rows."""

    template_name = "forms/widgets/choices.html"
    option_template_name = "forms/widgets/choice.html"


class CheckChoices(forms.CheckboxSelectMultiple):
    """Checkboxes drawn as Bootstrap's form-check rows."""

    template_name = "forms/widgets/choices.html"
    option_template_name = "forms/widgets/choice.html"
