"""Survey documents offered as evidence of the LKE's SKM questions, from an app after lke.

The survey report (Laporan Hasil Survei Pelayanan, ``ReportJob`` kind ``laporan_skm``) is
issued by ``reports``, which sits after ``lke`` in the dependency order and may not be
imported here. So ``reports`` registers a provider when it is ready
(``ReportsConfig.ready``), and the LKE's evidence page asks this registry: the pattern of
``common.notices`` and ``reports.builders``. Without a provider the page offers none.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from access.models import Unit


@dataclass(frozen=True)
class SurveyDocument:
    """An issued survey document the user may open."""

    title: str
    url: str
    issued_at: datetime.datetime | None = None


class DocumentProvider(Protocol):
    def __call__(self, *, user: Any, unit: Unit, year: int) -> list[SurveyDocument]: ...


_providers: list[DocumentProvider] = []


def survey_document_provider_register(provider: DocumentProvider | Callable[..., Any]) -> None:
    if provider not in _providers:
        _providers.append(provider)  # type: ignore[arg-type]


def survey_documents(*, user: Any, unit: Unit, year: int) -> list[SurveyDocument]:
    """The unit's issued survey documents of the year that ``user`` may open, from every
    registered provider (none registered: none)."""
    return [doc for provider in _providers for doc in provider(user=user, unit=unit, year=year)]
