"""One importer per layout: check a table row by row (parse → resolve → diff), then apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..layouts import PLAN, PROGRESS, TARGETS, Layout
from ..models import ImportRecord
from ..results import RowResult
from . import plan, progress, targets

Dataset = ImportRecord.Dataset

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Importer:
    dataset: str
    layout: Layout
    check: Callable[..., tuple[list[RowResult], Any]]  # (plan, table, bound, *, lock): rows, ops
    apply: Callable[[Any, AbstractBaseUser], None]  # writes what check found


IMPORTERS = {
    i.dataset: i
    for i in (
        Importer(Dataset.PLAN.value, PLAN, plan.check, plan.apply),
        Importer(Dataset.TARGETS.value, TARGETS, targets.check, targets.apply),
        Importer(Dataset.PROGRESS.value, PROGRESS, progress.check, progress.apply),
    )
}
