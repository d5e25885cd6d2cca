"""The reads of the survey documents and their HTML, from the database alone.

- The Laporan Hasil Survei of a unit for a quarter (or the whole year): per survey (SKM;
  SPAK and SPKP when answered) the respondent profile, NRR per element, the index (IKM and
  mutu pelayanan for the SKM; IPAK, IPKP on 1–4), the sample, the weakest elements, the
  follow-ups of the period and the comments the Sekretariat approved. Every figure is
  ``surveys.selectors.survey_results``'s, the read the survey pages show, so a number in
  the PDF is the number on the screen; the rows are shaped in ``reports.surveys.tables``.
- The QR posters: one A4 page per active desk with the QR code of its public link.

Each document has a fingerprint of what it prints (apart from its date): an issued version
with the same fingerprint is what a new one would say (``reports.services.job_request``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string

from access.models import Unit
from common.dates import today
from common.formatting import date_text, quarter_name
from reports.selectors import NO_NAME, closing_context, qr_data_uri, unit_logo_uri
from surveys.choices import CommentStatus, SurveyKind
from surveys.links import desk_url
from surveys.models import Desk, FollowUp, Response, SurveyPeriod
from surveys.selectors import SurveyResult, survey_result, survey_results

from .tables import (
    CommentRow,
    FollowUpRow,
    PosterPage,
    QuarterRow,
    SurveySection,
    element_rows,
    grade_scale,
    profile_tables,
)

# The SKM is always reported (with "no respondents yet" when nobody answered); SPAK and
# SPKP when someone answered them in the period.
ALWAYS = (SurveyKind.SKM,)
LETTERS = "BCDE"  # A is the introduction; then a chapter per survey, then the closing
PROFILE_FIELDS = ("age", "sex", "education", "occupation", "service__name")


def _scope(unit: Unit, year: int, quarter: int | None, prefix: str = "period__") -> Q:
    """The periods of the report: the quarter's, or the year's four."""
    scope = Q(**{f"{prefix}unit": unit, f"{prefix}year": year})
    if quarter is not None:
        scope &= Q(**{f"{prefix}quarter": quarter})
    return scope


def survey_years(unit: Unit) -> list[int]:
    """The years the unit has survey quarters in, newest first (the request form's)."""
    years = SurveyPeriod.objects.filter(unit=unit).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def survey_report_title(unit: Unit, year: int, quarter: int | None) -> str:
    return f"Laporan Hasil Survei Pelayanan Publik {unit.name} {quarter_name(quarter, year)}"


def _profiles(scope: Q, kinds: Iterable[str]) -> dict[str, dict[str, dict[Any, int]]]:
    """Respondents per kind and per answer of each profile question (one grouped query
    per question)."""
    counts: dict[str, dict[str, dict[Any, int]]] = defaultdict(lambda: defaultdict(dict))
    responses = Response.objects.filter(scope, kind__in=list(kinds))
    for name in PROFILE_FIELDS:
        for row in responses.values("kind", name).annotate(n=Count("id")).order_by():
            counts[row["kind"]][name][row[name]] = row["n"]
    return counts


def _follow_ups(scope: Q) -> dict[str, list[FollowUp]]:
    rows = FollowUp.objects.filter(scope).select_related("period", "action_item__area")
    out: dict[str, list[FollowUp]] = defaultdict(list)
    for row in rows.order_by("period__quarter", "element_code", "pk"):
        out[row.kind].append(row)
    return out


def _comments(scope: Q) -> dict[str, list[Response]]:
    """Approved comments only: a comment waiting or rejected is never printed."""
    rows = (
        Response.objects.filter(scope, comment_status=CommentStatus.APPROVED)
        .exclude(comment="")
        .select_related("period", "service")
        .only("kind", "comment", "service_date", "period__quarter", "service__name")
        .order_by("service_date", "pk")
    )
    out: dict[str, list[Response]] = defaultdict(list)
    for row in rows:
        out[row.kind].append(row)
    return out


def _by_quarter(unit: Unit, year: int) -> dict[str, list[QuarterRow]]:
    """A year's report: each survey's result per quarter (the same read, grouped)."""
    found = survey_results(units=[unit], year=year, by=("quarter",))
    out: dict[str, list[QuarterRow]] = defaultdict(list)
    for (kind, quarter), result in sorted(found.items()):
        out[kind].append(QuarterRow(quarter, result))
    return out


def _section(
    kind: str,
    result: SurveyResult,
    *,
    letter: str,
    profile: dict[str, dict[Any, int]],
    follow_ups: list[FollowUp],
    comments: list[Response],
    quarters: list[QuarterRow],
) -> SurveySection:
    elements = element_rows(result)
    labels = {row.code: row.label for row in elements}
    by_code = {row.code: row for row in elements}
    return SurveySection(
        kind=kind,
        letter=letter,
        title=str(SurveyKind(kind).label),
        result=result,
        elements=elements,
        weakest=[by_code[t.code] for t in result.weakest()],
        profile=profile_tables(profile, result.responses),
        follow_ups=[FollowUpRow.of(f, labels.get(f.element_code, "")) for f in follow_ups],
        comments=[CommentRow.of(c) for c in comments],
        quarters=quarters,
    )


def survey_report_context(
    unit: Unit, year: int, quarter: int | None, *, requested_by: Any
) -> dict[str, Any]:
    """Everything the Laporan Hasil Survei prints: 12 queries for a quarter, 16 for a year,
    whatever the number of responses."""
    found = survey_results(units=[unit], year=year, quarter=quarter)
    scope = _scope(unit, year, quarter)
    follow_ups = _follow_ups(scope)
    kinds = [
        k
        for k in SurveyKind.values
        if k in ALWAYS or k in follow_ups or ((k,) in found and found[(k,)].has_responses)
    ]
    profiles, comments = _profiles(scope, kinds), _comments(scope)
    quarters = _by_quarter(unit, year) if quarter is None else {}
    sections = []
    for letter, kind in zip(LETTERS, kinds, strict=False):
        result = found.get((kind,)) or survey_result(
            units=[unit], kind=kind, year=year, quarter=quarter
        )
        sections.append(
            _section(
                kind,
                result,
                letter=letter,
                profile=profiles[kind],
                follow_ups=follow_ups.get(kind, []),
                comments=comments.get(kind, []),
                quarters=quarters.get(kind, []),
            )
        )
    closing = closing_context(unit, requested_by)
    return {
        "unit": unit,
        "year": year,
        "quarter": quarter,
        "period_text": quarter_name(quarter, year),
        "title": survey_report_title(unit, year, quarter),
        "number": f"Laporan Survei {quarter_name(quarter, year)}",
        "logo_uri": unit_logo_uri(unit),
        "sections": sections,
        "closing_letter": LETTERS[len(sections)],
        "grade_scale": grade_scale(),
        "closing": closing,
        "signer": "" if closing["ketua"] == NO_NAME else closing["ketua"],
        "place": unit.city,
        "date": date_text(today()),
    }


def _fingerprint(content: list[Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def survey_report_fingerprint(context: dict[str, Any]) -> str:
    """What the report of ``context`` prints apart from its date: the unit, the signatures,
    every figure, profile row, follow-up and comment of every section."""
    unit, closing = context["unit"], context["closing"]
    content: list[Any] = [
        [unit.name, unit.city, unit.logo.name if unit.logo else "", context["period_text"]],
        [closing["ketua_title"], closing["ketua"], closing["maker_title"], closing["maker"]],
    ]
    for s in context["sections"]:
        r = s.result
        content.append(
            [
                s.kind,
                [r.responses, r.population, r.required],
                [[t.code, t.label, t.answers, t.total, t.weight] for t in r.tallies],
                [[p.title, [[x.label, x.count] for x in p.rows]] for p in s.profile],
                [[f.quarter, f.code, f.action, f.action_item, f.status_value, f.due] for f in s.follow_ups],
                [[c.quarter, c.date, c.service, c.text] for c in s.comments],
                [[q.quarter, q.result.responses, q.result.required, str(q.result.ikm)]
                 for q in s.quarters],
            ]
        )  # fmt: skip
    return _fingerprint(content)


def survey_report_html(context: dict[str, Any], *, verify: dict[str, Any]) -> str:
    return render_to_string("reports/pdf/survey_report.html", {**context, **verify})


# ---------------------------------------------------------------- the desks' QR posters


def poster_desks(unit: Unit) -> list[Desk]:
    """The unit's active desks, by name: one poster page each."""
    return list(Desk.objects.filter(unit=unit, is_active=True).order_by("name", "pk"))


def poster_context(unit: Unit) -> dict[str, Any]:
    pages = []
    for desk in poster_desks(unit):
        url = desk_url(desk.token)
        surveys = [str(SurveyKind(k).label) for k in SurveyKind.values if k in desk.kinds]
        pages.append(PosterPage(desk.name, url, qr_data_uri(url), surveys, desk.open_link))
    return {
        "unit": unit,
        "logo_uri": unit_logo_uri(unit),
        "pages": pages,
        "title": f"Poster QR Survei Pelayanan {unit.name}",
        "number": f"Poster survei {len(pages)} loket",
    }


def poster_fingerprint(context: dict[str, Any]) -> str:
    """What the posters print: the unit, and each desk's name, link, surveys and whether
    it asks for a code."""
    unit = context["unit"]
    content: list[Any] = [[unit.name, unit.logo.name if unit.logo else ""]]
    content += [[p.desk, p.url, p.surveys, p.open_link] for p in context["pages"]]
    return _fingerprint(content)


def poster_html(context: dict[str, Any], *, verify: dict[str, Any]) -> str:
    return render_to_string("reports/pdf/survey_posters.html", {**context, **verify})
