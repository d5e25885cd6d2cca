"""Honest decree versions: what a version says (a snapshot of the decree's source data),
its fingerprint, what changed since the version before, and which version replaced it."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.text import capfirst

from areas.models import LampiranSection, Paragraph, WorkPlan
from areas.selectors import plan_with_parts
from common.formatting import date_text, month_abbr, number_text

from .models import ReportJob

# The four parts a change is reported in (issue: clauses, paragraphs, action items, cells).
CLAUSES, PARAGRAPHS, ACTIONS, CELLS = "Klausul", "Paragraf", "Rencana aksi", "Sel target"
Part = tuple[str, str, list[str]]  # (category, group, lines)


def _lines(*pairs: tuple[str, object]) -> list[str]:
    return [f"{name}: {value}" for name, value in pairs if value not in ("", None)]


# The decree's head, in document order; each line is named by the field's own label.
HEAD_FIELDS = (
    "number", "issuer", "title", "official_title", "establishes", "enacted_place", "enacted_date",
    "signer_title", "signer_name", "copy_office", "copy_title", "copy_name",
    "lampiran_heading", "cover_title", "cover_footer",
)  # fmt: skip


def _head(plan: WorkPlan) -> list[str]:
    values = {name: getattr(plan, name) for name in HEAD_FIELDS}
    values["enacted_date"] = date_text(plan.enacted_date)
    labels = {name: capfirst(WorkPlan._meta.get_field(name).verbose_name) for name in HEAD_FIELDS}
    logo = plan.unit.logo.name if plan.unit.logo else ""
    return _lines(*((labels[name], value) for name, value in values.items()), ("Logo", logo))


def _item(label: str, text: str) -> str:
    return f"{label} {text}".strip()


def _paragraph(p: Paragraph) -> str:
    """A paragraph's text and the figure it carries (an upload is named by its stored file,
    so a new upload is a change; the drawing follows the areas' weights, listed apart)."""
    figure = p.figure_image.name or (p.get_figure_display() if p.figure else "")
    return _item(p.label, p.text) + (f" [gambar: {figure}]" if figure else "")


def decree_parts(plan: WorkPlan) -> list[Part]:
    """Every part of the decree as text lines, in document order (6 queries)."""
    plan = plan_with_parts(plan)
    parts: list[Part] = [(CLAUSES, "Kepala keputusan", _head(plan))]
    for kind, label in (
        ("menimbang", "Menimbang"),
        ("mengingat", "Mengingat"),
        ("diktum", "Diktum"),
    ):
        items = [_item(c.label, c.text) for c in plan.clauses.all() if c.kind == kind]
        parts.append((CLAUSES, label, items))
    for s in plan.sections.all():
        if s.key == LampiranSection.Key.TABEL_TARGET:
            continue
        head = _lines(
            ("Judul", s.heading),
            ("Tanda tangan", " ".join(filter(None, [s.signature_place_date, s.signature_title]))),
            ("Nama penanda tangan", s.signature_name),
        )
        paragraphs = [_paragraph(p) for p in s.paragraphs.all()]
        parts.append((PARAGRAPHS, s.get_key_display(), head + paragraphs))
    areas = list(plan.areas.all())
    for a in areas:
        lines = _lines(
            ("Nama", a.name), ("Pengantar", a.intro), ("Bobot LKE", number_text(a.lke_weight))
        )
        lines += [f"Target {_item(t.label, t.text)}" for t in a.targets.all()]
        lines += [_item(x.label, x.text) for x in a.actions.all()]
        parts.append((ACTIONS, f"Area {a.number}", lines))
    numbers = {a.pk: a.number for a in areas}
    for c in plan.components.all():
        where = f"Area {numbers[c.area_id]}" if c.area_id else "Komponen Hasil"
        cells = [f"{month_abbr(t.month)}: {number_text(t.percent)}" for t in c.targets.all()]
        parts.append((CELLS, f"{where} – {c.order}. {c.name}", cells))
    return parts


