"""The portal's way of drawing fields (Bootstrap classes, templates/forms/field.html) is
the portal's forms' only: they opt in with PortalFormMixin. The admin's forms — its
ModelForms, its sign-in — render as stock Django, with no Bootstrap class on a widget."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from access.models import Unit
from common.form_rendering import PortalBoundField, PortalFormMixin
from tests.app_code import PORTAL_APPS

BOOTSTRAP = re.compile(r"\b(form-control|form-select|form-check-input|is-invalid)\b")


def form_classes(base: type = forms.BaseForm) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub, *form_classes(sub)}
    return found


def widget_classes(html: str) -> list[str]:
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return [c for tag in tags for c in re.findall(r'class="([^"]*)"', tag)]


def test_every_form_of_the_portal_opts_in_and_no_admin_form_does() -> None:
    get_resolver().url_patterns  # noqa: B018 (imports every view, so every form module)
    portal = {
        f
        for f in form_classes()
        if f.__module__.split(".")[0] in PORTAL_APPS and ".admin" not in f.__module__
    }
    assert len(portal) >= 20
    missing = sorted(f.__qualname__ for f in portal if not issubclass(f, PortalFormMixin))
    assert missing == []
    assert not issubclass(admin.helpers.ActionForm, PortalFormMixin)


@pytest.mark.django_db
def test_admin_form_widgets_have_no_bootstrap_class_and_portal_widgets_do(
    client: Client, people: dict, province: Unit
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = people["admin"]
    admin_form = admin.site._registry[Unit].get_form(request, province)(instance=province)
    assert not any(isinstance(f, PortalBoundField) for f in admin_form)
    assert BOOTSTRAP.findall(str(admin_form)) == []

    client.force_login(people["admin"])
    for url in [
        reverse("admin:access_unit_change", args=[province.pk]),
        reverse("admin:auth_user_change", args=[people["ketua"].pk]),
        reverse("admin:access_unit_changelist"),
    ]:
        html = client.get(url).content.decode()
        assert "<select" in html or "<input" in html, url
        assert [c for c in widget_classes(html) if BOOTSTRAP.search(c)] == [], url
    client.logout()
    assert BOOTSTRAP.findall(client.get(reverse("admin:login")).content.decode()) == []

    # the portal's own sign-in and password pages keep Bootstrap's classes
    login = widget_classes(client.get(reverse("login")).content.decode())
    assert "form-control" in login
    client.force_login(people["ketua"])
    password = widget_classes(client.get(reverse("password_change")).content.decode())
    assert password.count("form-control") == 3
