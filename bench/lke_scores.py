"""LKE scores benchmark: the province and national comparison of 550 units (PostgreSQL only).

Fills a PostgreSQL database whose name contains "bench" with 550 units (the units of
bench/dashboard.py), each with its 2025 assessment on the 2026 worksheet fully answered on
both sides (127 answers a side, bulk-created, seeded), then times
``lke.selectors.units_results`` for every unit (national) and for kpu-kalbar and its 14
kab/kota (province) against SCORES_SQL, one hand-written statement that computes the same
sums in the database: each answer's value from the question's scheme, the count groups'
percentages, a sub-area's mean × weight, Hasil by question weight, per unit the total,
Pengungkit and Hasil. It first checks that both give the same figures for every unit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_lke \\
        .venv/bin/python bench/lke_scores.py [--units 550] [--repeat 15] [--rebuild]

The data is kept between runs (``--rebuild`` drops the database and fills it again). The
figures of the last run on the reference machine are in docs/performance.md.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench_lke")

from benchdb import log  # noqa: E402
from dashboard import (  # noqa: E402  (the same units, timing and machine report)
    Figure,
    capture,
    chunks,
    ensure_units,
    loadavg,
    median_ms,
    national_arguments,
    print_figures,
    run_sql,
)

YEAR = 2025
PROVINCE_SLUG = "kpu-kalbar"
SEED = "zi-bench-lke-1"
BATCH = 5000
SIDES = ("unit", "tpi")
SIDE = "unit"  # the side compared (the other is in the table, so the filter counts)
EXACT = Decimal("1e-9")  # SQL numeric and Python Decimal round differently past that

# The LKE scores of one side, per unit, in one statement (ids of %(units)s, or every unit
# with /*units*/ removed). Count groups are found the way the worksheet makes them: a run of
# count questions on consecutive rows of one sub-area; its shape gives its formula
# (docs/lke.md): 2 counts → the second ÷ the first (nothing counted: 0); 3 counts starting
# with last year's cases → the decrease from last year (nothing then and now: 1); 3 other
# counts → the third ÷ the first; 4 counts → the fourth ÷ the first three (nothing due: 1).
SCORES_SQL = """
WITH RECURSIVE q AS (
    SELECT q.id, q.node_id, q.excel_row, q.answer_type, q.weight,
           n.level AS node_level, n.weight AS node_weight
    FROM lke_question q
    JOIN lke_node n ON n.id = q.node_id
    WHERE q.worksheet_id = %(worksheet)s
), keys AS (
    SELECT q.id AS question_id, lower(k ->> 'key') AS key,
           (k ->> 'multiplier')::numeric AS multiplier
    FROM lke_question q, jsonb_array_elements(q.scheme) AS k
    WHERE q.worksheet_id = %(worksheet)s
), islands AS (
    SELECT id, node_id, excel_row, text,
           excel_row - ROW_NUMBER() OVER (PARTITION BY node_id ORDER BY excel_row) AS island
    FROM lke_question
    WHERE worksheet_id = %(worksheet)s AND answer_type = 'count'
), shaped AS (
    SELECT id, node_id, DENSE_RANK() OVER (ORDER BY node_id, island) AS grp,
           ROW_NUMBER() OVER (PARTITION BY node_id, island ORDER BY excel_row) AS pos,
           COUNT(*) OVER (PARTITION BY node_id, island) AS size,
           FIRST_VALUE(text) OVER (PARTITION BY node_id, island ORDER BY excel_row)
               ILIKE '%%sebelumnya%%' AS decrease
    FROM islands
), roles AS (
    SELECT id, node_id, grp, size, decrease,
           CASE WHEN pos = 1 OR (size = 4 AND pos <= 3) THEN 'ref'
                WHEN (size = 2 AND pos = 2) OR (size = 3 AND decrease AND pos = 2)
                  OR (size = 3 AND NOT decrease AND pos = 3) OR (size = 4 AND pos = 4)
                THEN 'real'
           END AS role
    FROM shaped
), needed AS (
    SELECT grp, COUNT(role) AS needed FROM roles GROUP BY grp
), items AS (
    SELECT node_id, COUNT(*) AS n
    FROM (SELECT node_id, id AS item FROM q WHERE answer_type <> 'count'
          UNION SELECT node_id, -grp FROM roles) AS one_per_item
    GROUP BY node_id
), ans AS NOT MATERIALIZED (
    SELECT s.unit_id, a.question_id, a.choice, a.number
    FROM lke_assessment s
    JOIN lke_answer a ON a.assessment_id = s.id AND a.side = %(side)s
    WHERE s.year = %(year)s /*units*/
), answer_values AS (
    SELECT ans.unit_id, ans.question_id,
           COALESCE(keys.multiplier, LEAST(GREATEST(ans.number, 0) / 4, 1), 0) AS value
    FROM ans
    LEFT JOIN keys ON keys.question_id = ans.question_id AND keys.key = lower(ans.choice)
    WHERE ans.question_id NOT IN (SELECT id FROM roles)
), question_points AS (
    SELECT v.unit_id, q.node_id,
           v.value * CASE WHEN q.node_level = 'sub_area' THEN q.node_weight / i.n
                          ELSE q.weight END AS points
    FROM answer_values v
    JOIN q ON q.id = v.question_id
    JOIN items i ON i.node_id = q.node_id
), groups AS (
    SELECT ans.unit_id, r.node_id, r.grp, MAX(r.size) AS size, bool_or(r.decrease) AS decrease,
           SUM(ans.number) FILTER (WHERE r.role = 'ref') AS ref,
           SUM(ans.number) FILTER (WHERE r.role = 'real') AS real,
           COUNT(ans.number) FILTER (WHERE r.role IS NOT NULL) AS given
    FROM ans
    JOIN roles r ON r.id = ans.question_id
    GROUP BY ans.unit_id, r.node_id, r.grp
), group_points AS (
    SELECT g.unit_id, g.node_id,
           CASE WHEN g.given < nd.needed THEN 0
                WHEN g.decrease AND g.ref = 0 THEN CASE WHEN g.real = 0 THEN 1 ELSE 0 END
                WHEN g.decrease THEN LEAST(GREATEST((g.ref - g.real) / g.ref, 0), 1)
                WHEN g.ref = 0 THEN CASE WHEN g.size = 2 THEN 0 ELSE 1 END
                ELSE LEAST(g.real / g.ref, 1)
           END * n.weight / i.n AS points
    FROM groups g
    JOIN needed nd ON nd.grp = g.grp
    JOIN lke_node n ON n.id = g.node_id
    JOIN items i ON i.node_id = g.node_id
), up (id, root) AS (
    SELECT id, id FROM lke_node WHERE worksheet_id = %(worksheet)s AND parent_id IS NULL
    UNION ALL
    SELECT n.id, up.root FROM lke_node n JOIN up ON n.parent_id = up.id
), points AS (
    SELECT unit_id, node_id, points FROM question_points
    UNION ALL
    SELECT unit_id, node_id, points FROM group_points
)
SELECT p.unit_id, SUM(p.points) AS total,
       COALESCE(SUM(p.points) FILTER (WHERE root.name ILIKE '%%PENGUNGKIT%%'), 0) AS pengungkit,
       COALESCE(SUM(p.points) FILTER (WHERE root.name NOT ILIKE '%%PENGUNGKIT%%'), 0) AS hasil
