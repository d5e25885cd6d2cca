"""What an import found: per row what would be created or changed, and every error."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from access.models import Unit

from .choices import RowAction
from .models import ImportRecord


@dataclass
class CellError:
    column: str  # as the user reads it: "D (Realisasi (%))"; blank for the row as a whole
    message: str
    key: str | None = field(default=None, compare=False, repr=False)  # the layout's column

    def __str__(self) -> str:
        return f"kolom {self.column}: {self.message}" if self.column else self.message


@dataclass
class RowResult:
    number: int
    label: str = ""
    action: str = ""  # a RowAction ("" until the importer decides)
    changes: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return str(RowAction(self.action).label) if self.action in RowAction.values else self.action

    @property
    def is_created(self) -> bool:
        return self.action == RowAction.BARU

    @property
    def is_updated(self) -> bool:
        return self.action == RowAction.DIUBAH

    @property
    def is_error(self) -> bool:
        return self.action == RowAction.GALAT


@dataclass
class ImportResult:
    dataset: str
    unit: Unit
    year: int
    file_name: str
    sha256: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    digest: str = ""
    stale: bool = False
    record: ImportRecord | None = None
    # Counts the preview shows by a group of the rows (a survey import: respondents per
    # quarter), in order: (what, how many).
    groups: list[tuple[str, int]] = field(default_factory=list)
    groups_title: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def dataset_label(self) -> str:
        return str(ImportRecord.Dataset(self.dataset).label)

    def count(self, *actions: str) -> int:
        return sum(1 for r in self.rows if r.action in actions)

    @property
    def created(self) -> int:
        return self.count(RowAction.BARU)

    @property
    def updated(self) -> int:
        return self.count(RowAction.DIUBAH)

    @property
    def unchanged(self) -> int:
        return self.count(RowAction.TETAP, RowAction.DILEWATI)

    @property
    def changed(self) -> bool:
        return self.created + self.updated > 0

    def messages(self) -> list[str]:
        """Every error as one line: the file's own, then "Baris N, kolom X (…): …"."""
        out = list(self.file_errors)
        for r in self.rows:
            out.extend(f"Baris {r.number}, {e}" for e in r.errors)
        return out

    def set_rows(self, rows: list[RowResult]) -> None:
        """The rows as checked, and the digest that tells whether a later check differs."""
        self.rows = rows
        payload = [[r.number, r.action, r.changes] for r in rows]
        self.digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
