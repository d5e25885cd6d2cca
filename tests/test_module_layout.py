"""The tree shows the architecture: reads live in selectors, a module that only reshapes
a selector's result says so and queries nothing, and a concern has a folder rather than a
file-name prefix (docs/architecture.md, "Where a new rule goes")."""

from __future__ import annotations

import ast
import re

from tests.app_code import PORTAL_APPS, ROOT

RESHAPE_ONLY = [
    "lke/comparison.py",
    "dashboards/figures.py",
    "reports/lhe/findings.py",
    "transfer/package/index.py",
    "reports/surveys/tables.py",
    "surveys/results.py",
]
QUERYING = {"objects", "filter", "exclude", "select_related", "prefetch_related", "values_list"}
# Reads used to live under these names beside the app's selectors.
READ_NAMES = {"pages", "sheet", "evaluation_sheet", "details", "activity", "documents", "asof"}


def test_reshaping_modules_say_so_and_query_nothing() -> None:
    for name in RESHAPE_ONLY:
        tree = ast.parse((ROOT / name).read_text())
        assert "reshape" in (ast.get_docstring(tree) or "").lower(), name
        used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not used & QUERYING, (name, used & QUERYING)


def test_reads_are_not_kept_beside_the_selectors() -> None:
    strays = [
        f"{app}/{name}.py"
        for app in PORTAL_APPS
        for name in READ_NAMES
        if (ROOT / app / f"{name}.py").exists()
    ]
    assert strays == []


# The format of ``areas.ActionItem.lke_codes``: named for the field, not a folder's stand-in.
NAMED_FOR_A_FIELD = {"lke_codes.py"}


def test_a_concern_has_a_folder_not_a_file_name_prefix() -> None:
    prefixed = re.compile(r"^(lke|lhe|package)_\w+\.py$")
    found = [
        f"{app}/{p.name}"
        for app in PORTAL_APPS
        for p in (ROOT / app).glob("*.py")
        if (prefixed.match(p.name) or p.stem in {"package", "lhe"})
        and p.name not in NAMED_FOR_A_FIELD
    ]
    assert found == []