FROM points p
JOIN up ON up.id = p.node_id
JOIN lke_node root ON root.id = up.root
GROUP BY p.unit_id
ORDER BY p.unit_id
"""


# --- the data -------------------------------------------------------------------------------


def _answer(question: Any, rng: random.Random, skill: float) -> tuple[str, Decimal | None]:
    """A seeded answer: the best key with the unit's ``skill``, else any; counts 0–40;
    surveys 2,80–4,00."""
    if question.scheme:
        keys = [str(k["key"]) for k in question.scheme]
        return (keys[0] if rng.random() < skill else rng.choice(keys)), None
    if question.answer_type == "survey":
        return "", Decimal(str(round(rng.uniform(2.8, 4.0), 2)))
    return "", Decimal(rng.randint(0, 40))


def ensure_answers(worksheet: Any) -> None:
    """Every unit's assessment of the year, fully answered on both sides."""
    from access.models import Unit
    from lke.models import Answer, Assessment, Question

    todo = list(Unit.objects.exclude(assessments__year=YEAR).order_by("pk"))
    Assessment.objects.bulk_create(
        [Assessment(unit=u, year=YEAR, worksheet=worksheet) for u in todo], batch_size=BATCH
    )
    questions = list(Question.objects.filter(worksheet=worksheet).order_by("excel_row"))
    empty = Assessment.objects.filter(year=YEAR, answers__isnull=True).select_related("unit")
    for group in chunks(list(empty.order_by("pk")), 100):
        rows = []
        for assessment in group:
            for side in SIDES:
                rng = random.Random(f"{SEED}-{side}-{assessment.unit.slug}")  # noqa: S311
                skill = rng.uniform(0.45, 0.95)
                for question in questions:
                    choice, number = _answer(question, rng, skill)
                    rows.append(
                        Answer(
                            assessment=assessment,
                            question=question,
                            side=side,
                            choice=choice,
                            number=number,
                        )
                    )
        Answer.objects.bulk_create(rows, batch_size=BATCH)
        log(f"  answers: +{len(rows)}")


