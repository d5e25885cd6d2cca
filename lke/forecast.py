"""The WBK/WBBM forecast: each predicate minimum checked, and the cheapest steps up.

The minimums are the worksheet's ``PredicateMinimum`` rows (admin-editable). Every score is
compared as the evaluators publish it: rounded to two decimals, half-up — so a total shown
as "75,00" passes a minimum of 75 and "74,99" does not. An area's share is its score (both
its Pemenuhan and its Reform node, summed) over its weight (both weights summed); the text
shows the share with one decimal rounded *down*, so a share that fails never reads as the
minimum. Rules and sources: docs/lke.md.

An IPAK or IPKP value may carry a note (``notes``: question id → words): where it came from
when the unit left it empty (the internal survey, lke/selectors/survey_values.py) or how far
an entered value is from the internal survey; the requirement's text ends with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from access.models import AreaCode
from common.formatting import decimal_text, number_text, score_text

from .models import Predicate, PredicateMinimum
from .scoring import SURVEY_MAX, ZERO, AnswerValue, Level, SchemeKey, Scores, Tree

Requirement = PredicateMinimum.Requirement
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def published(value: Decimal) -> Decimal:
    """A score as published and compared: two decimals, half-up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Check:
    """One requirement of a predicate, in points (the minimum of an area in points too)."""

    requirement: str
    label: str
    value: Decimal
    minimum: Decimal
    text: str
    # Whose score this is: nodes (a step below one of them moves it) or one question.
    node_ids: frozenset[int] = frozenset()
    question_id: int | None = None

    @property
    def met(self) -> bool:
        return self.value >= self.minimum

    @property
    def gap(self) -> Decimal:
        return max(self.minimum - self.value, ZERO)


@dataclass(frozen=True)
class Verdict:
    met: bool
    unmet: list[str]
    checks: list[Check] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One step up on one question, and what it gains (points of the total)."""

    question_id: int
    current: str
    target: str
    target_label: str
    gain: Decimal
    # The part of the gain that closes gaps of the unmet requirements (summed over them).
    toward: Decimal = ZERO


@dataclass(frozen=True)
class AreaShare:
    """One of the six areas of change: its Pemenuhan and Reform nodes together."""

    area_code: str
    name: str  # "Penguatan Pengawasan"
    node_ids: frozenset[int]
    weight: Decimal
    score: Decimal  # full precision

    @property
    def share(self) -> Decimal:
        """Percent of the weight, from the published (two-decimal) score."""
        return published(self.score) / self.weight * HUNDRED if self.weight else ZERO


def area_shares(tree: Tree, scores: Scores) -> list[AreaShare]:
    """Each area of change (by its plan area; an area node without one stands alone)."""
    groups: dict[str, list[int]] = {}
    for node in tree.nodes:
        if node.level == Level.AREA:
            groups.setdefault(node.area_code or f"#{node.id}", []).append(node.id)
    return [
        AreaShare(
            "" if code.startswith("#") else code,
            tree.by_id[ids[0]].name if code.startswith("#") else str(AreaCode(code).label),
            frozenset(ids),
            sum((tree.by_id[n].weight for n in ids), ZERO),
            sum((scores.by_node[n].score for n in ids), ZERO),
        )
        for code, ids in groups.items()
    ]


def _area_checks(tree: Tree, scores: Scores, minimum: Decimal) -> list[Check]:
    checks = []
    for area in area_shares(tree, scores):
        if not area.weight:
            continue
        share = decimal_text(area.share, places=1, rounding=ROUND_DOWN)
        text = f"Area {area.name} {share} % dari bobot (minimal {number_text(minimum)} %)"
        needed = minimum * area.weight / HUNDRED
        label = f"Area {area.name}"
        value = published(area.score)
        checks.append(Check(Requirement.AREA_SHARE, label, value, needed, text, area.node_ids))
    return checks


def survey_minimum(minimum: Decimal, weight: Decimal) -> Decimal:
    """The survey value (0–4 scale) a minimum in points asks of a question of ``weight``:
    points are survey ÷ 4 × weight, so the survey needs minimum ÷ weight × 4."""
    return minimum / weight * SURVEY_MAX


def _survey_check(
    tree: Tree,
    scores: Scores,
    requirement: str,
    label: str,
    question_id: int,
    minimum: Decimal,
    note: str = "",
) -> list[Check]:
    """IPAK/IPKP: compared as points (survey ÷ 4 × weight), shown on the 0–4 scale; the
    value's note (where it came from) closes the text."""
    weight = tree.questions[question_id].weight
    if not weight:
        return []
    value = scores.question_values[question_id]
    text = (
        f"{label} {score_text(value * SURVEY_MAX)} "
        f"(minimal {score_text(survey_minimum(minimum, weight))}{'; ' + note if note else ''})"
    )
    points = published(value * weight)
    return [Check(requirement, label, points, minimum, text, question_id=question_id)]


