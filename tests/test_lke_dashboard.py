"""The LKE on the Ketua's dashboard (scores, verdict, gaps, link) and on the province view
(each unit's self-assessment and TPI totals and predicate, in constant queries)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import WorkPlan
from areas.services import plan_copy
from common.formatting import score_text
from lke.models import Assessment, Question
from lke.selectors import assessment_result
from lke.services import answer_save, answers_import
from tests.factories import lke_assessment, lke_question

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
PROVINCE = reverse("province", args=["kpu-kalbar"]) + "?tahun=2025"


def answer(assessment: Assessment, user: object, code: str, text: str, side: str = "unit") -> None:
    answer_save(
        assessment=assessment,
        question=lke_question(code),
        side=side,
        user=user,
        text=text,
        version=None,
    )


def best_answer(question: Question) -> str:
    if question.scheme:
        return question.scheme[0]["key"]
    return "4" if question.answer_type == Question.AnswerType.SURVEY else "10"


def panel(body: str) -> str:
    return html.unescape(body.split('data-testid="lke-panel"', 1)[1].split("Kurva S", 1)[0])


def row(body: str, slug: str) -> dict[str, str]:
    line = body.split(f'data-unit="{slug}"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'data-testid="(lke-[a-z]+)">(.*?)</(?:div|span)>', line)
    return {name: re.sub(r"<[^>]+>", "", text) for name, text in cells}


def test_the_dashboard_says_when_no_assessment_was_started(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    text = panel(client.get(DASHBOARD).content.decode())
    assert "Penilaian mandiri LKE tahun 2025 belum dimulai." in text
    assert reverse("lke_overview", args=["kpu-kalbar", 2025]) in text
    assert "Perkiraan nilai LKE" not in text


def test_the_dashboard_shows_the_scores_the_verdict_its_gaps_and_the_first_steps(
    client: Client, people: dict, province: Unit
) -> None:
    assessment = lke_assessment(province)
    for code, text in [("PPA1A", "Ya"), ("PPA1B", "A"), ("PRA2A", "C")]:
        answer(assessment, people["ketua"], code, text)
    result = assessment_result(assessment, "unit")
    client.force_login(people["ketua"])
    text = panel(client.get(DASHBOARD).content.decode())
    total = re.search(r'data-testid="lke-total">([^<]*)<', text)
    assert total and total.group(1) == score_text(result.scores.total)
    assert 'data-testid="lke-predicate">Belum memenuhi syarat<' in text
    for verdict in result.verdicts.values():
        assert all(gap in text for gap in verdict.unmet)
    assert "IPAK 0,00 (minimal 3,60)" in text
    steps = text.split('data-testid="lke"', 1)[1].split("</table>", 1)[0]
    assert steps.count("<tr>") == 1 + 5  # the header and the first five steps
    assert f"+{score_text(result.steps[0].gain)}" in steps
    assert f'href="{reverse("lke_overview", args=["kpu-kalbar", 2025])}"' in text


def test_the_province_view_compares_the_units_lke(
    client: Client, people: dict, province: Unit, sambas: Unit
) -> None:
    own = lke_assessment(province)
    answer(own, people["ketua"], "PPA1A", "Ya")
    answer(own, people["tpi"], "PPA1A", "Ya", side="tpi")
    answer(own, people["tpi"], "PPA1B", "A", side="tpi")
    lke_assessment(sambas)  # started, nothing answered yet
    best = lke_assessment(Unit.objects.get(slug="kpu-sintang"), year=2025)
    answers_import(
        assessment=best,
        side="unit",
        user=people["admin"],
        rows=[
            (q, best_answer(q), "", "") for q in Question.objects.filter(worksheet=best.worksheet)
        ],
    )
    client.force_login(people["ketua"])
    body = client.get(PROVINCE).content.decode()
    assert "Nilai LKE penilaian mandiri, nilai Tim Penilai Internal" in body
    unit_total = assessment_result(own, "unit").scores.total
    tpi_total = assessment_result(own, "tpi").scores.total
    assert f'href="{reverse("lke_overview", args=["kpu-kalbar", 2025])}"' in body
    assert row(body, "kpu-kalbar") == {
        "lke-total": score_text(unit_total),
        "lke-tpi": score_text(tpi_total),
        "lke-predicate": "belum",
    }
    # the TPI has not answered: no TPI figure
    assert row(body, "kpu-sambas") == {"lke-total": "0,00", "lke-predicate": "belum"}
    assert row(body, "kpu-bengkayang") == {"lke-total": "–"}  # not started
    best_total = score_text(assessment_result(best, "unit").scores.total)
    assert row(body, "kpu-sintang") == {"lke-total": best_total, "lke-predicate": "Menuju WBK"}


@pytest.mark.parametrize("units", [1, 6])
def test_the_province_view_runs_the_same_queries_for_one_or_many_assessments(
    client: Client,
    people: dict,
    province: Unit,
    plan: WorkPlan,
    units: int,
    django_assert_max_num_queries,
) -> None:
    assessment = lke_assessment(province)
    answer(assessment, people["ketua"], "PPA1A", "Ya")
    answer(assessment, people["tpi"], "PPA1A", "Ya", side="tpi")
    for unit in Unit.objects.filter(parent=province).order_by("order")[: units - 1]:
        plan_copy(source=plan, unit=unit)
        lke_assessment(unit)
    assert Assessment.objects.count() == units
    client.force_login(people["ketua"])
    # the province view's own 11, then per side: assessments, answers, the worksheet (3);
    # the units' internal surveys for the self-assessment's IPAK/IPKP (4); the survey
    # columns' 8 (tests/test_survey_dashboard.py)
    with django_assert_max_num_queries(33):
        assert client.get(PROVINCE).status_code == 200


def test_the_dashboard_adds_a_fixed_number_of_queries_for_the_lke(
    client: Client, people: dict, province: Unit, django_assert_max_num_queries
) -> None:
    assessment = lke_assessment(province)
    for code in ("PPA1A", "PPB1A", "PPC1A"):
        answer(assessment, people["ketua"], code, lke_question(code).scheme[0]["key"])
    client.force_login(people["ketua"])
    # 18 without the LKE; it adds the assessment, its answers, the worksheet's nodes and
    # questions (2: the page's, the tree's and the item codes'), its minimums, the
    # questions the TPI sent back (1) and the items without evidence (files from the plan
    # and attached: 2; the plan's action items are the dashboard's), however many answers
    # there are; the survey panel's results by quarter (4, the LKE's internal surveys
    # behind IPAK/IPKP too; the minimums from the LKE's tree). 47 allowed before issue 21
    # (tests/test_dashboard_panels.py); the data stamp 1 (the cache key)
    with django_assert_max_num_queries(31):
        assert client.get(DASHBOARD).status_code == 200


def test_the_dashboard_counts_the_lke_items_still_without_evidence(
    client: Client, people: dict, province: Unit
) -> None:
    from areas.models import ActionItem
    from evidence.services import evidence_submit
    from lke.selectors.evidence import worksheet_items
    from tests.factories import PDF_BYTES, upload, user_with_role

    assessment = lke_assessment(province)
    items = len(set(worksheet_items(assessment.worksheet_id).holder_by_code.values()))
    client.force_login(people["ketua"])
    body = client.get(DASHBOARD).content.decode()
    # the seed plan has no evidence yet: every item lacks it
    assert f"{items} dari {items} butir LKE</a> belum punya bukti dukung" in body
    # evidence of one action item (linked to its questions by the plan) fills those items
    item = ActionItem.objects.filter(area__plan__unit=province).exclude(lke_codes=[]).first()
    user = user_with_role("k-bukti", province, "koordinator", [item.area.code])
    evidence_submit(user=user, action=item, month=3, files=[upload("sk.pdf", PDF_BYTES)])
    filled = len(set(item.lke_codes))
    body = client.get(DASHBOARD).content.decode()
    assert f"{items - filled} dari {items} butir LKE</a> belum punya bukti dukung" in body
