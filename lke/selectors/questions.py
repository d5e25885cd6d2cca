"""Where a question sits: the plan area of its LKE area (who answers it)."""

from __future__ import annotations

from lke.models import Question, Worksheet

# A question hangs from a sub-area (nested at most twice below its area) or, in Hasil, from
# a sub-komponen; only area nodes carry an area code, so the first non-empty one is it.
_AREA_PATHS = (
    "node__area_code",
    "node__parent__area_code",
    "node__parent__parent__area_code",
    "node__parent__parent__parent__area_code",
)


def question_area_codes(worksheet: Worksheet) -> dict[int, str]:
    """Question id → the plan area code of its LKE area ("" for Hasil), in one query."""
    rows = Question.objects.filter(worksheet=worksheet).values_list("id", *_AREA_PATHS)
    return {pk: next((c for c in codes if c), "") for pk, *codes in rows}


def question_area_code(question: Question) -> str:
    """The plan area code of one question ("" for Hasil), in one query."""
    codes = Question.objects.filter(pk=question.pk).values_list(*_AREA_PATHS).get()
    return next((c for c in codes if c), "")
