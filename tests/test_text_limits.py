"""Every free-text field has one limit (common.limits) in its form, its model and its
column: the maximum is stored whole, one more character is refused next to the field —
never a 500 from a column shorter than the form (a reopening reason once was)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from access.models import Unit
from areas.models import ActionItem, Component, WorkPlan
from common.db import BoundedTextField
from common.limits import COMMENT_CHARS, NOTE_CHARS, REASON_CHARS
from evidence.forms import ReviewForm, UploadForm
from lke.evaluation_forms import ReasonForm, SendBackForm
from lke.forms import AnswerForm
from lke.models import Assessment
from periods.forms import LockForm
from periods.models import MonthLock
from periods.services import month_lock
from reports.forms import DecreeReasonForm, ExportForm
from targets.forms import ActionStatusForm, ProgressForm
from targets.models import ProgressEntry
from tests.app_code import PORTAL_APPS
from tests.factories import lke_assessment
from tests.test_lke_evaluation_views import submitted

pytestmark = pytest.mark.django_db

# Every portal app (tests/app_code.py): a new app's texts are checked without a list to edit.
PROJECT_APPS = set(PORTAL_APPS)
# Text the portal writes itself or loads from the shipped LKE worksheet, never typed in a form.
UNBOUNDED = {
    ("lke", "question", "text"),
    ("lke", "question", "criteria"),
    ("lke", "documentmatch", "text"),
    ("reports", "reportjob", "error"),
    ("reports", "reportjob", "doc_title"),
    ("reports", "notice", "text"),
}


def text_fields() -> list[tuple[type[models.Model], models.Field]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model._meta.proxy:
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and not isinstance(
                    field, models.FileField
                ):
                    found.append((model, field))
    return found


def test_every_typed_text_has_its_limit_in_the_column() -> None:
    columns = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, character_maximum_length "
            "FROM information_schema.columns WHERE table_schema = current_schema()"
        )
        for table, column, length in cursor.fetchall():
            columns[table, column] = length
    unbounded, differs = [], []
    for model, field in text_fields():
        origin = getattr(model, "instance_type", model)  # a history row: its model's
        meta = model._meta
        key = (meta.app_label, origin._meta.model_name, field.name)
        own = {f.name: f for f in origin._meta.concrete_fields}.get(field.name, field)
        if isinstance(own, models.FileField):
            continue  # a stored file's name (the history keeps it as text)
        if isinstance(field, models.TextField):
            if key not in UNBOUNDED:
                unbounded.append(key)
            continue
        if columns[meta.db_table, field.column] != field.max_length:
            differs.append((key, field.max_length, columns[meta.db_table, field.column]))
    assert unbounded == []
    assert differs == []


def test_the_history_keeps_a_reason_as_long_as_a_form_allows() -> None:
    history = MonthLock.history.model._meta.get_field("history_change_reason")
    assert history.max_length == REASON_CHARS == LockForm().fields["reason"].max_length
    assert ReasonForm().fields["reason"].max_length == REASON_CHARS
    assert ExportForm().fields["reason"].max_length == REASON_CHARS
    assert DecreeReasonForm().fields["reason"].max_length == REASON_CHARS


@pytest.mark.parametrize(
    ("form", "name", "model_field"),
    [
        (ProgressForm, "activities", ProgressEntry._meta.get_field("activities")),
        (ProgressForm, "obstacles", ProgressEntry._meta.get_field("obstacles")),
        (ProgressForm, "follow_up", ProgressEntry._meta.get_field("follow_up")),
        (ActionStatusForm, "note", apps.get_model("targets", "ActionItemStatus").note.field),
        (UploadForm, "note", apps.get_model("evidence", "EvidenceVersion").note.field),
        (ReviewForm, "comment", apps.get_model("evidence", "Review").comment.field),
        (AnswerForm, "note", apps.get_model("lke", "Answer").note.field),
        (AnswerForm, "evidence_note", apps.get_model("lke", "Answer").evidence_note.field),
        (SendBackForm, "note", apps.get_model("lke", "Correction").note.field),
        (LockForm, "reason", MonthLock._meta.get_field("reason")),
    ],
)
def test_a_forms_limit_is_its_columns(form: type, name: str, model_field: models.Field) -> None:
    assert isinstance(model_field, BoundedTextField)
    assert form.base_fields[name].max_length == model_field.max_length
    assert model_field.max_length in {NOTE_CHARS, COMMENT_CHARS, REASON_CHARS}


def test_a_month_reopened_with_the_longest_reason_keeps_it_whole(
    client: Client, people: dict, province: Unit
) -> None:
    month_lock(user=people["sekretariat"], unit=province, year=2025, month=6)
    client.force_login(people["sekretariat"])
    url = reverse("month_locks", args=[province.slug, 2025])
    too_long = {"op": "reopen", "month": "6", "reason": "x" * (REASON_CHARS + 1)}
    response = client.post(url, too_long)
    assert response.status_code == 422
    assert f"paling banyak {REASON_CHARS} karakter" in response.content.decode()
    assert MonthLock.objects.get(month=6).is_locked
    longest = "y" * REASON_CHARS
    assert client.post(url, {**too_long, "reason": longest}).status_code == 302
    lock = MonthLock.objects.get(month=6)
    assert (lock.is_locked, lock.reason) == (False, longest)
    assert lock.history.latest("history_date").history_change_reason == longest


def test_an_assessment_reopened_with_the_longest_reason_keeps_it_whole(
    client: Client, people: dict, province: Unit
) -> None:
    assessment = submitted(lke_assessment(province), people)
    client.force_login(people["ketua"])
    url = reverse("lke_reopen", args=["kpu-kalbar", 2025])
    response = client.post(url, {"reason": "x" * (REASON_CHARS + 1)})
    assert response.status_code == 422
    assert f"paling banyak {REASON_CHARS} karakter" in response.content.decode()
    longest = "y" * REASON_CHARS
    assert client.post(url, {"reason": longest}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.DRAFT
    assert assessment.history.latest("history_date").history_change_reason == longest


def test_progress_texts_one_over_the_limit_are_refused_and_nothing_is_saved(
    client: Client, people: dict, plan: WorkPlan
) -> None:
    component = Component.objects.get(plan=plan, name="Tim Kerja")
    client.force_login(people["koordinator_own"])
    url = reverse("progress_save", args=["kpu-kalbar", 2025, 4, component.pk])
    p = f"c{component.pk}"
    for name in ("activities", "obstacles", "follow_up"):
        data = {f"{p}-percent": "50", f"{p}-version": "0", f"{p}-{name}": "x" * (NOTE_CHARS + 1)}
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 422, name
        assert f"paling banyak {NOTE_CHARS} karakter" in response.content.decode()
    assert not ProgressEntry.objects.filter(component=component).exists()
    data[f"{p}-follow_up"] = "z" * NOTE_CHARS
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    assert ProgressEntry.objects.get(component=component).follow_up == "z" * NOTE_CHARS


def test_an_action_note_and_an_upload_note_one_over_are_refused(
    client: Client, people: dict, plan: WorkPlan
) -> None:
    action = ActionItem.objects.filter(area__plan=plan, area__code="manajemen_perubahan")
    action = action.order_by("order").first()
    client.force_login(people["koordinator_own"])
    status_url = reverse("action_status_save", args=["kpu-kalbar", 2025, 4, action.pk])
    data = {f"a{action.pk}-status": "selesai", f"a{action.pk}-version": "0"}
    data[f"a{action.pk}-note"] = "x" * (NOTE_CHARS + 1)
    response = client.post(status_url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    upload_url = reverse("evidence_action", args=["kpu-kalbar", 2025, 4, action.pk])
    response = client.post(upload_url, {"files": [], "note": "x" * (COMMENT_CHARS + 1)})
    assert response.status_code == 422
    assert f"paling banyak {COMMENT_CHARS} karakter" in response.content.decode()
    assert not apps.get_model("evidence", "EvidenceVersion").objects.exists()
