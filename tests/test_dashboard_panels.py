"""The Ketua's dashboard made cheaper (issue 21) shows what it showed: the LKE and survey
panels read together (dashboards.selectors.lke.dashboard_panels) give the figures of the two
panels read apart, and the markup drawn in Python (dashboards/templatetags/dashboard.py) is
the markup the templates drew; the page's queries are pinned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from dashboards.figures import Cell, ComponentFigures, WaitingEvidence
from dashboards.selectors.lke import dashboard_panels, unit_lke_panel
from dashboards.selectors.surveys import survey_panel, unit_quarters
from lke.selectors.survey_values import internal_from_quarters, unit_internal_indices
from lke.services import answer_save
from tests.factories import lke_assessment, lke_question
from tests.test_survey_dashboard import fill

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard", args=["kpu-kalbar"]) + "?tahun=2025"
MONTHS = [(m, name) for m, name in enumerate(["Januari", "Februari", "Maret", "April", "Mei",
          "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"], 1)]  # fmt: skip

# The markup the templates drew before issue 21, to compare with the tags.
OLD_HEATMAP_ROW = (
    '{% load zi %}{% for c in cf.cells %}<td class="cell cell-{{ c.state }}" '
    'title="{{ cf.component.name }} · {{ c.month_name }}: {{ c.label }} · target '
    '{{ c.target|pct }} · realisasi {{ c.real|pct }}" data-state="{{ c.state }}">'
    '{% if c.real is not None %}{{ c.real|floatformat:"0" }}{% elif c.is_missing %}!'
    "{% elif c.has_no_target %}·{% endif %}</td>{% endfor %}"
)
OLD_WAITING = (
    "{% load zi %}{% for e in waiting %}<li><a href=\"{% url 'evidence_action' slug year "
    'e.month e.action_id %}">{{ e.month|bulan }} – {{ e.action.area.number }}.'
    "{{ e.action.label }} {{ e.action.text|truncatechars:70 }}</a></li>{% endfor %}"
)


def _render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def _answer(assessment: object, user: object, code: str) -> None:
    question = lke_question(code)
    key = question.scheme[0]["key"]
    answer_save(
        assessment=assessment, question=question, side="unit", user=user, text=key, version=None
    )


def test_the_lke_reads_the_same_internal_survey_indices_from_the_quarters(
    province: Unit,
) -> None:
    fill(province)
    pooled = internal_from_quarters(unit_quarters(province, 2025))
    assert pooled == unit_internal_indices(province.pk, 2025)
    assert set(pooled) == {"spak", "spkp"}


def test_the_panels_read_together_give_the_figures_of_the_panels_read_apart(
    province: Unit, people: dict
) -> None:
    fill(province)
    assessment = lke_assessment(province)
    for code in ("PPA1A", "PPB1A", "PPC1A"):
        _answer(assessment, people["ketua"], code)
    lke, evaluation, surveys = dashboard_panels(province, 2025)
    lke_apart, evaluation_apart = unit_lke_panel(province, 2025)
    assert lke is not None and lke_apart is not None
    assert lke.scores == lke_apart.scores
    assert lke.verdicts == lke_apart.verdicts
    assert [(s.question.pk, s.gain) for s in lke.steps] == [
        (s.question.pk, s.gain) for s in lke_apart.steps
    ]
    assert evaluation == evaluation_apart
    assert surveys == survey_panel(province, 2025)


def test_the_panels_without_an_assessment_read_the_newest_worksheets_minimums(
    province: Unit,
) -> None:
    fill(province)
    lke, evaluation, surveys = dashboard_panels(province, 2025)
    assert (lke, evaluation) == (None, None)
    assert surveys == survey_panel(province, 2025)


def test_the_heat_map_cells_are_the_markup_the_template_drew(plan: WorkPlan) -> None:
    component = Component.objects.filter(plan=plan, area__isnull=False).first()
    component.name = 'Rapat "ZI" & <evaluasi>'
    values = [
        (Decimal("50.00"), Decimal("62.50"), "ok"),
        (Decimal("50.00"), Decimal("49.49"), "behind"),
        (Decimal("50.00"), None, "missing"),
        (None, Decimal("0.00"), "ok"),
        (None, None, "none"),
        (Decimal("100.00"), Decimal("99.50"), "behind"),
    ]
    cells = [Cell(m, t, r, s) for m, (t, r, s) in enumerate(values, 1)]
    cells += [Cell(m, None, None, "future") for m in range(7, 13)]
    cf = ComponentFigures(component=component, cells=cells)
    new = _render("{% load dashboard %}{% heatmap_cells cf months %}", cf=cf, months=MONTHS)
    assert new == _render(OLD_HEATMAP_ROW, cf=cf)
    assert ">63</td>" in new and ">100</td>" in new and "&amp; &lt;evaluasi&gt;" in new


def test_the_waiting_evidence_items_are_the_markup_the_template_drew(plan: WorkPlan) -> None:
    actions = list(ActionItem.objects.filter(area__plan=plan).select_related("area")[:3])
    actions[0].text = "Menyusun <SK> & " + "rencana " * 20  # cut at 70 characters
    waiting = [WaitingEvidence(n, a, month) for n, (a, month) in enumerate(
        [(actions[0], 1), (actions[1], 1), (actions[2], 12), (actions[0], 7)], 1)]  # fmt: skip
    context = {"waiting": waiting, "slug": "kpu-kalbar", "year": 2025}
    new = _render("{% load dashboard %}{% waiting_items waiting slug year %}", **context)
    assert new == _render(OLD_WAITING, **context)
    assert f"/2025/12/aksi/{actions[2].pk}/" in new and "&lt;SK&gt; &amp;" in new


def test_a_link_by_id_is_the_link_url_makes() -> None:
    source = "{% load dashboard %}{% for pk in ids %}{% id_url 'component_detail' slug 2025 pk %} {% endfor %}"
    expected = " ".join(
        reverse("component_detail", args=["kpu-kalbar", 2025, pk]) for pk in (1, 7, 12345)
    )
    assert _render(source, ids=[1, 7, 12345], slug="kpu-kalbar") == expected + " "


@pytest.mark.parametrize("filled", [False, True])
def test_the_dashboard_with_lke_and_surveys_runs_a_fixed_number_of_queries(
    client: Client,
    people: dict,
    province: Unit,
    filled: bool,
    django_assert_num_queries: object,
) -> None:
    assessment = lke_assessment(province)
    if filled:
        fill(province)
        for code in ("PPA1A", "PPB1A", "PPC1A"):
            _answer(assessment, people["ketua"], code)
    client.force_login(people["ketua"])
    # 45 before issue 21, now 30: the evidence read once (−1), the target cells and the
    # entries in one query (−1), the survey results by quarter give the LKE's internal
    # indices too (−4), the LKE's tree gives the survey minimums (−4), the tree and the item
    # codes come from the worksheet's nodes and questions the panel reads anyway (−4), the
    # LKE's plan action items are the dashboard's (−1); the unit's data stamp, the body's
    # cache key (+1, issue 21's cache)
    with django_assert_num_queries(31):
        assert client.get(DASHBOARD).status_code == 200
    # the same page again: the body from the cache, the page's own queries and the stamp
    with django_assert_num_queries(9):
        assert client.get(DASHBOARD).status_code == 200
