"""Loading the shipped questionnaires (``load_surveys``): surveys/data/questionnaires.json.

Idempotent: a version already loaded is left as it is (its texts may have been edited in the
admin before anyone answered); a version in the file that is missing is created. A version
with responses is frozen whatever the file says: a changed text goes into a new version
number in the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Element, Questionnaire

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "questionnaires.json"


@dataclass
class SurveyLoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def read_questionnaires(path: Path = DEFAULT_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["questionnaires"]


@transaction.atomic
def questionnaires_load(
    *, data: list[dict[str, Any]] | None = None, report: SurveyLoadReport | None = None
) -> SurveyLoadReport:
    report = report or SurveyLoadReport()
    for item in data if data is not None else read_questionnaires():
        existing = Questionnaire.objects.filter(
            kind=item["kind"], unit=None, version=item["version"]
        ).first()
        name = f"{item['kind']} v{item['version']}"
        if existing is not None:
            report.kept.append(name)
            continue
        questionnaire = Questionnaire(
            kind=item["kind"],
            version=item["version"],
            title=item["title"],
            intro=item.get("intro", ""),
            source=item.get("source", ""),
        )
        questionnaire.full_clean()
        questionnaire.save()
        for order, element in enumerate(item["elements"], start=1):
            row = Element(
                questionnaire=questionnaire,
                code=element["code"],
                order=order,
                label=element["label"],
                question=element["question"],
                labels=element["labels"],
                weight=element.get("weight"),
            )
            row.full_clean()
            row.save()
        report.created.append(name)
    return report
