"""Raw responses (the unit's Ketua, Sekretariat and TPI) and the Sekretariat's moderation
of comments (a comment is public only once approved)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from access import rules
from access.loaders import unit_view
from access.models import Unit

from ..choices import CommentStatus
from ..comments import comment_moderate
from ..forms import CommentForm, ResponseFilterForm
from ..loaders import response_for
from ..manage.selectors import response_page


@unit_view("GET")
def survey_responses(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    """A quarter's responses to one survey, a page at a time (newest first)."""
    rules.ensure_can_read_survey_responses(request.user, unit)
    form, chosen = ResponseFilterForm.chosen(request.GET, year)
    page, codes, rows = response_page(unit, year, chosen, request.GET.get("halaman"))
    context = {"unit": unit, "year": year, "form": form, "chosen": chosen}
    context |= {"page": page, "codes": codes, "rows": rows}
    context |= {"approve": CommentStatus.APPROVED, "reject": CommentStatus.REJECTED}
    return render(request, "surveys/responses.html", context)


@unit_view("POST")
def survey_comment_moderate(request: HttpRequest, unit: Unit, response_id: int) -> HttpResponse:
    response = response_for(request.user, unit, response_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        decision, seen = form.cleaned_data["decision"], form.cleaned_data["seen"]
        try:
            comment_moderate(user=request.user, response=response, decision=decision, seen=seen)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Komentar responden #{response.pk} {form.done}.")
    period = response.period
    url = reverse("survey_responses", args=[unit.slug, period.year])
    return redirect(f"{url}?{form.back_query(period.quarter, response.kind)}#r{response.pk}")
