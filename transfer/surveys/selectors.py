"""The reads of the survey import page: each survey's columns (the unit's current
questionnaire), the unit's services and quarters, and the survey imports so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from access.models import Unit
from surveys.models import Questionnaire, Service, SurveyPeriod
from surveys.selectors import current_questionnaire, questionnaire_elements

from ..models import ImportRecord
from .layout import DATASETS, POPULATION, POPULATION_DATASET, survey_columns


@dataclass(frozen=True)
class SheetColumns:
    """One dataset the page offers: its value, label and the template's columns ("" when
    its questionnaire is not loaded)."""

    dataset: str
    label: str
    columns: list[str] = field(default_factory=list)

    @property
    def is_ready(self) -> bool:
        return bool(self.columns)


@dataclass(frozen=True)
class ImportPage:
    sheets: list[SheetColumns]
    services: list[Service]
    periods: list[SurveyPeriod]
    records: list[ImportRecord]


def import_page(unit: Unit) -> ImportPage:
    sheets = []
    for dataset in DATASETS:
        label = str(ImportRecord.Dataset(dataset).label)
        if dataset == POPULATION_DATASET:
            sheets.append(SheetColumns(dataset, label, [c.header for c in POPULATION.columns]))
            continue
        try:
            elements = questionnaire_elements(current_questionnaire(unit, dataset))
        except Questionnaire.DoesNotExist:
            sheets.append(SheetColumns(dataset, label))
            continue
        sheets.append(SheetColumns(dataset, label, [c.header for c in survey_columns(elements)]))
    records = (
        ImportRecord.objects.filter(unit=unit, dataset__in=DATASETS)
        .select_related("imported_by")
        .order_by("-imported_at")[:50]
    )
    return ImportPage(
        sheets=sheets,
        services=list(Service.objects.filter(unit=unit, is_active=True).order_by("order", "name")),
        periods=list(SurveyPeriod.objects.filter(unit=unit).order_by("-year", "-quarter")[:12]),
        records=list(records),
    )
