"""The Laporan Hasil Evaluasi (LHE): the TPI's evaluation of a unit's LKE for a year, built
from the database alone. Figures come from ``lke.selectors`` / ``lke.forecast`` (the same
computation as the pages); findings and recommendations from ``reports.lhe.selectors.findings``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from access.models import RoleAssignment, Unit
from common.dates import today
from common.formatting import (
    date_text,
    person_name,
    score_difference_text,
)
from common.storage import data_uri
from lke.forecast import area_shares, published
from lke.models import Answer, Assessment, Predicate, PredicateMinimum, Question, Side
from lke.scoring import ZERO, Scores, Tree
from lke.selectors import Result, assessment_result
from lke.selectors.pages import score_rows
from lke.selectors.survey_values import unit_internal_indices
from reports.lhe.findings import AreaFindings, Sources, findings_by_area

CHAIR_PLACEHOLDER = "………………………………… (nama Ketua Tim Penilai Internal)"


@dataclass(frozen=True)
class ComparisonRow:
    """One line of the comparison: the self-assessment against the TPI, as published."""

    name: str
    weight: Decimal
    unit: Decimal
    tpi: Decimal
    strong: bool = False

    @property
    def difference(self) -> Decimal:
        """The unit minus the TPI, from the two published (two-decimal) scores: the same
        difference as the comparison page (lke.comparison); positive = over-rated."""
        return published(self.unit) - published(self.tpi)

    @property
    def difference_text(self) -> str:
        """ "+1,25", "−0,50", "0,00"."""
        return score_difference_text(self.difference)


@dataclass(frozen=True)
class Requirement:
    text: str
    met: bool


@dataclass(frozen=True)
class PredicateBlock:
    code: str  # "WBK"
    name: str  # "Menuju WBK"
    met: bool
    requirements: list[Requirement]


def lhe_assessment(unit: Unit, year: int) -> Assessment | None:
    return (
        Assessment.objects.select_related("unit", "worksheet").filter(unit=unit, year=year).first()
    )


def lhe_years(unit: Unit) -> list[Assessment]:
    """The unit's assessments, newest year first: the LHE the export page offers."""
    return list(Assessment.objects.filter(unit=unit).order_by("-year"))


def tpi_members(unit: Unit) -> list[Any]:
    """Users holding the TPI role on the unit, in the order they were appointed."""
    roles = (
        RoleAssignment.objects.filter(unit=unit, role=RoleAssignment.Role.TPI)
        .select_related("user")
        .order_by("pk")
    )
    return [r.user for r in roles]


def predicate_blocks(result: Result) -> list[PredicateBlock]:
    """WBK and WBBM: every requirement with a minimum, met or not, and what the verdict adds
    beyond them (WBBM needs the WBK predicate already)."""
    blocks = []
    for code, verdict in result.verdicts.items():
        rows = [Requirement(c.text, c.met) for c in verdict.checks]
        known = {c.text for c in verdict.checks}
        rows += [Requirement(text, False) for text in verdict.unmet if text not in known]
        blocks.append(PredicateBlock(code, str(Predicate(code).label), verdict.met, rows))
    return blocks


def comparison_rows(tree: Tree, unit: Scores, tpi: Scores) -> list[ComparisonRow]:
    """Each area of change (Pemenuhan and Reform together), the two komponen, the total."""
    unit_areas = {a.node_ids: a for a in area_shares(tree, unit)}
    rows = [
        ComparisonRow(area.name, area.weight, unit_areas[area.node_ids].score, area.score)
        for area in area_shares(tree, tpi)
    ]
    for node_id, attr in ((tree.pengungkit_id, "pengungkit"), (tree.hasil_id, "hasil")):
        if node_id is not None:
            node = tree.by_id[node_id]
            rows.append(
                ComparisonRow(node.name, node.weight, getattr(unit, attr), getattr(tpi, attr))
            )
    weight = sum((tree.by_id[r].weight for r in tree.roots), ZERO)
    rows.append(ComparisonRow("Nilai total", weight, unit.total, tpi.total, strong=True))
    return rows


