"""The reads of the official documents (decree, monthly reports) and their HTML, built from
the database alone; the LHE's are in ``reports.lhe.selectors``."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import timezone

from access.models import RoleAssignment, Unit
from areas.figures import paragraph_figure_uri
from areas.models import ActionItem, DecreeClause, LampiranSection, WorkPlan
from areas.selectors import plan_with_parts
from common.dates import today
from common.formatting import (
    MONTH_ABBR,
    date_text,
    month_name,
    month_year,
    number_text,
    percent_text,
    person_name,
    roman,
)
from common.storage import data_uri
from dashboards import charts, figures, selectors
from dashboards.selectors.asof import evidence_as_of
from evidence.models import Evidence
from lke.selectors.asof import lke_as_of
from targets.models import ActionItemStatus, ProgressEntry


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _tree(rows: list[Any], *, plan: WorkPlan | None = None) -> list[dict[str, Any]]:
    """Ordered rows with parent ids → nested dicts for the item template; with ``plan``,
    Lampiran paragraphs carry their figure (uploaded image or drawing) as a data URI."""
    nodes = {
        r.pk: {
            "label": r.label,
            "text": r.text,
            "children": [],
            "figure": paragraph_figure_uri(r, plan) if plan is not None else None,
        }
        for r in rows
    }
    roots = []
    for r in rows:
        (nodes[r.parent_id]["children"] if r.parent_id else roots).append(nodes[r.pk])
    return roots


def decree_context(plan: WorkPlan) -> dict[str, Any]:
    """What the decree's template draws: the clauses, the Lampiran's sections around the
    target table, the areas' targets and action items, and the table's rows."""
    plan = plan_with_parts(plan)
    clauses = _decree_clauses(plan)
    table, before, after = _decree_sections(plan)
    areas = list(plan.areas.all())
    for a in areas:
        a.target_items = [
            {"label": t.label, "text": t.text, "children": []} for t in a.targets.all()
        ]
        a.action_tree = _tree(list(a.actions.all()))
    return {
        "plan": plan,
        "logo_uri": data_uri(plan.unit.logo),
        "clause_groups": [
            {"label": "Menimbang", "items": clauses[DecreeClause.Kind.MENIMBANG]},
            {"label": "Mengingat", "items": clauses[DecreeClause.Kind.MENGINGAT]},
        ],
        "dictums": clauses[DecreeClause.Kind.DIKTUM],
        "sections_before": before,
        "sections_after": after,
        "table_section": table,
        "areas": areas,
        "table_groups": _target_table_groups(areas, list(plan.components.all())),
        "month_abbr": MONTH_ABBR,
    }


def _decree_clauses(plan: WorkPlan) -> dict[str, list[DecreeClause]]:
    clauses: dict[str, list[DecreeClause]] = {kind: [] for kind in DecreeClause.Kind.values}
    for clause in plan.clauses.all():
        clauses[clause.kind].append(clause)
    return clauses


def _decree_sections(
    plan: WorkPlan,
) -> tuple[LampiranSection | None, list[LampiranSection], list[LampiranSection]]:
    """The target table's section and the sections before and after it, each with its
    paragraph tree and whether it opens a chapter."""
    sections = list(plan.sections.all())
    table = next((s for s in sections if s.key == LampiranSection.Key.TABEL_TARGET), None)
    before, after = [], []
    seen_chapters: set[str] = set()
    for s in sections:
        if s.key == LampiranSection.Key.TABEL_TARGET:
            continue
        s.tree = _tree(list(s.paragraphs.all()), plan=plan)
        s.starts_chapter = bool(s.chapter) and s.chapter not in seen_chapters
        seen_chapters.add(s.chapter)
        (after if table and s.order > table.order else before).append(s)
    return table, before, after


def _target_table_groups(areas: list[Any], components: list[Any]) -> list[dict[str, Any]]:
    """The target table's groups: each area's components, then the Komponen Hasil; each
    row with its twelve cells as the decree prints them."""
    groups = [
        {"number": a.number, "name": a.name, "rows": [c for c in components if c.area_id == a.pk]}
        for a in areas
    ]
    hasil = [c for c in components if c.area_id is None]
    if hasil:
        groups.append({"number": roman(len(areas) + 1), "name": "Komponen Hasil", "rows": hasil})
    for g in groups:
        for c in g["rows"]:
            cells: list[str | None] = [None] * 12
            for t in c.targets.all():
                cells[t.month - 1] = number_text(t.percent)
            c.cells = cells
    return groups


def decree_html(plan: WorkPlan, *, verify_url: str, code_context: dict[str, Any]) -> str:
    context = decree_context(plan)
    context.update(code_context)
    context["verify_url"] = verify_url
    context["qr_data_uri"] = qr_data_uri(verify_url)
    return render_to_string("reports/pdf/decree.html", context)


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def coordinator_text(area: figures.AreaFigures) -> str:
    """Who is to act for an area: "Rina Marlina (koordinator Area I – Manajemen Perubahan)";
    the area's coordinator by title when no full name is on record (never a username)."""
    title = f"koordinator Area {area.area.number} – {area.area.name}"
    names = [name for user in area.coordinator_users if (name := user.get_full_name())]
    return f"{' dan '.join(names)} ({title})" if names else title


