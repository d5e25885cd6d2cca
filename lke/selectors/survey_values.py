"""The LKE's survey values (IPAK, IPKP) and the unit's internal surveys: the one rule.

The Hasil komponen asks for two external survey values on 0–4: IPAK (the Survei Persepsi
Anti Korupsi) and IPKP (the Survei Persepsi Kualitas Pelayanan). The portal runs those
surveys itself (``surveys``), so:

- where the **unit's** answer is empty, the forecast scores the unit's internal index of the
  assessment year instead (SPAK → IPAK, SPKP → IPKP; the unit's own responses, a province
  without its kab/kota), rounded once to two decimals, half up, as the LKE answer holds it,
  and says so: "perkiraan dari survei internal, 412 responden";
- an **entered** value (the external survey's) stands; the internal index is shown beside
  it: "survei internal 3,52; selisih −0,08" (entered − internal);
- the TPI's side is never filled in: its evaluation is the official score.

The internal value is a forecast input only: it is never stored as an ``Answer`` and the
question still counts as unanswered (``Scores.unanswered``). Every door that scores the
unit's side goes through here: ``lke.selectors`` (``assessment_result``, ``units_results``:
the LKE pages, the what-if, ``lke_score``, the dashboards, the comparison, the LHE's
self-assessment column) and ``lke.selectors.asof`` (the monthly report, with the responses
held before its cutoff). Rules and examples: docs/lke.md, docs/surveys.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from access.models import Unit
from common.formatting import score_difference_text, score_text
from lke.models import Side
from lke.scoring import AnswerValue, Scores, Tree, score
from surveys.choices import SurveyKind
from surveys.selectors import SurveyResult, result_pooled, survey_results

CENT = Decimal("0.01")
# The tree's role of each survey question, its name in the LKE and the survey behind it.
ROLES: tuple[tuple[str, str, str], ...] = (
    ("ipak_id", "IPAK", SurveyKind.SPAK),
    ("ipkp_id", "IPKP", SurveyKind.SPKP),
)
KINDS = tuple(kind for _, _, kind in ROLES)
# Whose empty answers the internal index fills (the TPI's evaluation is official).
FORECAST_SIDES = frozenset({Side.UNIT})


@dataclass(frozen=True)
class InternalIndex:
    """What a unit's internal survey of one kind says for a year."""

    kind: str
    exact: Decimal | None  # the index on 1–4, unrounded; None without responses
    responses: int = 0

    @property
    def value(self) -> Decimal | None:
        """Two decimals, half up, rounded once from the exact index (an LKE answer's
        precision: ``lke.answers.parse_answer``)."""
        return None if self.exact is None else self.exact.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SurveyValue:
    """One survey question of the unit's LKE: what was entered, what the internal survey
    says, and which of them the forecast scores."""

    question_id: int
    label: str  # "IPAK"
    kind: str  # the survey behind it (SurveyKind value)
    year: int
    entered: Decimal | None
    internal: Decimal | None  # two decimals (InternalIndex.value)
    responses: int

    @property
    def survey_name(self) -> str:
        return str(SurveyKind(self.kind).label)

    @property
    def is_entered(self) -> bool:
        return self.entered is not None

    @property
    def is_forecast(self) -> bool:
        """Empty, scored from the internal survey."""
        return self.entered is None and self.internal is not None

    @property
    def has_internal(self) -> bool:
        return self.internal is not None

    @property
    def value(self) -> Decimal | None:
        """What the forecast scores: the entered value, else the internal one."""
        return self.entered if self.entered is not None else self.internal

    @property
    def difference(self) -> Decimal | None:
        """Entered − internal (both two decimals); None unless both are known."""
        if self.entered is None or self.internal is None:
            return None
        return self.entered - self.internal

    @property
    def note(self) -> str:
        """The words beside the value (in the forecast's texts too); "" when the internal
        survey has nothing to add."""
        if self.is_forecast:
            return f"perkiraan dari survei internal, {self.responses} responden"
        if self.difference is not None:
            return (
                f"survei internal {score_text(self.internal)}; "
                f"selisih {score_difference_text(self.difference)}"
            )
        return ""

    @property
    def value_text(self) -> str:
        return score_text(self.value)


def internal_indices(
    units: Iterable[Unit], year: int, *, before: datetime.datetime | None = None
) -> dict[int, dict[str, InternalIndex]]:
    """Unit id → survey kind → its internal index of the year (each unit's own responses;
    ``before``: those the portal held before that moment). Four queries for any number of
    units (surveys.selectors.survey_results); a unit without responses is left out."""
    found = survey_results(
        units=units, year=year, kinds=KINDS, by=("unit",), submitted_before=before
    )
    out: dict[int, dict[str, InternalIndex]] = {}
    for (kind, unit_id), result in found.items():
        if result.has_responses:
            index = InternalIndex(kind, result.exact_index, result.responses)
            out.setdefault(unit_id, {})[kind] = index
    return out


def internal_from_quarters(
    found: Mapping[tuple[Any, ...], SurveyResult],
) -> dict[str, InternalIndex]:
    """One unit's internal indices of the year from its results by quarter (``survey_results``
    of the unit with ``by=("quarter",)``), pooled as :func:`unit_internal_indices` reads
    them at once (``result_pooled``; a year's quarters are 1–4): for a page that read the
    quarters already (the dashboard's survey panel), without its four queries."""
    out: dict[str, InternalIndex] = {}
    for kind in KINDS:
        parts = [r for q in range(1, 5) if (r := found.get((kind, q))) is not None]
        pooled = result_pooled(kind, parts)
        if pooled.has_responses:
            out[kind] = InternalIndex(kind, pooled.exact_index, pooled.responses)
    return out


def unit_internal_indices(
    unit_id: int, year: int, *, before: datetime.datetime | None = None
) -> dict[str, InternalIndex]:
    """One unit's internal indices of the year (four queries)."""
    # survey_results reads only the units' ids: an unsaved Unit with the id stands for it.
    return internal_indices([Unit(pk=unit_id)], year, before=before).get(unit_id, {})


def survey_values(
    tree: Tree,
    answers: Mapping[int, AnswerValue],
    internal: Mapping[str, InternalIndex],
    year: int,
) -> dict[int, SurveyValue]:
    """Question id → its survey value, for the tree's IPAK and IPKP questions (pure)."""
    out: dict[int, SurveyValue] = {}
    for role, label, kind in ROLES:
        question_id = getattr(tree, role)
        if question_id is None:
            continue
        answer = answers.get(question_id)
        index = internal.get(kind, InternalIndex(kind, None))
        entered = answer.number if answer is not None else None
        out[question_id] = SurveyValue(
            question_id, label, kind, year, entered, index.value, index.responses
        )
    return out


def forecast_scores(
    tree: Tree, answers: Mapping[int, AnswerValue], values: Mapping[int, SurveyValue]
) -> Scores:
    """The scores with every empty survey answer taken from its internal value; a question
    filled so is still unanswered (the unit has not answered it)."""
    filled = {qid: v for qid, v in values.items() if v.is_forecast}
    if not filled:
        return score(tree, answers)
    forecast = dict(answers) | {qid: AnswerValue(number=v.internal) for qid, v in filled.items()}
    scores = score(tree, forecast)
    missing = set(scores.unanswered) | set(filled)
    return replace(scores, unanswered=[qid for qid in tree.questions if qid in missing])


def survey_notes(values: Mapping[int, SurveyValue]) -> dict[int, str]:
    """Question id → the words the forecast's texts end with (lke.forecast.verdicts)."""
    return {qid: v.note for qid, v in values.items() if v.note}
