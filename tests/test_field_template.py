"""Every form field is drawn by templates/forms/field.html: a refused value shows its
message next to the field, and the widget points at it (aria-describedby, aria-invalid)."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings

from common.form_rendering import PortalBoundField, PortalFormMixin, PortalFormRenderer


class SampleForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label="Tahun", help_text="Empat angka, mis. 2025.")
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea)


def test_the_portal_renders_every_form_with_its_field_template() -> None:
    assert settings.FORM_RENDERER == "common.form_rendering.PortalFormRenderer"
    assert isinstance(SampleForm().renderer, PortalFormRenderer)
    field = SampleForm()["year"]
    assert isinstance(field, PortalBoundField)
    assert field.template_name == "forms/field.html"


def test_an_error_sits_next_to_its_field_and_the_widget_points_at_it() -> None:
    form = SampleForm(data={"year": "dua ribu"})
    assert not form.is_valid()
    html = form["year"].as_field_group()
    widget = re.search(r"<input[^>]*>", html)[0]
    assert 'aria-invalid="true"' in widget
    assert 'aria-describedby="id_year_helptext id_year_error"' in widget
    assert re.search(r'class="form-control is-invalid"', widget)
    error = re.search(
        r'<div class="invalid-feedback d-block" id="id_year_error"[^>]*>([^<]*)</div>', html
    )
    assert error and error[1] == "Masukkan keseluruhan angka bilangan."
    assert 'id="id_year_helptext">Empat angka, mis. 2025.</div>' in html
    assert '<label class="form-label" for="id_year">Tahun</label>' in html
    # the field without an error is not marked
    other = form["note"].as_field_group()
    assert "aria-invalid" not in other and "aria-describedby" not in other
    assert "is-invalid" not in other and "invalid-feedback" not in other
