"""Code decides on values, never on labels.

A choice's label follows the language the user chose (``Evidence.Status.DITERIMA.label``
is "Accepted" in English), so comparing labels, keying a dict by them or storing one where
a value belongs breaks ranks and badges once someone picks English (the pages in English:
tests/test_pages_in_english.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

from tests.app_code import PORTAL_APPS, ROOT, app_files

DISPLAY = re.compile(r"^get_\w+_display$")


# Python: labels are for showing


def _is_member(node: ast.AST, members: set[str]) -> bool:
    """``Status.DITERIMA``, ``Predicate(key)`` or a name bound to one of them."""
    if isinstance(node, ast.Attribute):
        return node.attr.isupper()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
        callee = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        return callee[:1].isupper() and callee[1:2].islower()
    return isinstance(node, ast.Name) and node.id in members


def _walk_scope(scope: ast.AST) -> Iterator[ast.AST]:
    """A function's nodes; a module's (and its classes') outside its functions."""
    if not isinstance(scope, ast.Module | ast.ClassDef):
        yield from ast.walk(scope)
        return
    for statement in scope.body:
        if isinstance(statement, ast.ClassDef):
            yield from _walk_scope(statement)
        elif not isinstance(statement, ast.FunctionDef):
            yield from ast.walk(statement)


class Scope:
    """The names a function (or a module's top level) binds to choice members (``state =
    State(value)``) and to labels (``label = x.get_kind_display()``, the ``label`` of ``for
    value, label in X.choices``)."""

    def __init__(self, scope: ast.AST) -> None:
        self.members: set[str] = set()
        self.labels: set[str] = set()
        assigns = [n for n in _walk_scope(scope) if isinstance(n, ast.Assign)]
        for a in assigns:
            if _is_member(a.value, set()):
                self.members |= {t.id for t in a.targets if isinstance(t, ast.Name)}
        for a in assigns:
            if self.is_label(a.value):
                self.labels |= {t.id for t in a.targets if isinstance(t, ast.Name)}
        for n in _walk_scope(scope):
            if (
                isinstance(n, ast.For | ast.comprehension)
                and isinstance(n.iter, ast.Attribute)
                and n.iter.attr == "choices"
                and isinstance(n.target, ast.Tuple)
                and len(n.target.elts) == 2
                and isinstance(n.target.elts[1], ast.Name)
            ):
                self.labels.add(n.target.elts[1].id)

    def is_label(self, node: ast.AST | None) -> bool:
        """``x.get_status_display()``, ``Status.DITERIMA.label``, ``Predicate(key).label``,
        a label's ``str(...)``, or a name that holds one."""
        if node is None:
            return False
        for sub in ast.walk(node):
            call = isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
            if call and DISPLAY.match(sub.func.attr):
                return True
            member_label = isinstance(sub, ast.Attribute) and sub.attr == "label"
            if member_label and _is_member(sub.value, self.members):
                return True
            if isinstance(sub, ast.Name) and sub.id in self.labels:
                return True
        return False


def choice_fields() -> set[str]:
    """The names of the portal's model fields that take a fixed list of values."""
    return {
        f.name
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS
        for f in model._meta.get_fields()
        if getattr(f, "choices", None)
    }


LOOKUPS = {"get", "setdefault", "pop", "index", "count"}


def _uses(tree: ast.Module, fields: set[str]) -> Iterator[tuple[int, str]]:
    """(line, what) of every place a label decides or is stored where a value belongs."""
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
    for scope in scopes:
        label = Scope(scope).is_label
        for node in _walk_scope(scope):
            if isinstance(node, ast.Compare):
                if any(label(x) for x in [node.left, *node.comparators]):
                    yield node.lineno, "compared"
            elif isinstance(node, ast.Dict):
                if any(label(k) for k in node.keys):
                    yield node.lineno, "dict key"
            elif isinstance(node, ast.DictComp) and label(node.key):
                yield node.lineno, "dict key"
            elif isinstance(node, ast.Subscript) and label(node.slice):
                yield node.lineno, "looked up"
            elif isinstance(node, ast.Call):
                func = node.func
                lookup = isinstance(func, ast.Attribute) and func.attr in LOOKUPS
                if lookup and node.args and label(node.args[0]):
                    yield node.lineno, "looked up"
                for kw in node.keywords:
                    if kw.arg in fields and label(kw.value):
                        yield node.lineno, f"stored as {kw.arg}="
                    if kw.arg == "key" and label(kw.value):
                        yield node.lineno, "sort key"


def python_files() -> Iterator[Path]:
    yield from app_files()


def label_decisions(source: str, fields: set[str]) -> list[tuple[int, str]]:
    return sorted(set(_uses(ast.parse(source), fields)))


def test_no_code_compares_looks_up_or_stores_a_choice_label() -> None:
    fields = choice_fields()
    assert {"status", "state", "kind", "decision"} <= fields
    found = [
        f"{path.relative_to(ROOT)}:{line}: label {what}"
        for path in python_files()
        for line, what in label_decisions(path.read_text(), fields)
    ]
    assert found == []


def test_the_label_scan_finds_each_way_a_label_decides() -> None:
    """The scan itself: each of these is found; a label only shown is not."""
    fields = {"status", "state"}
    found = {
        "def f(a):\n    state = State(a.state)\n    return Lke(state=str(state.label))": (
            "stored as state="
        ),
        "class Row:\n    RANK = {Status.DITERIMA.label: 0}": "dict key",
        "rank = {str(Evidence.Status.DITERIMA.label): 0}": "dict key",
        "ok = e.get_status_display() == 'Diterima'": "compared",
        "ok = 'Diterima' in e.get_status_display()": "compared",
        "File(status=str(e.get_status_display()))": "stored as status=",
        "x = RANK[Predicate(key).label]": "looked up",
        "x = RANK.get(e.get_status_display(), 3)": "looked up",
        "def f(e):\n    label = e.get_status_display()\n    return label == 'Diterima'": "compared",
        "names = {label: value for value, label in Status.choices}": "dict key",
        "rows.sort(key=lambda r: r.get_status_display())": "sort key",
    }
    for source, what in found.items():
        assert [w for _, w in label_decisions(source, fields)] == [what], source
    shown = [
        "text = f'bukti dukung: {r.get_status_display()}'",
        "label = str(record.get_dataset_display())\nif label[1:2].islower():\n    pass",
        "File(status=e.status, label=str(e.get_status_display()))",
        "ok = action.label == 'a.'",  # a plan item's own label (a field), not a choice
    ]
    for source in shown:
        assert label_decisions(source, fields) == [], source