def _scored(
    requirement: str,
    label: str,
    value: Decimal,
    minimum: Decimal,
    *,
    node_ids: frozenset[int] = frozenset(),
    question_id: int | None = None,
) -> Check:
    """A requirement on a score in points: "Nilai total 72,40 (minimal 75,00)"."""
    value = published(value)
    text = f"{label} {score_text(value)} (minimal {score_text(minimum)})"
    return Check(requirement, label, value, minimum, text, node_ids, question_id)


def predicate_checks(
    tree: Tree, scores: Scores, predicate: str, notes: Mapping[int, str] | None = None
) -> list[Check]:
    """Every requirement of the predicate that has a minimum in the worksheet; ``notes``
    (question id → words) say where a survey value came from."""
    notes = notes or {}
    checks: list[Check] = []
    for requirement in Requirement.values:
        minimum = tree.minimums.get((predicate, requirement))
        if minimum is None:
            continue
        if requirement == Requirement.TOTAL:
            nodes = frozenset(tree.roots)
            checks.append(
                _scored(requirement, "Nilai total", scores.total, minimum, node_ids=nodes)
            )
        elif requirement == Requirement.PENGUNGKIT and tree.pengungkit_id:
            checks.append(
                _scored(
                    requirement,
                    "Komponen pengungkit",
                    scores.pengungkit,
                    minimum,
                    node_ids=frozenset({tree.pengungkit_id}),
                )
            )
        elif requirement == Requirement.AREA_SHARE:
            checks.extend(_area_checks(tree, scores, minimum))
        elif requirement == Requirement.BERSIH and tree.bersih_id:
            value = scores.by_node[tree.bersih_id].score
            checks.append(
                _scored(
                    requirement,
                    "Birokrasi yang Bersih dan Akuntabel",
                    value,
                    minimum,
                    node_ids=frozenset({tree.bersih_id}),
                )
            )
        elif requirement == Requirement.CAPAIAN and tree.capaian_id:
            question = tree.questions[tree.capaian_id]
            value = scores.question_values[question.id] * question.weight
            checks.append(
                _scored(requirement, "Capaian kinerja", value, minimum, question_id=question.id)
            )
        elif requirement == Requirement.IPAK and tree.ipak_id:
            note = notes.get(tree.ipak_id, "")
            checks.extend(
                _survey_check(tree, scores, requirement, "IPAK", tree.ipak_id, minimum, note)
            )
        elif requirement == Requirement.IPKP and tree.ipkp_id:
            note = notes.get(tree.ipkp_id, "")
            checks.extend(
                _survey_check(tree, scores, requirement, "IPKP", tree.ipkp_id, minimum, note)
            )
    return checks


def verdicts(
    tree: Tree, scores: Scores, *, holds_wbk: bool, notes: Mapping[int, str] | None = None
) -> dict[str, Verdict]:
    """WBK and WBBM: met or not, and every unmet requirement with its gap in words."""
    result: dict[str, Verdict] = {}
    for predicate in Predicate.values:
        checks = predicate_checks(tree, scores, predicate, notes)
        unmet = [check.text for check in checks if not check.met]
        if predicate == Predicate.WBBM and not holds_wbk:
            unmet.append("Belum berpredikat Menuju WBK")
        result[predicate] = Verdict(met=not unmet, unmet=unmet, checks=checks)
    return result


def _goal(tree: Tree, scores: Scores) -> list[Check]:
    """The unmet requirements of the next predicate to reach (WBK, then WBBM)."""
    for predicate in Predicate.values:
        unmet = [c for c in predicate_checks(tree, scores, predicate) if not c.met]
        if unmet:
            return unmet
    return []


def _next_key(scheme: tuple[SchemeKey, ...], current: Decimal) -> SchemeKey | None:
    better = [key for key in scheme if key.multiplier > current]
    return min(better, key=lambda key: key.multiplier) if better else None


def cheapest_steps(
    tree: Tree, answers: Mapping[int, AnswerValue], scores: Scores, *, limit: int = 10
) -> list[Step]:
    """The choice questions where one step up (the next better key; an unanswered question
    starts below its lowest key) gains most toward the unmet requirements, then in total.

    Counts and survey values are facts measured elsewhere, not a step a unit can take by
    filing a document: they are left out.
    """
    goal = _goal(tree, scores)
    steps: list[Step] = []
    for question in tree.questions.values():
        if not question.is_choice:
            continue
        answer = answers.get(question.id)
        chosen = question.key(answer.choice) if answer and answer.choice else None
        current = chosen.multiplier if chosen else ZERO
        target = _next_key(question.scheme, current)
        if target is None:
            continue
        gain = (target.multiplier - current) * tree.points_per_value(question.id)
        if gain <= ZERO:
            continue
        above = set(tree.ancestors(question.node_id))
        toward = sum(
            (
                min(check.gap, gain)
                for check in goal
                if check.question_id == question.id or above & check.node_ids
            ),
            ZERO,
        )
        steps.append(
            Step(question.id, chosen.key if chosen else "", target.key, target.label, gain, toward)
        )
    order = {qid: index for index, qid in enumerate(tree.questions)}
    steps.sort(key=lambda s: (-s.toward, -s.gain, order[s.question_id]))
    return steps[:limit]
