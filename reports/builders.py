"""Job kinds whose document is built by an app above ``reports``.

A job's file is usually a PDF that ``reports.rendering`` renders. The submission package
(a ZIP holding the LKE workbook, the LHE and the evidence) needs the workbook writer of
``transfer``, which sits above ``reports`` in the dependency order and may not be imported
here. So an app registers the builder of its kind when it is ready
(``TransferConfig.ready``), and ``reports.jobs.job_run`` asks this registry first: the same
pattern as ``common.notices``.

A builder writes its file to disk (never the whole file in memory) and returns it as a
:class:`BuiltFile`; the job stores it as its output, moving the file when it can.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import ReportJob

Progress = Callable[[int], None]


@dataclass(frozen=True)
class BuiltFile:
    """A finished file on disk and what it is issued as. ``path`` belongs to the job from
    now on: it is moved into storage (or deleted) once stored."""

    path: Path
    sha256: str
    size: int
    number: str
    title: str
    signer: str = ""


class FileBuilder(Protocol):
    def __call__(self, job: ReportJob, progress: Progress) -> BuiltFile: ...


_builders: dict[str, FileBuilder] = {}


def file_builder_register(kind: str, builder: FileBuilder) -> None:
    _builders[kind] = builder


def file_builder(kind: str) -> FileBuilder | None:
    """The registered builder of a job kind; None for the PDFs ``rendering`` makes."""
    return _builders.get(kind)
