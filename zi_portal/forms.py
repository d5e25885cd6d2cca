"""The account forms: Django's, drawn as the portal's (PortalFormMixin); the sign-in form
with the portal's own labels (translated in locale/)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from common.form_rendering import PortalFormMixin


class LoginForm(PortalFormMixin, auth_forms.AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class PasswordChangeForm(PortalFormMixin, auth_forms.PasswordChangeForm):
    pass
