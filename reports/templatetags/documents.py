"""Template tags of the official documents (the public page's issued decree)."""

from __future__ import annotations

from django import template

from areas.models import WorkPlan

from ..models import ReportJob
from ..public import public_decree

register = template.Library()


@register.simple_tag
def issued_decree(plan: WorkPlan) -> ReportJob | None:
    """``{% issued_decree plan as decree %}``: the decree the public may download."""
    return public_decree(plan)
