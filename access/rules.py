"""Who may see and change what: every rule of the portal about people and units.

- a role on a unit reads that unit; a Ketua or TPI also reads every unit below theirs
  (KPU RI's: every province and kab/kota; a province's: its kab/kota), a koordinator and
  the Sekretariat do not: "below" is read from the cached unit tree (access/tree.py), so no
  rule queries per unit;
- a koordinator changes progress, action-item status and evidence of their areas only;
- the Sekretariat locks and reopens months, manages the plan and exports documents;
- the TPI reviews evidence of its unit;
- the Ketua of a unit (or of a unit above it) reads the documents issued for it; the
  submission package only the unit's own Ketua and Sekretariat;
- the LKE: whoever reads the unit (and staff) reads it; a koordinator answers the questions
  of their areas, the Sekretariat the Hasil questions, Ketua and Sekretariat any; the TPI
  (and staff) answers the TPI's side;
- a superuser (admin) may do everything.

Services and views refuse (403) through the ``ensure_can_*`` functions below: each rule's
refusal is worded once, here. Loaders (``<app>/loaders.py``) call them when they fetch an
object for a view; templates read the flags of ``access.flags.Can`` (``nav``: the user's
home unit, ``can``: the unit of the page).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import AreaCode, RoleAssignment, Unit
from .tree import UnitTree, unit_tree

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

Role = RoleAssignment.Role
READER_ROLES = (Role.KETUA, Role.SEKRETARIAT, Role.TPI)
# The roles that read the units below their own (a koordinator and the Sekretariat work on
# their own unit only).
DOWNWARD_ROLES = (Role.KETUA, Role.TPI)
LKE_SIDES = ("unit", "tpi")  # lke.models.Side's values: the unit's answers, the TPI's


def user_roles(user: User) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per user object (i.e. per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_zi_roles", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._zi_roles = cached  # type: ignore[union-attr]
    return cached


def _tree(user: User) -> UnitTree:
    """The unit tree, read once per user object (i.e. per request) like the roles."""
    cached = getattr(user, "_zi_tree", None)
    if cached is None:
        cached = unit_tree()
        user._zi_tree = cached  # type: ignore[union-attr]
    return cached


def held_above(user: User, unit: Unit, *roles: str) -> bool:
    """The user holds one of ``roles`` on ``unit`` or on a unit above it. The unit and its
    parent are compared by id (no tree needed); only units further up read the tree."""
    held = {r.unit_id for r in user_roles(user) if r.role in roles}
    if not held:
        return False
    if unit.pk in held or unit.parent_id in held:
        return True
    if unit.parent_id is None:
        return False
    return any(up in held for up in _tree(user).ancestors(unit.parent_id))


def visible_units(user: User) -> QuerySet[Unit]:
    """Units whose plan and figures the user may read: their own, and every unit below a
    unit where they are Ketua or TPI."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    roles = user_roles(user)
    unit_ids = {r.unit_id for r in roles}
    tops = {r.unit_id for r in roles if r.role in DOWNWARD_ROLES and r.unit.has_units_below}
    if tops:
        tree = _tree(user)
        for top in tops:
            unit_ids.update(tree.descendants(top))
    return Unit.objects.filter(pk__in=sorted(unit_ids))


