"""Survey tallies (``SurveyCount``, ``SurveyTally``): incremented as responses are stored.

Incremented, not recomputed: a quarter of a busy unit holds thousands of responses, and
recounting them on each phone answer would make every answer cost more than the last. Each
stored response is added once, by the service that stored it, with one
``INSERT … SELECT … ON CONFLICT DO UPDATE`` per table (answers + EXCLUDED.answers): the
database adds under the row's lock, so concurrent answers cannot lose one another's counts.
The rows are upserted in key order, so two imports of one quarter cannot deadlock.
Responses are never edited or deleted (surveys/responses.py); ``rollups_rebuild`` counts
them again from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from lke.selectors.survey_values import KINDS as FORECAST_KINDS  # IPAK's and IPKP's surveys
from surveys.models import Answer, Element, Response, SurveyPeriod

from .lke import units_surveys_changed
from .models import SurveyCount, SurveyTally


def _tables() -> dict[str, str]:
    return {
        "count": SurveyCount._meta.db_table,
        "tally": SurveyTally._meta.db_table,
        "response": Response._meta.db_table,
        "answer": Answer._meta.db_table,
        "element": Element._meta.db_table,
        "period": SurveyPeriod._meta.db_table,
    }


COUNT_SQL = """
INSERT INTO {count} (period_id, kind, responses)
SELECT r.period_id, r.kind, count(*) FROM {response} r WHERE {where}
GROUP BY r.period_id, r.kind ORDER BY r.period_id, r.kind
ON CONFLICT (period_id, kind) DO UPDATE SET responses = {count}.responses + EXCLUDED.responses
"""
TALLY_SQL = """
INSERT INTO {tally} (period_id, kind, element_code, answers, total)
SELECT r.period_id, r.kind, e.code, count(*), sum(a.value)
FROM {answer} a JOIN {response} r ON r.id = a.response_id JOIN {element} e ON e.id = a.element_id
WHERE {where}
GROUP BY r.period_id, r.kind, e.code ORDER BY r.period_id, r.kind, e.code
ON CONFLICT (period_id, kind, element_code) DO UPDATE
SET answers = {tally}.answers + EXCLUDED.answers, total = {tally}.total + EXCLUDED.total
"""


# Ids per statement: a plain ``IN (…)`` list, which PostgreSQL and SQLite (`make run`) both
# read; an import of thousands of responses is added in parts (each response once).
CHUNK = 5000


def _add(column: str, ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            where = f"{column} IN ({', '.join(['%s'] * len(part))})"
            for sql in (COUNT_SQL, TALLY_SQL):
                cursor.execute(sql.format(where=where, **_tables()), part)


def responses_count(
    *,
    response_ids: Iterable[int],
    kinds: Iterable[str] | None = None,
    **_: object,
) -> None:
    """Add these newly stored responses to their quarters' tallies (each exactly once: the
    service that stored them calls this in the same transaction); the LKE assessments
    whose score follows the internal SPAK/SPKP follow."""
    ids = sorted(set(response_ids))
    if not ids:
        return
    _add("r.id", ids)
    if kinds is not None and not set(kinds) & set(FORECAST_KINDS):
        return  # an SKM answer: no LKE score follows it
    keys = (
        Response.objects.filter(pk__in=ids, kind__in=FORECAST_KINDS)
        .order_by()
        .values_list("period__unit_id", "period__year")
        .distinct()
    )
    units_surveys_changed(keys=list(keys))


def tallies_rebuild(*, period_ids: list[int]) -> None:
    """These quarters' tallies counted again from their responses."""
    SurveyCount.objects.filter(period_id__in=period_ids).delete()
    SurveyTally.objects.filter(period_id__in=period_ids).delete()
    if period_ids:
        _add("r.period_id", sorted(period_ids))