def build(units: int) -> Any:
    from django.core.management import call_command
    from django.db import connection

    from access.models import Unit
    from areas.services import plan_load, read_plan_file
    from lke.services import read_worksheet_files, worksheet_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(slug=PROVINCE_SLUG).exists():
        log("loading the plan (kpu-kalbar and its 14 kab/kota)")
        plan_load(data=read_plan_file())
    worksheet, _changed = worksheet_load(**read_worksheet_files())
    ensure_units(units)
    ensure_answers(worksheet)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"data ready in {time.perf_counter() - started:.1f} s")
    return worksheet


def data_sizes() -> dict[str, int]:
    from access.models import Unit
    from lke.models import Answer, Assessment, Question

    return {
        "units": Unit.objects.count(),
        "assessments": Assessment.objects.filter(year=YEAR).count(),
        "questions": Question.objects.count(),
        "answers (both sides)": Answer.objects.count(),
    }


# --- timing ---------------------------------------------------------------------------------


def scores_sql(units: Sequence[Any] | None) -> str:
    if units is None:
        return SCORES_SQL.replace("/*units*/", "")
    return SCORES_SQL.replace("/*units*/", "AND s.unit_id = ANY(%(units)s)")


def check_same(results: dict[int, Any], bare: list[tuple[Any, ...]], scope: str) -> None:
    """Every unit's total, Pengungkit and Hasil agree (to 1e-9, and as published)."""
    assert sorted(results) == [row[0] for row in bare], f"{scope}: not the same units"
    for unit_id, total, pengungkit, hasil in bare:
        scores = results[unit_id].scores
        for mine, theirs in ((scores.total, total), (scores.pengungkit, pengungkit)):
            assert abs(mine - theirs) < EXACT, (scope, unit_id, mine, theirs)
            assert mine.quantize(Decimal("0.01")) == theirs.quantize(Decimal("0.01"))
        assert abs(scores.hasil - hasil) < EXACT, (scope, unit_id, scores.hasil, hasil)