def can_read(user: User, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if any(r.unit_id == unit.pk for r in user_roles(user)):
        return True
    return held_above(user, unit, *DOWNWARD_ROLES)


def has_role(user: User, unit: Unit, *roles: str) -> bool:
    """The user holds one of ``roles`` on ``unit`` itself (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(r.unit_id == unit.pk and r.role in roles for r in user_roles(user))


def coordinated_codes(user: User, unit: Unit) -> set[str]:
    """Area codes the user may enter progress and evidence for on this unit."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(AreaCode.values)
    codes: set[str] = set()
    for r in user_roles(user):
        if r.unit_id == unit.pk and r.role == Role.KOORDINATOR:
            codes.update(r.area_codes)
    return codes


def reads_all_areas(user: User, unit: Unit) -> bool:
    """A coordinator sees their own areas; Ketua, Sekretariat, TPI and admin read all."""
    return not coordinated_codes(user, unit) or has_role(user, unit, *READER_ROLES)


def can_enter(user: User, unit: Unit, area_code: str) -> bool:
    """May change the progress, statuses and evidence of this area of the unit."""
    return area_code in coordinated_codes(user, unit)


def can_lock(user: User, unit: Unit) -> bool:
    return has_role(user, unit, Role.SEKRETARIAT)


def can_review(user: User, unit: Unit) -> bool:
    return has_role(user, unit, Role.TPI)


def can_manage(user: User, unit: Unit) -> bool:
    """Manage the plan: import, copy, and export its official documents."""
    return has_role(user, unit, Role.SEKRETARIAT)


def can_export(user: User, unit: Unit) -> bool:
    """Request a PDF export (decree, monthly reports) of the unit."""
    return can_manage(user, unit)


def can_export_province(user: User, unit: Unit) -> bool:
    """Request the province report (the unit with the units directly below it): exports of
    a unit that has units below it (a province, KPU RI)."""
    return unit.has_units_below and can_export(user, unit)


def can_copy_plan_to(user: User, unit: Unit, target: Unit) -> bool:
    """Copy the unit's plan to ``target``: who manages the plan, to a kab/kota below it."""
    return can_manage(user, unit) and target.parent_id == unit.pk


def is_ketua_of(user: User, unit: Unit) -> bool:
    """Ketua of the unit, or of a unit above it (its province, KPU RI)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return held_above(user, unit, Role.KETUA)


def can_see_documents(user: User, unit: Unit) -> bool:
    """The issued documents of a unit: who exports them and the Ketua who reads them."""
    return can_read(user, unit) and (can_manage(user, unit) or is_ketua_of(user, unit))


def can_download_package(user: User, unit: Unit) -> bool:
    """Request and download the unit's submission package (the LKE workbook, the LHE and
    every evidence file): the Ketua and the Sekretariat of the unit itself, and admins."""
    return has_role(user, unit, Role.KETUA, Role.SEKRETARIAT)


def can_request_documents(user: User, unit: Unit) -> bool:
    """Ask for some document of the unit (which kinds: :func:`can_export`,
    :func:`can_download_package`, :func:`can_manage_surveys` the survey report and the
    desks' posters)."""
    return (
        can_export(user, unit) or can_download_package(user, unit) or can_manage_surveys(user, unit)
    )


def can_see_province(user: User, unit: Unit) -> bool:
    """The overview of a unit with units below it (KPU RI beside its provinces, a province
    beside its kab/kota): its Ketua and TPI, and those of a unit above it."""
    if not unit.has_units_below or not user.is_authenticated:
        return False
    return user.is_superuser or held_above(user, unit, *DOWNWARD_ROLES)


def can_read_lke(user: User, unit: Unit) -> bool:
    """The unit's LKE (both sides, scores, forecast): the unit's roles, the Ketua and TPI of
    a unit above it and the portal's administrators — never the public (the same people as the plan's
    pages, so every LKE page loads through the one unit loader)."""
    return can_read(user, unit)


def can_answer_lke(user: User, unit: Unit, *, area_code: str, side: str) -> bool:
    """Answer a question of the unit's LKE on one side ("unit": the self-assessment, "tpi").

    ``area_code`` is the plan area of the question's LKE area; "" for Hasil questions.
    """
    if side == "unit":
        if has_role(user, unit, Role.KETUA, Role.SEKRETARIAT):
            return True
        return bool(area_code) and area_code in coordinated_codes(user, unit)
    if side == "tpi":
        return has_role(user, unit, Role.TPI)
    return False


def can_import_lke(user: User, unit: Unit, *, side: str | None = None) -> bool:
    """Import one side's whole workbook: only who may answer every question of that side
    (every area and the Hasil questions, ``""``); ``side=None``: some side."""
    if side is None:
        return any(can_import_lke(user, unit, side=s) for s in LKE_SIDES)
    codes = [*AreaCode.values, ""]
    return all(can_answer_lke(user, unit, area_code=c, side=side) for c in codes)


def can_start_lke(user: User, unit: Unit) -> bool:
    """Start the unit's assessment of a year: the Ketua and the Sekretariat."""
    return has_role(user, unit, Role.KETUA, Role.SEKRETARIAT)


def can_submit_lke(user: User, unit: Unit) -> bool:
    """Submit the unit's self-assessment to the TPI, or reopen it with a reason: the Ketua."""
    return has_role(user, unit, Role.KETUA)


def can_evaluate_lke(user: User, unit: Unit) -> bool:
    """Send a question back to the unit and complete the evaluation: the unit's TPI."""
    return can_answer_lke(user, unit, area_code="", side="tpi")


# --- refusals: each rule's one wording (403) -------------------------------------------


ENTER_REFUSED = "Anda bukan koordinator area ini."
ANSWER_LKE_REFUSED = "Anda tidak berwenang mengisi jawaban pertanyaan ini."
IMPORT_LKE_REFUSED = {
    "unit": "Hanya Ketua dan Sekretariat satuan kerja ini yang dapat mengimpor jawaban "
    "penilaian mandiri LKE.",
    "tpi": "Hanya TPI satuan kerja ini yang dapat mengimpor jawaban penilaian TPI.",
    None: "Jawaban LKE diimpor oleh Ketua atau Sekretariat (penilaian mandiri) dan oleh TPI "
    "(penilaian TPI) satuan kerja ini.",
}


def can_manage_surveys(user: User, unit: Unit) -> bool:
    """Run the unit's surveys: questionnaire texts, quarters and populations, services,
    desks and their codes, paper imports, comments, follow-ups, the survey report."""
    return has_role(user, unit, Role.SEKRETARIAT)


def can_read_survey_responses(user: User, unit: Unit) -> bool:
    """Raw responses (one respondent's answers, comments before approval): the unit's own
    Ketua, Sekretariat and TPI. Everyone who reads the unit reads the aggregates."""
    return has_role(user, unit, *READER_ROLES)


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def ensure_can_enter(user: User, unit: Unit, area_code: str | None) -> None:
    """:func:`can_enter`; ``None``: a row of no area (nobody enters it)."""
    _refuse_unless(can_enter(user, unit, area_code or ""), ENTER_REFUSED)


def ensure_can_lock(user: User, unit: Unit) -> None:
    message = "Hanya Sekretariat satuan kerja ini yang dapat mengunci atau membuka kembali bulan."
    _refuse_unless(can_lock(user, unit), message)


def ensure_can_review(user: User, unit: Unit) -> None:
    message = "Hanya Tim Penilai Internal satuan kerja ini yang dapat mereviu bukti dukung."
    _refuse_unless(can_review(user, unit), message)


def ensure_can_manage(user: User, unit: Unit) -> None:
    message = (
        "Hanya Sekretariat satuan kerja ini dan admin yang dapat mengelola rencana kerja "
        "(impor, ekspor, salin, pemetaan LKE)."
    )
    _refuse_unless(can_manage(user, unit), message)


def ensure_can_copy_plan_to(user: User, unit: Unit, target: Unit) -> None:
    ensure_can_manage(user, unit)
    message = f"{target} bukan satuan kerja di bawah {unit}."
    _refuse_unless(can_copy_plan_to(user, unit, target), message)


def ensure_can_copy_to_units(user: User, unit: Unit) -> None:
    """Copying to kab/kota: who manages the plan of a unit that has units below it."""
    ensure_can_manage(user, unit)
    message = "Satuan kerja ini tidak memiliki satuan kerja di bawahnya; salin hanya ke tahun baru."
    _refuse_unless(bool(_tree(user).child_ids(unit.pk)), message)


def ensure_can_export(user: User, unit: Unit) -> None:
    message = "Hanya Sekretariat satuan kerja ini dan admin yang dapat mengekspor dokumen."
    _refuse_unless(can_export(user, unit), message)


def ensure_can_download_package(user: User, unit: Unit) -> None:
    message = (
        "Hanya Ketua, Sekretariat dan admin satuan kerja ini yang dapat mengunduh paket pengajuan."
    )
    _refuse_unless(can_download_package(user, unit), message)


def ensure_can_request_documents(user: User, unit: Unit) -> None:
    message = (
        "Hanya Sekretariat (dokumen resmi), Ketua (paket pengajuan) satuan kerja ini dan admin "
        "yang dapat meminta dokumen."
    )
    _refuse_unless(can_request_documents(user, unit), message)


def ensure_can_see_documents(user: User, unit: Unit) -> None:
    message = "Hanya Ketua, Sekretariat dan admin yang dapat melihat dokumen satuan kerja ini."
    _refuse_unless(can_see_documents(user, unit), message)


def ensure_can_see_province(user: User, unit: Unit) -> None:
    message = (
        "Hanya Ketua dan TPI satuan kerja ini (atau satuan kerja di atasnya) yang dapat membuka "
        "tampilan satuan kerja di bawahnya."
    )
    _refuse_unless(can_see_province(user, unit), message)


def ensure_can_read_lke(user: User, unit: Unit) -> None:
    message = "Anda tidak berwenang membuka LKE satuan kerja ini."
    _refuse_unless(can_read_lke(user, unit), message)


def ensure_can_answer_lke(user: User, unit: Unit, *, area_code: str, side: str) -> None:
    allowed = can_answer_lke(user, unit, area_code=area_code, side=side)
    _refuse_unless(allowed, ANSWER_LKE_REFUSED)


def ensure_can_answer_some_lke(
    user: User, unit: Unit, *, area_codes: Iterable[str], side: str
) -> None:
    """Some question of ``area_codes`` (plan areas, "" for Hasil) is the user's to answer."""
    allowed = any(can_answer_lke(user, unit, area_code=c, side=side) for c in area_codes)
    _refuse_unless(allowed, ANSWER_LKE_REFUSED)


def ensure_can_import_lke(user: User, unit: Unit, *, side: str | None = None) -> None:
    """:func:`can_import_lke` of one side, or (``None``) of some side."""
    _refuse_unless(can_import_lke(user, unit, side=side), IMPORT_LKE_REFUSED[side])


def ensure_can_start_lke(user: User, unit: Unit) -> None:
    message = "Hanya Ketua dan Sekretariat satuan kerja ini yang dapat memulai penilaian LKE."
    _refuse_unless(can_start_lke(user, unit), message)


def ensure_can_submit_lke(user: User, unit: Unit) -> None:
    message = "Hanya Ketua yang mengajukan atau membuka kembali penilaian mandiri."
    _refuse_unless(can_submit_lke(user, unit), message)


def ensure_can_evaluate_lke(user: User, unit: Unit) -> None:
    message = "Hanya TPI satuan kerja ini yang mengevaluasi LKE-nya."
    _refuse_unless(can_evaluate_lke(user, unit), message)


def ensure_can_manage_surveys(user: User, unit: Unit) -> None:
    _refuse_unless(
        can_manage_surveys(user, unit),
        "Hanya Sekretariat satuan kerja ini yang dapat mengelola survei pelayanan.",
    )


def ensure_can_read_survey_responses(user: User, unit: Unit) -> None:
    _refuse_unless(
        can_read_survey_responses(user, unit),
        "Jawaban responden hanya dapat dibaca Ketua, Sekretariat, dan TPI satuan kerja ini.",
    )
