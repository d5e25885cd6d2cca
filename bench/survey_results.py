"""Survey results benchmark: a province's results over 100 000 responses (PostgreSQL only).

Fills a PostgreSQL database whose name contains "bench" with kpu-kalbar and its 14 kab/kota,
their 2025 quarters and 100 000 responses (by default) of the three surveys spread over the
units and quarters, answers drawn from a seeded generator (3 % left blank, as on paper).
Then it times ``surveys.selectors.survey_results`` for the province with its kab/kota —
pooled, per unit, and per unit and quarter — against the bare SQL that computes the same
counts and sums, after checking that both give the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_surveys \\
        .venv/bin/python bench/survey_results.py [--responses 100000] [--repeat 15] [--rebuild]

Goal (issue 20): each selector call ≤ 2× its bare SQL. The data is kept between runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zi_bench_surveys")

from benchdb import database_settings, ensure_database, log  # noqa: E402
from dashboard import (  # noqa: E402  (the same timing and machine report)
    Figure,
    capture,
    chunks,
    loadavg,
    median_ms,
    print_figures,
    run_sql,
)

YEAR = 2025
PROVINCE_SLUG = "kpu-kalbar"
SEED = "zi-bench-survey-1"
BATCH = 5000
BLANK_SHARE = 0.03
GOAL_RATIO = 2.0
KIND_SHARES = (("skm", 0.4), ("spkp", 0.3), ("spak", 0.3))

# The bare SQL of the pooled figures: responses per survey, answers and their sum per
# survey and element (and, grouped, per unit / quarter).
RESPONSES_SQL = """
SELECT r.kind{group_cols}, count(*)
FROM surveys_response r JOIN surveys_surveyperiod p ON p.id = r.period_id
WHERE p.unit_id = ANY(%(units)s) AND p.year = %(year)s
GROUP BY r.kind{group_cols}
"""
ANSWERS_SQL = """
SELECT r.kind{group_cols}, e.code, count(*), sum(a.value)
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
JOIN surveys_surveyperiod p ON p.id = r.period_id
JOIN surveys_element e ON e.id = a.element_id
WHERE p.unit_id = ANY(%(units)s) AND p.year = %(year)s
GROUP BY r.kind{group_cols}, e.code
"""
GROUP_COLUMNS = {(): "", ("unit",): ", p.unit_id", ("unit", "quarter"): ", p.unit_id, p.quarter"}


def build(responses: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from access.models import Unit
    from areas.services import plan_load, read_plan_file
    from surveys.loading import questionnaires_load
    from surveys.models import Response

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(slug=PROVINCE_SLUG).exists():
        log("loading the plan (units)")
        plan_load(data=read_plan_file())
    questionnaires_load()
    have = Response.objects.count()
    if have < responses:
        fill(responses - have)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(f"data ready in {time.perf_counter() - started:.1f} s")


def fill(count: int) -> None:
    from django.db import transaction

    from access.models import Unit
    from surveys.models import Answer, Response, SurveyPeriod
    from surveys.selectors import current_questionnaire, questionnaire_elements

    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    province = Unit.objects.get(slug=PROVINCE_SLUG)
    units = [province, *province.children.order_by("order")]
    periods = []
    for unit in units:
        for quarter in range(1, 5):
            period, _ = SurveyPeriod.objects.get_or_create(
                unit=unit, year=YEAR, quarter=quarter, defaults={"population": 2000}
            )
            periods.append(period)
    versions = {kind: current_questionnaire(province, kind) for kind, _ in KIND_SHARES}
    elements = {kind: questionnaire_elements(q) for kind, q in versions.items()}
    kinds = [kind for kind, _ in KIND_SHARES]
    weights = [share for _, share in KIND_SHARES]
    log(f"filling {count} responses")
    for batch in chunks(list(range(count)), BATCH):
        with transaction.atomic():
            rows = []
            for _ in batch:
                kind = rng.choices(kinds, weights)[0]
                period = rng.choice(periods)
                month = (period.quarter - 1) * 3 + rng.randint(1, 3)
                rows.append(
                    Response(
                        period=period,
                        questionnaire=versions[kind],
                        kind=kind,
                        channel="kertas",
                        service_date=datetime.date(YEAR, month, rng.randint(1, 28)),
                    )
                )
            Response.objects.bulk_create(rows)
            answers = [
                Answer(response=r, element=e, value=rng.choices((1, 2, 3, 4), (1, 3, 10, 8))[0])
                for r in rows
                for e in elements[r.kind]
                if rng.random() >= BLANK_SHARE
            ]
            Answer.objects.bulk_create(answers, batch_size=BATCH)


def bare_sql(units: list[int], by: tuple[str, ...]) -> tuple[list[Any], list[Any]]:
    cols = GROUP_COLUMNS[by]
    params = {"units": units, "year": YEAR}
    return (
        run_sql(RESPONSES_SQL.format(group_cols=cols), params),
        run_sql(ANSWERS_SQL.format(group_cols=cols), params),
    )


def check_equal(units: list[Any], by: tuple[str, ...]) -> None:
    """The selector's counts and sums are the bare SQL's, key for key."""
    from surveys.selectors import survey_results

    found = survey_results(units=units, year=YEAR, by=by)
    responses, answers = bare_sql([u.pk for u in units], by)
    expected_responses = {tuple(row[:-1]): row[-1] for row in responses}
    mine_responses = {key: r.responses for key, r in found.items() if r.responses}
    assert mine_responses == expected_responses, "responses differ"
    expected = {(tuple(row[:-3]), row[-3]): (row[-2], row[-1]) for row in answers}
    mine = {
        (key, t.code): (t.answers, t.total)
        for key, r in found.items()
        for t in r.tallies
        if t.answers
    }
    assert mine == expected, "answers differ"


def measure(repeat: int) -> list[Figure]:
    from access.models import Unit
    from surveys.selectors import survey_results

    province = Unit.objects.get(slug=PROVINCE_SLUG)
    units = [province, *province.children.order_by("order")]
    ids = [u.pk for u in units]
    figures = []
    for by, label in (
        ((), "province pooled (3 surveys)"),
        (("unit",), "per unit (15 × 3)"),
        (("unit", "quarter"), "per unit and quarter (60 × 3)"),
    ):
        check_equal(units, by)
        queries = len(capture(lambda by=by: survey_results(units=units, year=YEAR, by=by)))
        server = median_ms(lambda by=by: survey_results(units=units, year=YEAR, by=by), repeat)
        sql = median_ms(lambda by=by: bare_sql(ids, by), repeat)
        keys = len(survey_results(units=units, year=YEAR, by=by))
        figures.append(Figure(label, server, sql, queries, f"{keys} results"))
    return figures


def data_sizes() -> dict[str, int]:
    from surveys.models import Answer, Response

    return {"responses": Response.objects.count(), "answers": Answer.objects.count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    ensure_database(database_settings(), rebuild=args.rebuild)
    import django

    django.setup()
    build(args.responses)
    sizes = data_sizes()
    load = loadavg()
    figures = measure(args.repeat)
    print_figures(
        figures,
        sizes,
        f"median of {args.repeat} runs after 2 warm-up runs; load average before/after: "
        f"{load} / {loadavg()}",
    )
    verdicts = [
        f"{f.view}: ratio {f.ratio:.2f} ({'met' if f.ratio <= GOAL_RATIO else 'MISSED'})"
        for f in figures
    ]
    print("\ngoals (≤ 2× bare SQL): " + "; ".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