def decree_snapshot(plan: WorkPlan) -> tuple[dict[str, Any], str]:
    """The snapshot stored on an issued decree version and its SHA-256 fingerprint.
    Parts are a list, not an object: PostgreSQL's jsonb does not keep key order. The labels
    are the decree's language whatever language the request or worker runs in, so that the
    same content always has the same fingerprint."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [list(p) for p in decree_parts(plan)]
    canonical = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return {"parts": parts}, hashlib.sha256(canonical.encode()).hexdigest()


def _change(part: tuple[str, str], kind: str, before: str, after: str) -> dict[str, str]:
    return {
        "bagian": part[0],
        "kelompok": part[1],
        "jenis": kind,
        "sebelum": before,
        "sesudah": after,
    }


def _group_changes(key: tuple[str, str], old: list[str], new: list[str]) -> list[dict[str, str]]:
    out = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        paired = min(len(before), len(after))
        out += [_change(key, "diubah", b, a) for b, a in zip(before, after, strict=False)]
        out += [_change(key, "dihapus", b, "") for b in before[paired:]]
        out += [_change(key, "ditambahkan", "", a) for a in after[paired:]]
    return out


def snapshot_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, str]]:
    """What changed from one snapshot to the next, line by line, per part and group."""
    before = {(p[0], p[1]): p[2] for p in old.get("parts", [])}
    after = {(p[0], p[1]): p[2] for p in new.get("parts", [])}
    keys = list(after) + [k for k in before if k not in after]
    changes: list[dict[str, str]] = []
    for key in keys:
        changes += _group_changes(key, before.get(key, []), after.get(key, []))
    return changes


def changes_summary(changes: list[dict[str, str]]) -> str:
    """ "2 klausul, 1 paragraf dan 3 sel target berubah"."""
    counts = Counter(c["bagian"] for c in changes)
    words = [f"{counts[p]} {p.lower()}" for p in (CLAUSES, PARAGRAPHS, ACTIONS, CELLS) if counts[p]]
    if not words:
        return "Tidak ada perubahan isi."
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " dan " + words[-1]
    return f"{text} berubah."


# ---------------------------------------------------------------- lineage


def _same_document(job: ReportJob) -> Q:
    return Q(
        kind=job.kind, unit_id=job.unit_id, year=job.year, month=job.month, quarter=job.quarter
    )


def last_issued(
    *, kind: str, unit_id: int, year: int, month: int | None, quarter: int | None = None
) -> ReportJob | None:
    """The latest issued version of one document (a quarter's survey report is a document
    of its own, the year's another)."""
    return (
        ReportJob.objects.filter(
            kind=kind,
            unit_id=unit_id,
            year=year,
            month=month,
            quarter=quarter,
            status=ReportJob.Status.SELESAI,
        )
        .exclude(version=None)
        .order_by("-version")
        .first()
    )


def job_successor(job: ReportJob) -> ReportJob | None:
    """The version that replaced an issued one (the next version of the same document)."""
    if job.version is None:
        return None
    return (
        ReportJob.objects.filter(_same_document(job), status=ReportJob.Status.SELESAI)
        .filter(version__gt=job.version)
        .order_by("version")
        .first()
    )


def with_successor(jobs: QuerySet[ReportJob]) -> QuerySet[ReportJob]:
    """Jobs annotated with ``superseded_by`` (the next issued version's number) in the same
    query: the documents list marks superseded versions without a query per row."""
    later = (
        ReportJob.objects.annotate(month0=Coalesce("month", 0), quarter0=Coalesce("quarter", 0))
        .filter(
            kind=OuterRef("kind"),
            unit_id=OuterRef("unit_id"),
            year=OuterRef("year"),
            month0=Coalesce(OuterRef("month"), 0),
            quarter0=Coalesce(OuterRef("quarter"), 0),
            status=ReportJob.Status.SELESAI,
            version__gt=OuterRef("version"),
        )
        .order_by("version")
        .values("version")[:1]
    )
    return jobs.annotate(superseded_by=Subquery(later))
