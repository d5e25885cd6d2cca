"""The summary rows (docs/rollups.md). Nobody edits them: the services that write what
they summarise refresh them in the same transaction (common/rollups.py), and
``manage.py rollups_rebuild`` computes them again from scratch."""

from __future__ import annotations

from django.db import models

from access.models import Unit
from areas.models import WorkPlan
from common.db import month_field
from lke.models import Assessment
from surveys.choices import SurveyKind
from surveys.models import SurveyPeriod


def _score(**options: object) -> models.DecimalField:
    # lke.scoring keeps scores unrounded (28 significant digits): stored whole, so that
    # the summary equals the live computation exactly
    return models.DecimalField(max_digits=40, decimal_places=30, **options)  # type: ignore[arg-type]


def _sum() -> models.DecimalField:
    # a year of one plan: up to 12 × some 30 cells × 100 %
    return models.DecimalField(max_digits=12, decimal_places=2, default=0)


class PlanRollup(models.Model):
    """One per plan: the row a refresh locks first (so two writers of one plan refresh one
    after the other and the second sees the first's rows), and the plan's action items."""

    plan = models.OneToOneField(
        WorkPlan, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    actions = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"ringkasan {self.plan_id}"


class PlanMonth(models.Model):
    """A plan's month: enough to compute the live figures of any day exactly (a month
    before the view's counts whole, the view's current month only where entered)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="+")
    month = month_field()
    cells = models.PositiveIntegerField(default=0)  # pengungkit target cells
    entered = models.PositiveIntegerField(default=0)  # of which have an entry
    target_sum = _sum()  # Σ target of the cells
    entered_target_sum = _sum()  # Σ target of the entered cells
    achieved_sum = _sum()  # Σ min(realisation, target) of the entered cells
    waiting = models.PositiveIntegerField(default=0)  # evidence of the month waiting (TPI)
    # action items whose earliest month with accepted evidence is this one: a sum over the
    # months up to M counts each action item with accepted evidence by M once
    accepted_first = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # twelve rows per plan, upserted by the refresh
            models.UniqueConstraint(fields=["plan", "month"], name="planmonth_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.month}"


class AssessmentRollup(models.Model):
    """An LKE assessment's scores as the province view shows them."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    total = _score()
    pengungkit = _score()
    hasil = _score()
    predicate = models.CharField(max_length=4, blank=True)  # the last met (Predicate value)
    # the TPI's side, once it answered something
    tpi_total = _score(null=True)
    tpi_pengungkit = _score(null=True)
    tpi_hasil = _score(null=True)
    # an IPAK or IPKP answer of the unit is empty: its score follows the internal survey
    follows_surveys = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["year", "unit"], name="assessmentrollup_year_unit")]

    def __str__(self) -> str:
        return f"LKE {self.unit_id} {self.year}"


class SurveyCount(models.Model):
    """Responses of a quarter's survey."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=SurveyKind.choices)
    responses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # the increment's ON CONFLICT target
            models.UniqueConstraint(fields=["period", "kind"], name="surveycount_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.kind}: {self.responses}"


class SurveyTally(models.Model):
    """Answers and their sum of one element of a quarter's survey (NRR = total ÷ answers)."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=SurveyKind.choices)
    element_code = models.CharField(max_length=16)
    answers = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            # the increment's ON CONFLICT target
            models.UniqueConstraint(
                fields=["period", "kind", "element_code"], name="surveytally_one_per_element"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.kind} {self.element_code}"


class UnitStamp(models.Model):
    """A unit's data stamp: bumped in the transaction of every write that changes what the
    unit's dashboard shows (rollups/stamps.py), so a cached dashboard fragment keyed by it
    is never served after such a write commits (docs/rollups.md, "Data stamps")."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"stempel {self.unit_id}: {self.version}"
