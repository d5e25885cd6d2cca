"""The arithmetic of the survey results: pure functions on counts, in Decimal (reshapes only:
it queries nothing; surveys/selectors.py reads the counts).

PermenPANRB 14/2017 (SKM): per element the NRR (nilai rata-rata) is the sum of its answers
÷ the number of its answers (a blank is no answer); the index is Σ NRR_i × w_i with equal
weights w_i = 1/n over the n elements that have answers (a questionnaire may weigh
otherwise: the weights are then normalised to sum to 1); IKM = index × 25. Every step is
exact (Decimal at 28 digits); rounding happens once, at the end, to 4 decimals for the index
and 2 for the IKM, half up. The mutu pelayanan is read off the rounded IKM, as published.
IPAK and IPKP are the index itself on the 1–4 scale (PermenPANRB 90/2021).

The sample size is Krejcie–Morgan's (docs/surveys.md has the sources and a worked example).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

INDEX_PLACES = Decimal("0.0001")
IKM_PLACES = Decimal("0.01")
IKM_FACTOR = Decimal(25)
# Mutu pelayanan by IKM (lower bound, grade, kinerja unit pelayanan), best first.
GRADES: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("25.00"), "D", "Tidak baik"),
)
GRADE_WORDS = {grade: words for _, grade, words in GRADES}
# The weakest elements of a result (lowest NRR) that the report names and that a unit
# follows up (tindak lanjut); the LKE's follow-up question counts how many of them have one.
WEAK_COUNT = 3
# Krejcie & Morgan (1970): χ² for one degree of freedom at 95 %, P = 0,5, d = 0,05.
CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


@dataclass(frozen=True)
class ElementTally:
    """What the answers of one element add up to."""

    code: str
    label: str
    answers: int
    total: int
    weight: Decimal | None = None

    @property
    def nrr(self) -> Decimal | None:
        """Sum ÷ count, exact; None without answers."""
        return Decimal(self.total) / Decimal(self.answers) if self.answers else None


def survey_index(tallies: list[ElementTally]) -> Decimal | None:
    """Σ NRR × weight over the elements with answers, unrounded; None if none has any."""
    answered = [t for t in tallies if t.answers]
    if not answered:
        return None
    if all(t.weight is None for t in answered):
        return sum((t.nrr for t in answered), Decimal(0)) / Decimal(len(answered))  # type: ignore[misc]
    weights = [t.weight if t.weight is not None else Decimal(0) for t in answered]
    total_weight = sum(weights, Decimal(0))
    weighted = sum((t.nrr * w for t, w in zip(answered, weights, strict=True)), Decimal(0))  # type: ignore[operator]
    return weighted / total_weight


def rounded_index(index: Decimal | None) -> Decimal | None:
    return None if index is None else index.quantize(INDEX_PLACES, rounding=ROUND_HALF_UP)


def ikm(index: Decimal | None) -> Decimal | None:
    """The IKM (25–100) of an unrounded index, rounded once to 2 decimals."""
    if index is None:
        return None
    return (index * IKM_FACTOR).quantize(IKM_PLACES, rounding=ROUND_HALF_UP)


def grade(ikm_value: Decimal | None) -> str:
    """Mutu pelayanan A–D of an IKM; "" without one."""
    if ikm_value is None:
        return ""
    for lower, letter, _words in GRADES:
        if ikm_value >= lower:
            return letter
    return "D"


def sample_required(population: int | None) -> int | None:
    """Krejcie–Morgan: s = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P)), rounded up; None without
    a population. N = 0 needs nobody."""
    if population is None:
        return None
    if population <= 0:
        return 0
    n = Decimal(population)
    pq = PROPORTION * (1 - PROPORTION)
    size = CHI_SQUARE * n * pq / (MARGIN * MARGIN * (n - 1) + CHI_SQUARE * pq)
    return min(population, math.ceil(size))
