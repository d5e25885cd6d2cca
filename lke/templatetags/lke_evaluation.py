"""``{% lke_evaluation_links %}``: the evaluation's ways on every LKE page (submit, reopen,
the TPI's worksheet, complete, the comparison), each shown to whom access.rules allows it
for the page's unit (the navigation's flags are the user's home unit's)."""

from __future__ import annotations

from typing import Any

from django import template

from access import rules
from access.models import AreaCode
from lke.models import Assessment

register = template.Library()
State = Assessment.State


@register.inclusion_tag("lke/evaluation/_links.html", takes_context=True)
def lke_evaluation_links(context: template.Context) -> dict[str, Any]:
    user, unit = context["request"].user, context["unit"]
    assessment: Assessment = context["assessment"]
    evaluating = assessment.state in (State.SUBMITTED, State.EVALUATING)
    ketua = rules.can_submit_lke(user, unit)
    return {
        "unit": unit,
        "year": context["year"],
        "first_area": AreaCode.values[0],
        "submit": ketua and assessment.state == State.DRAFT,
        "reopen": ketua and evaluating,
        "complete": evaluating and rules.can_evaluate_lke(user, unit),
    }
