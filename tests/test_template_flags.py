"""The flags templates read instead of comparing with literal values (the guard:
tests/test_template_literals.py): each flag follows its value, and the pages colour by them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from access.models import Unit
from dashboards.figures import BEHIND, CAUGHT_UP, MISSING, NONE, OK, Cell, Standing
from dashboards.selectors.lke import Evaluation
from evidence.models import Evidence, Review
from lke.models import Assessment
from lke.selectors.evidence import DIRECT, PLAN, QuestionFile
from reports.models import ReportJob
from transfer.choices import RowAction
from transfer.results import RowResult

Status = ReportJob.Status


@pytest.mark.parametrize("status", Status.values)
def test_a_job_is_done_or_failed_by_its_status(status: str) -> None:
    job = ReportJob(status=status)
    assert job.is_done == (status == Status.SELESAI)
    assert job.is_failed == (status == Status.GAGAL)


@pytest.mark.parametrize("status", Evidence.Status.values)
def test_an_evidence_and_its_files_are_accepted_or_rejected_by_status(status: str) -> None:
    evidence = Evidence(status=status)
    accepted, rejected = status == Evidence.Status.DITERIMA, status == Evidence.Status.DITOLAK
    assert (evidence.is_accepted, evidence.is_rejected) == (accepted, rejected)
    f = QuestionFile(1, "PPA1A", 1, "a.pdf", "", 1, "a", PLAN, "", 4, status)
    assert (f.is_accepted, f.is_rejected, f.is_direct) == (accepted, rejected, False)
    assert f.status_label == Evidence.Status(status).label


def test_a_direct_file_is_direct() -> None:
    f = QuestionFile(1, "PPA1A", 1, "a.pdf", "", 1, "a", DIRECT, "", None, "diunggah")
    assert f.is_direct


@pytest.mark.parametrize("decision", Review.Decision.values)
def test_a_review_is_a_rejection_by_its_decision(decision: str) -> None:
    assert Review(decision=decision).is_rejected == (decision == Review.Decision.DITOLAK)


@pytest.mark.parametrize("state", Assessment.State.values)
def test_an_assessment_and_its_dashboard_panel_read_the_state(state: str) -> None:
    completed = state == Assessment.State.COMPLETED
    assert Assessment(state=state).is_completed == completed
    panel = Evaluation(state, "…", 0, "", None)
    assert (panel.is_completed, panel.is_draft) == (completed, state == Assessment.State.DRAFT)


def test_heatmap_cells_and_standings_carry_their_flags() -> None:
    cells = {s: Cell(4, Decimal(10), None, s) for s in (OK, BEHIND, MISSING, NONE)}
    assert [s for s, c in cells.items() if c.is_missing] == [MISSING]
    assert [s for s, c in cells.items() if c.has_no_target] == [NONE]
    kinds = [Standing(k, "") for k in (BEHIND, CAUGHT_UP, OK, NONE)]
    assert [(s.is_behind, s.is_caught_up, s.is_ok) for s in kinds] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
        (False, False, False),
    ]
    assert Standing(OK, "semua") == (OK, "semua")  # still unpacks as (kind, words)


@pytest.mark.parametrize("action", RowAction.values)
def test_an_import_row_is_created_updated_or_an_error_by_its_action(action: str) -> None:
    row = RowResult(number=2, action=action)
    assert row.is_created == (action == RowAction.BARU)
    assert row.is_updated == (action == RowAction.DIUBAH)
    assert row.is_error == (action == RowAction.GALAT)
    assert row.action_label == action.capitalize()


def job_status(**fields: object) -> str:
    job = ReportJob(pk=7, kind=ReportJob.Kind.DECREE, code="ABC123", progress=100, **fields)
    return render_to_string("reports/_job_status.html", {"job": job})


def test_the_job_status_colours_a_failed_and_a_done_job() -> None:
    failed = job_status(status=Status.GAGAL, error="Gagal menyusun PDF.")
    assert "progress-bar bg-danger" in failed and 'class="alert alert-danger"' in failed
    assert 'data-testid="download"' not in failed
    done = job_status(status=Status.SELESAI)
    assert "progress-bar bg-success" in done and 'data-testid="download"' in done
    assert "alert-danger" not in done
    running = job_status(status=Status.BERJALAN)
    assert "progress-bar-animated" in running and 'data-testid="download"' not in running


def test_the_preview_colours_rows_by_action() -> None:
    rows = [RowResult(number=n, action=a) for n, a in enumerate(RowAction.values, start=2)]
    body = render_to_string("transfer/preview.html", {"rows": rows})
    badge = {
        a: body.split(f'data-action="{a}"', 1)[1].split("</span>", 1)[0] for a in RowAction.values
    }
    assert 'badge text-bg-success">Baru' in badge[RowAction.BARU]
    assert 'badge text-bg-primary">Diubah' in badge[RowAction.DIUBAH]
    assert 'badge text-bg-danger">Galat' in badge[RowAction.GALAT]
    assert 'badge text-bg-secondary">Tetap' in badge[RowAction.TETAP]


@pytest.mark.django_db
def test_an_error_message_is_a_danger_alert(client: Client, people: dict, province: Unit) -> None:
    """Django's "error" level is tagged as Bootstrap's "danger" (settings.MESSAGE_TAGS)."""
    client.force_login(people["sekretariat"])
    create = reverse("job_create", args=[province.slug])
    body = client.post(create, {"kind": "tidak-ada"}, follow=True).content.decode()
    assert "Pilihan ekspor tidak lengkap" in body
    assert 'class="alert alert-danger" role="alert"' in body
    assert "alert-error" not in body
