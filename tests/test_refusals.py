"""Every refusal (403) is worded once, in access.rules: each ``ensure_can_*`` refuses with
its one message whom its ``can_*`` rule refuses, and no app outside ``access`` writes a
refusal's wording itself."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from access import rules
from access.models import Unit
from tests.app_code import ROOT, app_files

pytestmark = pytest.mark.django_db

# Refusals that are no rule about people, and so not access's to word.
NOT_A_RULE = {
    # The admin's history is read-only for everyone, superusers too.
    "common/admin.py",
}


def app_modules() -> list[Path]:
    """The .py files of the portal's apps and of the project."""
    return app_files()


def worded_refusals(path: Path) -> list[int]:
    """Lines where ``PermissionDenied`` is made with a message of its own."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call) or not (node.args or node.keywords):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "PermissionDenied":
            lines.append(node.lineno)
    return lines


def test_no_app_outside_access_words_a_refusal() -> None:
    modules = app_modules()
    assert ROOT / "periods" / "services.py" in modules  # the scan sees the apps
    found = [
        f"{rel}:{line}"
        for path in modules
        if (rel := path.relative_to(ROOT).as_posix()).split("/")[0] != "access"
        and rel not in NOT_A_RULE
        for line in worded_refusals(path)
    ]
    assert found == [], "refuse through access.rules.ensure_can_* instead"


Kwargs = Callable[[Unit, Unit, Unit], dict[str, object]]  # (unit, province, sambas) → kwargs


@dataclass(frozen=True)
class Case:
    ensure: Callable[..., None]
    refused: str  # a user of tests/module_data.py's PEOPLE the rule refuses on ``refused_on``
    allowed: str  # and one it lets through, on the province
    refused_on: str = "province"  # or "sambas" (a kab/kota of the province)
    kwargs: Kwargs = lambda unit, province, sambas: {}


def other(unit: Unit, province: Unit, sambas: Unit) -> dict[str, object]:
    return {"target": sambas if unit == province else province}


# (case, the refusal's one wording; "{province}", "{sambas}": the units' names)
CASES: list[tuple[Case, str]] = [
    (
        Case(
            rules.ensure_can_enter,
            "koordinator_other_area",
            "koordinator_own",
            kwargs=lambda u, p, s: {"area_code": "manajemen_perubahan"},
        ),
        "Anda bukan koordinator area ini.",
    ),
    (
        Case(rules.ensure_can_lock, "ketua", "sekretariat"),
        "Hanya Sekretariat satuan kerja ini yang dapat mengunci atau membuka kembali bulan.",
    ),
    (
        Case(rules.ensure_can_review, "sekretariat", "tpi"),
        "Hanya Tim Penilai Internal satuan kerja ini yang dapat mereviu bukti dukung.",
    ),
    (
        Case(rules.ensure_can_manage, "ketua", "sekretariat"),
        "Hanya Sekretariat satuan kerja ini dan admin yang dapat mengelola rencana kerja "
        "(impor, ekspor, salin, pemetaan LKE).",
    ),
    (
        Case(rules.ensure_can_copy_plan_to, "admin", "sekretariat", "sambas", other),
        "{province} bukan satuan kerja di bawah {sambas}.",
    ),
    (
        Case(rules.ensure_can_copy_to_units, "admin", "sekretariat", "sambas"),
        "Satuan kerja ini tidak memiliki satuan kerja di bawahnya; salin hanya ke tahun baru.",
    ),
    (
        Case(rules.ensure_can_export, "ketua", "sekretariat"),
        "Hanya Sekretariat satuan kerja ini dan admin yang dapat mengekspor dokumen.",
    ),
    (
        Case(rules.ensure_can_download_package, "tpi", "ketua"),
        "Hanya Ketua, Sekretariat dan admin satuan kerja ini yang dapat mengunduh paket pengajuan.",
    ),
    (
        Case(rules.ensure_can_request_documents, "tpi", "ketua"),
        "Hanya Sekretariat (dokumen resmi), Ketua (paket pengajuan) satuan kerja ini dan "
        "admin yang dapat meminta dokumen.",
    ),
    (
        Case(rules.ensure_can_see_documents, "tpi", "ketua"),
        "Hanya Ketua, Sekretariat dan admin yang dapat melihat dokumen satuan kerja ini.",
    ),
    (
        Case(rules.ensure_can_see_province, "sekretariat", "ketua"),
        "Hanya Ketua dan TPI satuan kerja ini (atau satuan kerja di atasnya) yang dapat membuka "
        "tampilan satuan kerja di bawahnya.",
    ),
    (
        Case(rules.ensure_can_read_lke, "ketua_other_unit", "koordinator_own"),
        "Anda tidak berwenang membuka LKE satuan kerja ini.",
    ),
    (
        Case(
            rules.ensure_can_answer_lke,
            "koordinator_other_area",
            "koordinator_own",
            kwargs=lambda u, p, s: {"area_code": "manajemen_perubahan", "side": "unit"},
        ),
        "Anda tidak berwenang mengisi jawaban pertanyaan ini.",
    ),
    (
        Case(
            rules.ensure_can_answer_some_lke,
            "koordinator_other_area",
            "koordinator_own",
            kwargs=lambda u, p, s: {"area_codes": ["manajemen_perubahan", ""], "side": "unit"},
        ),
        "Anda tidak berwenang mengisi jawaban pertanyaan ini.",
    ),
    (
        Case(
            rules.ensure_can_import_lke,
            "koordinator_own",
            "sekretariat",
            kwargs=lambda u, p, s: {"side": "unit"},
        ),
        "Hanya Ketua dan Sekretariat satuan kerja ini yang dapat mengimpor jawaban penilaian "
        "mandiri LKE.",
    ),
    (
        Case(rules.ensure_can_import_lke, "ketua", "tpi", kwargs=lambda u, p, s: {"side": "tpi"}),
        "Hanya TPI satuan kerja ini yang dapat mengimpor jawaban penilaian TPI.",
    ),
    (
        Case(rules.ensure_can_import_lke, "koordinator_own", "tpi"),
        "Jawaban LKE diimpor oleh Ketua atau Sekretariat (penilaian mandiri) dan oleh TPI "
        "(penilaian TPI) satuan kerja ini.",
    ),
    (
        Case(rules.ensure_can_start_lke, "tpi", "sekretariat"),
        "Hanya Ketua dan Sekretariat satuan kerja ini yang dapat memulai penilaian LKE.",
    ),
    (
        Case(rules.ensure_can_submit_lke, "sekretariat", "ketua"),
        "Hanya Ketua yang mengajukan atau membuka kembali penilaian mandiri.",
    ),
    (
        Case(rules.ensure_can_evaluate_lke, "ketua", "tpi"),
        "Hanya TPI satuan kerja ini yang mengevaluasi LKE-nya.",
    ),
    (
        Case(rules.ensure_can_manage_surveys, "ketua", "sekretariat"),
        "Hanya Sekretariat satuan kerja ini yang dapat mengelola survei pelayanan.",
    ),
    (
        Case(rules.ensure_can_read_survey_responses, "koordinator_own", "tpi"),
        "Jawaban responden hanya dapat dibaca Ketua, Sekretariat, dan TPI satuan kerja ini.",
    ),
    (
        Case(rules.ensure_can_read_survey_responses, "ketua", "ketua", refused_on="sambas"),
        "Jawaban responden hanya dapat dibaca Ketua, Sekretariat, dan TPI satuan kerja ini.",
    ),
]


def call(case: Case, user: object, unit: Unit, province: Unit, sambas: Unit) -> None:
    case.ensure(user, unit, **case.kwargs(unit, province, sambas))


def test_every_ensure_has_its_case() -> None:
    ensures = {n for n, _ in inspect.getmembers(rules, inspect.isfunction) if n[:7] == "ensure_"}
    assert ensures == {case.ensure.__name__ for case, _ in CASES}


@pytest.mark.parametrize(
    ("case", "message"), CASES, ids=[f"{c.ensure.__name__}-{c.refused}" for c, _ in CASES]
)
def test_each_refusal_says_its_one_message(
    case: Case, message: str, people: dict, province: Unit, sambas: Unit
) -> None:
    call(case, people[case.allowed], province, province, sambas)  # the rule's people pass
    refused_on = province if case.refused_on == "province" else sambas
    with pytest.raises(PermissionDenied) as refused:
        call(case, people[case.refused], refused_on, province, sambas)
    assert str(refused.value) == message.format(province=province, sambas=sambas)


def test_copying_to_units_asks_first_who_manages_the_plan(people: dict, province: Unit) -> None:
    with pytest.raises(PermissionDenied, match="dapat mengelola rencana kerja"):
        rules.ensure_can_copy_to_units(people["ketua"], province)


def test_a_refused_page_shows_the_rules_message(client: Client, people: dict) -> None:
    client.force_login(people["ketua"])
    response = client.get(reverse("transfer_home", args=["kpu-kalbar"]))
    assert response.status_code == 403
    assert "dapat mengelola rencana kerja" in response.content.decode()