def measure(worksheet: Any, repeat: int) -> tuple[list[Figure], dict[str, str]]:
    from django.db.models import Q

    from access.models import Unit
    from lke.selectors import units_results

    figures: list[Figure] = []
    everyone = list(Unit.objects.order_by("order", "name"))
    province = Unit.objects.get(slug=PROVINCE_SLUG)
    nearby = list(
        Unit.objects.filter(Q(pk=province.pk) | Q(parent=province)).order_by("order", "name")
    )
    spread: dict[str, str] = {}
    for scope, units, filtered in (("national", everyone, None), ("province", nearby, nearby)):
        params = {"worksheet": worksheet.pk, "side": SIDE, "year": YEAR}
        if filtered is not None:
            params["units"] = [u.pk for u in filtered]
        statement = scores_sql(filtered)
        bare = run_sql(statement, params)
        results = units_results(units=units, year=YEAR, side=SIDE)
        check_same(results, bare, scope)
        totals = sorted(r.scores.total for r in results.values())
        spread[scope] = (
            f"{len(totals)} units, total {totals[0]:.2f}–{totals[-1]:.2f}, "
            f"median {statistics.median(totals):.2f}"
        )
        sql_ms = median_ms(lambda s=statement, p=params: run_sql(s, p), repeat)

        def selector(units: list[Any] = units) -> object:
            return units_results(units=units, year=YEAR, side=SIDE)

        server_ms = median_ms(selector, repeat)
        queries = len(capture(selector))
        n = f"{len(results)} units"
        figures.append(Figure(f"{scope}: units_results()", server_ms, sql_ms, queries, n))
        log(f"  {scope}: {server_ms:.1f} ms (SQL {sql_ms:.1f} ms)")
        if scope == "national":
            figures += breakdown(worksheet, repeat, sql_ms, n)
    return figures, spread


def breakdown(worksheet: Any, repeat: int, sql_ms: float, n: str) -> list[Figure]:
    """Where the national figure goes: the answers query, the tree, scoring in Python."""
    from lke.models import Answer, Assessment
    from lke.scoring import AnswerValue, score, tree_for

    ids = list(Assessment.objects.filter(year=YEAR).values_list("id", flat=True))

    def answers_query() -> list[tuple[Any, ...]]:
        return list(
            Answer.objects.filter(assessment_id__in=ids, side=SIDE).values_list(
                "assessment_id", "question_id", "choice", "number"
            )
        )

    rows = answers_query()

    def grouped() -> object:
        values: dict[int, dict[int, AnswerValue]] = {}
        for assessment_id, question_id, choice, number in rows:
            values.setdefault(assessment_id, {})[question_id] = AnswerValue(choice, number)
        return values

    fetched: dict[int, dict[int, AnswerValue]] = grouped()  # type: ignore[assignment]
    tree = tree_for(worksheet.pk)
    parts: list[tuple[str, Callable[[], object], int]] = [
        ("  of which the answers query", answers_query, 1),
        ("  of which an AnswerValue per answer, by unit", grouped, 0),
        ("  of which tree_for() (nodes, questions, minimums)", lambda: tree_for(worksheet.pk), 3),
        (
            "  of which score() x units, in Python",
            lambda: [score(tree, a) for a in fetched.values()],
            0,
        ),
    ]
    return [Figure(label, median_ms(fn, repeat), sql_ms, count, n) for label, fn, count in parts]


def report(
    figures: list[Figure], sizes: dict[str, int], spread: dict[str, str], repeat: int, load: str
) -> None:
    print_figures(
        figures,
        sizes,
        "scores (side unit): " + "; ".join(f"{k} {v}" for k, v in spread.items()),
        f"median of {repeat} runs after 2 warm-up runs; year {YEAR}, side {SIDE}; "
        f"load average before/after: {load} / {loadavg()}",
    )


def main(argv: list[str] | None = None) -> int:
    args = national_arguments(__doc__, argv)
    worksheet = build(args.units)
    sizes = data_sizes()
    load = loadavg()
    figures, spread = measure(worksheet, args.repeat)
    report(figures, sizes, spread, args.repeat, load)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
