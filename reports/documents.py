"""HTML of the official documents, built from the database alone."""

from __future__ import annotations

import base64
import datetime
import io
from pathlib import Path
from typing import Any

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string

from areas.figures import paragraph_figure_uri
from areas.models import ActionItem, DecreeClause, LampiranSection, WorkPlan
from areas.selectors import plan_with_parts
from common.formatting import MONTH_ABBR, month_name, number_text, percent_text, roman
from dashboards import charts, selectors
from evidence.models import Evidence
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
    plan = plan_with_parts(plan)
    clauses = {kind: [] for kind in DecreeClause.Kind.values}
    for clause in plan.clauses.all():
        clauses[clause.kind].append(clause)
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
    areas = list(plan.areas.all())
    for a in areas:
        a.target_items = [
            {"label": t.label, "text": t.text, "children": []} for t in a.targets.all()
        ]
        a.action_tree = _tree(list(a.actions.all()))
    components = list(plan.components.all())
    groups = []
    for a in areas:
        rows = [c for c in components if c.area_id == a.pk]
        groups.append({"number": a.number, "name": a.name, "rows": rows})
    hasil = [c for c in components if c.area_id is None]
    if hasil:
        groups.append(
            {
                "number": roman(len(areas) + 1),
                "name": "Komponen Hasil",
                "rows": hasil,
            }
        )
    for g in groups:
        for c in g["rows"]:
            cells: list[str | None] = [None] * 12
            for t in c.targets.all():
                cells[t.month - 1] = number_text(t.percent)
            c.cells = cells
    logo = plan.unit.logo
    return {
        "plan": plan,
        "logo_uri": Path(logo.path).as_uri() if logo and Path(logo.path).exists() else "",
        "clause_groups": [
            {"label": "Menimbang", "items": clauses[DecreeClause.Kind.MENIMBANG]},
            {"label": "Mengingat", "items": clauses[DecreeClause.Kind.MENGINGAT]},
        ],
        "dictums": clauses[DecreeClause.Kind.DIKTUM],
        "sections_before": before,
        "sections_after": after,
        "table_section": table,
        "areas": areas,
        "table_groups": groups,
        "month_abbr": MONTH_ABBR,
    }


def decree_html(plan: WorkPlan, *, verify_url: str, code_context: dict[str, Any]) -> str:
    context = decree_context(plan)
    context.update(code_context)
    context["verify_url"] = verify_url
    context["qr_data_uri"] = qr_data_uri(verify_url)
    return render_to_string("reports/pdf/decree.html", context)


def month_end_view(year: int, month: int) -> datetime.date:
    """The day after the month: the report sees the month as ended."""
    return datetime.date(year + (month == 12), month % 12 + 1, 1)


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def recommendations(d: selectors.UnitDashboard, month: int) -> list[str]:
    out = []
    for area in d.areas:
        for cf in area.components:
            cell = cf.cells[month - 1]
            who = ", ".join(area.coordinators) or f"koordinator Area {area.area.number}"
            if cell.state == selectors.MISSING:
                out.append(
                    f"{cf.component.name}: realisasi {month_name(month)} belum diisi; {who} agar segera melengkapi."
                )
            elif cell.state == selectors.BEHIND:
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
    d = selectors.unit_dashboard(plan, on=month_end_view(plan.year, month), activity_limit=0)
    entries = {
        e.component_id: e for e in ProgressEntry.objects.filter(component__plan=plan, month=month)
    }
    statuses = {
        s.action_id: s
        for s in ActionItemStatus.objects.filter(action__area__plan=plan, month=month)
    }
    evidence = {
        e.action_id: e
        for e in Evidence.objects.filter(action__area__plan=plan, month=month).prefetch_related(
            "reviews"
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
    return {
        "plan": plan,
        "unit": plan.unit,
        "month": month,
        "month_name": month_name(month),
        "d": d,
        "areas": areas,
        "recommendations": recommendations(d, month),
    }


def report_html(
    contexts: list[dict[str, Any]],
    *,
    title: str,
    overview: list[Any] | None,
    chart: str | None,
    verify: dict[str, Any],
) -> str:
    return render_to_string(
        "reports/pdf/report.html",
        {
            "reports": contexts,
            "title": title,
            "overview": overview,
            "overview_chart": _svg_uri(chart) if chart else None,
            **verify,
        },
    )