def recommendations(d: figures.UnitDashboard, month: int) -> list[str]:
    out = []
    for area in d.areas:
        who = coordinator_text(area)
        for cf in area.components:
            cell = cf.cells[month - 1]
            if cell.state == figures.MISSING:
                out.append(
                    f"{cf.component.name}: realisasi {month_name(month)} belum diisi; {who} agar segera melengkapi."
                )
            elif cell.state == figures.BEHIND:
                out.append(
                    f"{cf.component.name}: realisasi {percent_text(cell.real)} di bawah target {percent_text(cell.target)}; "
                    f"{who} agar menyusun langkah percepatan."
                )
    if d.waiting_evidence:
        out.append(
            f"Tim Penilai Internal agar mereviu {len(d.waiting_evidence)} bukti dukung yang menunggu."
        )
    if d.actions_without_evidence:
        out.append(
            f"{len(d.actions_without_evidence)} rencana aksi belum memiliki bukti dukung yang diterima."
        )
    return out or ["Seluruh komponen sesuai target; pertahankan konsistensi pelaksanaan."]


def unit_report_context(plan: WorkPlan, month: int) -> dict[str, Any]:
    # the month as it stood at its end: nothing entered for, uploaded or reviewed after it
    d = selectors.unit_dashboard(plan, as_of=month, activity_limit=0)
    entries = {
        e.component_id: e for e in ProgressEntry.objects.filter(component__plan=plan, month=month)
    }
    statuses = {
        s.action_id: s
        for s in ActionItemStatus.objects.filter(action__area__plan=plan, month=month)
    }
    evidence = {
        e.action_id: {
            "state": Evidence.Status(e.state_then).label,
            "version": e.version_then,
            "comment": e.comment_then,
        }
        for e in evidence_as_of(
            Evidence.objects.filter(action__area__plan=plan, month=month), d.view
        )
    }
    actions_by_area: dict[int, list[ActionItem]] = {}
    for action in ActionItem.objects.filter(area__plan=plan).order_by("area__order", "order"):
        actions_by_area.setdefault(action.area_id, []).append(action)
    areas = []
    for area in d.areas:
        target, real = area.s_curve()
        actions = actions_by_area.get(area.area.pk, [])
        areas.append(
            {
                "f": area,
                "chart": _svg_uri(
                    charts.s_curve_svg(
                        target, real, title=f"Area {area.area.number} – {area.area.name}"
                    )
                ),
                "rows": [
                    {"cf": cf, "cell": cf.cells[month - 1], "entry": entries.get(cf.component.pk)}
                    for cf in area.components
                ],
                "actions": [
                    {"action": a, "status": statuses.get(a.pk), "evidence": evidence.get(a.pk)}
                    for a in actions
                ],
            }
        )
    entered = any(c.real is not None for a in d.areas for cf in a.components for c in cf.cells)
    evidence_then = d.waiting_evidence or any(a.actions_accepted for a in d.areas)
    return {
        "plan": plan,
        "unit": plan.unit,
        "month": month,
        # nothing entered, reported or uploaded up to the month: one line in a province report
        "empty": not (entered or statuses or evidence or evidence_then),
        "month_name": month_name(month),
        "d": d,
        "areas": areas,
        "recommendations": recommendations(d, month),
        "lke": lke_as_of(plan.unit, plan.year, d.view.cutoff or timezone.now()),
    }


