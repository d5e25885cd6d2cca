"""Spreadsheet cells the portal writes: text a spreadsheet would run as a formula is escaped
(OWASP "CSV injection"), for the portal's exports and the admin's alike."""

from __future__ import annotations

from typing import Any

from import_export import fields, resources

_FORMULA_START = frozenset("=+-@")
_FORMULA_CONTROL = frozenset("\t\r")


def _formula_like(text: str) -> bool:
    """Would a spreadsheet read this text (after any apostrophes) as a formula?"""
    rest = text.lstrip("'")
    if not rest:
        return False
    return rest[0] in _FORMULA_CONTROL or rest.lstrip(" ")[:1] in _FORMULA_START


def escape_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Text that already starts with apostrophes before such a character gets one more, so that
    ``unescape_formula(escape_formula(x)) == x`` for every text.
    """
    if isinstance(value, str) and _formula_like(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    if text.startswith("'") and _formula_like(text[1:]):
        return text[1:]
    return text


class FormulaSafeMixin:
    """A django-import-export resource whose exported text is escaped against formulas."""

    def export_field(self, field: fields.Field, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))  # type: ignore[misc]


class SafeExportResource(FormulaSafeMixin, resources.Resource):
    """Exports raw values (numbers stay numbers); text is escaped against formulas."""

    @classmethod
    def get_display_name(cls) -> str:
        """The name the admin's export form shows (ModelResource has it; Resource does not)."""
        return getattr(cls._meta, "name", None) or cls.__name__


class SafeModelResource(FormulaSafeMixin, resources.ModelResource):
    """A model's rows for the admin's export, formulas escaped."""