def _sources(assessment: Assessment, result: Result) -> tuple[Sources, Scores]:
    # the self-assessment as the LKE pages score it: an empty IPAK/IPKP forecast from the
    # unit's internal surveys (lke/selectors/survey_values.py)
    unit = assessment_result(assessment, Side.UNIT, tree=result.tree)
    unit_answers = unit.answers
    questions = {
        q.pk: q
        for q in Question.objects.filter(worksheet_id=assessment.worksheet_id).only(
            "id", "code", "text", "criteria", "answer_type", "scheme"
        )
    }
    notes = dict(
        Answer.objects.filter(assessment=assessment, side=Side.TPI)
        .exclude(note="")
        .values_list("question_id", "note")
    )
    src = Sources(questions, result.answers, unit_answers, notes)
    return src, unit.scores


def _logo_uri(unit: Unit) -> str:
    return data_uri(unit.logo)


def lhe_title(unit: Unit, year: int) -> str:
    return f"Laporan Hasil Evaluasi Pembangunan Zona Integritas {unit.name} Tahun {year}"


def lhe_context(assessment: Assessment) -> dict[str, Any]:
    """Everything the LHE prints, the TPI's side scored as its answers stand."""
    unit = assessment.unit
    result = assessment_result(assessment, Side.TPI)
    src, unit_scores = _sources(assessment, result)
    members = tpi_members(unit)
    completed = assessment.state == Assessment.State.COMPLETED
    areas: list[AreaFindings] = findings_by_area(result.tree, result.scores, src)
    return {
        "unit": unit,
        "year": assessment.year,
        "assessment": assessment,
        "state_label": assessment.get_state_display(),
        "draft": not completed,
        "worksheet": assessment.worksheet,
        "title": lhe_title(unit, assessment.year),
        "logo_uri": _logo_uri(unit),
        "members": [
            {"name": person_name(user), "role": "Ketua" if i == 0 else "Anggota"}
            for i, user in enumerate(members)
        ],
        "chair": person_name(members[0]) if members else CHAIR_PLACEHOLDER,
        "result": result,
        "scores": result.scores,
        "score_rows": score_rows(result.scores),
        "total_weight": sum((result.tree.by_id[r].weight for r in result.tree.roots), ZERO),
        "answered_count": len(result.tree.questions) - len(result.scores.unanswered),
        "question_count": len(result.tree.questions),
        "predicates": predicate_blocks(result),
        "comparison": comparison_rows(result.tree, unit_scores, result.scores),
        "areas": areas,
        "finding_count": sum(len(a.findings) for a in areas),
        "place": unit.city,
        "date": date_text(today()),
    }


def lhe_fingerprint(assessment: Assessment) -> str:
    """What the LHE of an assessment prints, apart from its date: the unit, the
    assessment's state and worksheet, both sides' answers and notes, the predicate
    minimums, the TPI's members and the unit's internal survey indices (they forecast an
    empty IPAK/IPKP of the self-assessment). An issued LHE with the same fingerprint says
    what a new one would (the submission package reuses it). Seven queries."""
    unit = assessment.unit
    answers = (
        Answer.objects.filter(assessment=assessment)
        .order_by("question_id", "side")
        .values_list("question_id", "side", "choice", "number", "note")
    )
    minimums = PredicateMinimum.objects.filter(worksheet_id=assessment.worksheet_id).values_list(
        "predicate", "requirement", "minimum"
    )
    content = [
        [unit.name, unit.city, unit.logo.name if unit.logo else ""],
        [assessment.state, assessment.holds_wbk, assessment.worksheet.source_sha256],
        [
            [q, side, choice, str(number) if number is not None else None, note]
            for q, side, choice, number, note in answers
        ],
        sorted([p, r, str(m)] for p, r, m in minimums),
        [person_name(user) for user in tpi_members(unit)],
        sorted(
            [kind, str(index.value)]
            for kind, index in unit_internal_indices(unit.pk, assessment.year).items()
        ),
    ]
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def lhe_html(context: dict[str, Any], *, verify: dict[str, Any]) -> str:
    return render_to_string("reports/pdf/lhe.html", {**context, **verify})