ROLE_TITLES = {
    RoleAssignment.Role.KETUA: "Ketua",
    RoleAssignment.Role.SEKRETARIAT: "Sekretaris",
    RoleAssignment.Role.TPI: "Anggota Tim Penilai Internal",
    RoleAssignment.Role.KOORDINATOR: "Koordinator Area",
}


NO_NAME = "…………………………"  # a signature line without a name on record


def unit_logo_uri(unit: Unit) -> str:
    """The unit's logo as a data: URI for WeasyPrint (read through the storage: local disk
    or a bucket); "" without one (or a missing file)."""
    return data_uri(unit.logo)


def closing_context(unit: Unit, requested_by: Any) -> dict[str, str]:
    """The report's closing block: "Mengetahui" the unit's Ketua; "Dibuat oleh" whoever asked
    for it, titled by their role on the unit (the Sekretaris when they have none there)."""
    roles = list(
        RoleAssignment.objects.filter(unit=unit)
        .select_related("user")
        .order_by("role", "user__username")
    )
    ketua = next((r.user for r in roles if r.role == RoleAssignment.Role.KETUA), None)
    own = next((r for r in roles if r.user_id == getattr(requested_by, "pk", None)), None)
    sekretaris = next((r for r in roles if r.role == RoleAssignment.Role.SEKRETARIAT), None)
    maker = own or sekretaris
    return {
        "place": unit.city,
        "date": date_text(today()),
        "ketua_title": f"Ketua {unit.name}",
        "ketua": person_name(ketua, empty=NO_NAME),
        "maker_title": f"{ROLE_TITLES[maker.role]} {unit.name}"
        if maker
        else "Administrator Portal ZI",
        "maker": person_name(maker.user if maker else requested_by),
    }


def _region(unit: Unit) -> tuple[str, str]:
    """ "Komisi Pemilihan Umum Provinsi Kalimantan Barat" → ("Komisi Pemilihan Umum ", "Kalimantan Barat")."""
    before, _, region = unit.name.partition("Provinsi")
    return (before, region.strip()) if region else ("", unit.name)


def report_heading(unit: Unit, year: int, month: int, *, province: bool) -> str:
    """The report's title lines, e.g. "… KOMISI PEMILIHAN UMUM PROVINSI KALIMANTAN BARAT /
    DAN KOMISI PEMILIHAN UMUM KABUPATEN/KOTA / SE-KALIMANTAN BARAT / BULAN APRIL 2025"."""
    lines = ["LAPORAN MONITORING DAN EVALUASI", "PEMBANGUNAN ZONA INTEGRITAS", unit.name.upper()]
    if province:
        body, region = _region(unit)
        lines += [f"DAN {body.upper()}KABUPATEN/KOTA", f"SE-{region.upper()}"]
    lines.append(f"BULAN {month_year(month, year).upper()}")
    return "\n".join(lines)


def report_title(unit: Unit, year: int, month: int, *, province: bool) -> str:
    """The document's title in lists and on the verification page."""
    who = unit.short_name
    if province:
        short = unit.short_name.partition("Provinsi")[0]
        who += f" dan {short}Kabupaten/Kota se-{_region(unit)[1]}"
    return f"Laporan Monitoring dan Evaluasi Pembangunan Zona Integritas {who}, {month_year(month, year)}"


def report_html(
    contexts: list[dict[str, Any]],
    *,
    title: str,
    overview: list[Any] | None,
    chart: str | None,
    verify: dict[str, Any],
) -> str:
    # in a province report a unit without any entry takes one line, not pages of blanks
    empty = [c for c in contexts if c["empty"]] if overview is not None else []
    job = verify.get("job")
    closing = closing_context(job.unit, job.requested_by) if job else None
    return render_to_string(
        "reports/pdf/report.html",
        {
            "reports": [c for c in contexts if not any(c is e for e in empty)],
            "empty_reports": empty,
            "closing": closing,
            "title": title,
            "overview": overview,
            "overview_chart": _svg_uri(chart) if chart else None,
            **verify,
        },
    )
