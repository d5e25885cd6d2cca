"""Loading the worksheet file as a worksheet version (``load_lke``).

The file (``lke/data/``) gives the tree, the questions and their schemes; this module adds
what the file lacks: the plan area of each LKE area, the question codes of the bukti
dukung list and the predicate minimums of the reference table.

Rule for a worksheet already loaded: the load only creates what is missing. Weights and
predicate minimums are data the admin edits (with history); a second load neither undoes
those edits nor writes a row or a history record. ``overwrite`` brings every row back to
the file (the admin's edits are lost) and deletes rows the file no longer has.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from access.models import AreaCode
from areas.services import LoadReport as PlanLoadReport
from common.rollups import WORKSHEET, rollup_touch

from .models import Node, Predicate, PredicateMinimum, Question, Worksheet

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_WORKSHEET_FILE = DATA_DIR / "lke-zi-2026.json"
DEFAULT_DOCUMENTS_FILE = DATA_DIR / "lke-bukti-dukung.tsv"
REGULATION = (
    "Peraturan Menteri PANRB Nomor 90 Tahun 2021 sebagaimana telah diubah dengan "
    "Peraturan Menteri PANRB Nomor 5 Tahun 2024"
)

LEVELS = {
    "komponen": Node.Level.KOMPONEN,
    "sub_komponen": Node.Level.SUB_KOMPONEN,
    "area_perubahan": Node.Level.AREA,
    "sub_area": Node.Level.SUB_AREA,
}
# An LKE area → the plan area whose koordinator answers it (the same six in Pemenuhan and
# Reform), by the area's name without its number ("1. MANAJEMEN PERUBAHAN").
AREA_CODES = {
    "MANAJEMEN PERUBAHAN": AreaCode.MANAJEMEN_PERUBAHAN,
    "PENATAAN TATALAKSANA": AreaCode.TATALAKSANA,
    "PENATAAN SISTEM MANAJEMEN SDM APARATUR": AreaCode.SDM,
    "PENGUATAN AKUNTABILITAS": AreaCode.AKUNTABILITAS,
    "PENGUATAN PENGAWASAN": AreaCode.PENGAWASAN,
    "PENINGKATAN KUALITAS PELAYANAN PUBLIK": AreaCode.PELAYANAN_PUBLIK,
}
ANSWER_TYPES = {
    "YA_TIDAK": Question.AnswerType.YA_TIDAK,
    "ABC": Question.AnswerType.ABC,
    "ABCD": Question.AnswerType.ABCD,
    "ABCDE": Question.AnswerType.ABCDE,
    "JUMLAH": Question.AnswerType.COUNT,
    "0-4": Question.AnswerType.SURVEY,
}
# Second letter of a question code: the Pengungkit sub-komponen.
SUB_KOMPONEN_LETTERS = {"PEMENUHAN": "P", "REFORM": "R"}

Req = PredicateMinimum.Requirement
# The reference README's table (check against the regulation; the admin edits them).
# IPAK and IPKP are kept as their scores (survey ÷ 4 × 17.5): IPAK 15.75 is a survey value
# of 3.60; IPKP 14.00 is 3.20 (WBK) and 15.75 is 3.60 (WBBM). area_share is a percent of
# each area's weight. WBBM also needs "Menuju WBK" already (Assessment.holds_wbk).
PREDICATE_MINIMUMS: dict[str, dict[str, str]] = {
    Predicate.WBK: {
        Req.TOTAL: "75",
        Req.PENGUNGKIT: "40",
        Req.AREA_SHARE: "60",
        Req.BERSIH: "18.25",
        Req.IPAK: "15.75",
        Req.CAPAIAN: "2.50",
        Req.IPKP: "14.00",
    },
    Predicate.WBBM: {
        Req.TOTAL: "85",
        Req.PENGUNGKIT: "48",
        Req.AREA_SHARE: "75",
        Req.BERSIH: "19.50",
        Req.IPAK: "15.75",
        Req.CAPAIAN: "3.75",
        Req.IPKP: "15.75",
    },
}

_NUMBERING = re.compile(r"^\s*(?:[0-9]+|[IVXivx]+|[a-zA-Z])\.\s*")


@dataclass
class LoadReport(PlanLoadReport):
    """What a load did, per model (its plural verbose name), and the rows that differ from
    the file and were left as they are (no ``overwrite``)."""

    kept: Counter[str] = field(default_factory=Counter)


def read_documents(path: Path = DEFAULT_DOCUMENTS_FILE) -> dict[str, list[str]]:
    """Question code → expected documents, in file order (trailing ';' dropped)."""
    documents: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        code, tab, text = line.partition("\t")
        if not tab or not code.strip() or not text.strip():
            raise ValueError(f"{path.name} baris {number}: harus 'kode<TAB>dokumen'.")
        documents.setdefault(code.strip(), []).append(text.strip().rstrip(";").strip())
    return documents


def read_worksheet_files(
    worksheet_file: Path = DEFAULT_WORKSHEET_FILE,
    documents_file: Path = DEFAULT_DOCUMENTS_FILE,
    regulation: str = REGULATION,
) -> dict[str, Any]:
    """The keyword arguments of :func:`worksheet_load` for these files."""
    raw = worksheet_file.read_bytes()
    return {
        "data": json.loads(raw),
        "documents": read_documents(documents_file),
        "regulation": regulation,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
    }


def bare_name(name: str) -> str:
    """ "1. MANAJEMEN PERUBAHAN" → "MANAJEMEN PERUBAHAN"."""
    return _NUMBERING.sub("", name).strip().upper()


def _sorted(items: list[dict[str, Any]], key: str = "order_index") -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: item[key])


def _questions_under(node: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(question, its node) of a node and its nested nodes, in worksheet order."""
    for question in _sorted(node.get("soals", []), "excel_baris"):
        yield question, node
    for child in _sorted(node["children"]):
        yield from _questions_under(child)


def _items(sub_area: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The coded items of a sub-area: each non-count question, and each run of count
    questions on consecutive rows of one node (their percentage carries the code)."""
    items: list[list[dict[str, Any]]] = []
    previous: tuple[dict[str, Any], dict[str, Any]] | None = None
    for question, node in _questions_under(sub_area):
        counts = _answer_type(question) == Question.AnswerType.COUNT
        if (
            counts
            and previous is not None
            and previous[1] is node
            and _answer_type(previous[0]) == Question.AnswerType.COUNT
            and question["excel_baris"] == previous[0]["excel_baris"] + 1
        ):
            items[-1].append(question)
        else:
            items.append([question])
        previous = (question, node)
    return items


def question_codes(data: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """Question source id → (its code, the code whose expected documents it shows).

    A count question has no code of its own; the first question of a run shows the
    run's documents. Hasil questions have none.
    """
    codes: dict[int, tuple[str, str]] = {}
    for komponen in data["data"]:
        for sub in _sorted(komponen["children"]):
            letter = SUB_KOMPONEN_LETTERS.get(bare_name(sub["nama"]))
            if letter is None:
                continue
            for area in _sorted(sub["children"]):
                area_letter = chr(ord("A") + area["order_index"] - 1)
                for sub_area in _sorted(area["children"]):
                    prefix = f"P{letter}{area_letter}{sub_area['order_index']}"
                    for index, run in enumerate(_items(sub_area)):
                        code = prefix + chr(ord("A") + index)
                        for position, question in enumerate(run):
                            counts = _answer_type(question) == Question.AnswerType.COUNT
                            codes[question["id"]] = (
                                "" if counts else code,
                                code if position == 0 else "",
                            )
    return codes


def _answer_type(question: dict[str, Any]) -> str:
    kind = str(question["jenis_jawaban"]).upper()
    if kind not in ANSWER_TYPES:
        raise ValueError(f"Jenis jawaban tidak dikenal: {question['jenis_jawaban']!r}")
    return ANSWER_TYPES[kind]


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _node_rows(data: dict[str, Any]) -> list[list[tuple[int | None, dict[str, Any]]]]:
    """Nodes by depth (parents first): (parent source id, the node's values)."""
    depths: list[list[tuple[int | None, dict[str, Any]]]] = []

    def walk(node: dict[str, Any], parent: int | None, depth: int) -> None:
        level = LEVELS[node["level"]]
        area_code = ""
        if level == Node.Level.AREA:
            area_code = AREA_CODES[bare_name(node["nama"])]
        values = {
            "source_id": node["id"],
            "level": level,
            "name": node["nama"],
            "order": node["order_index"],
            "weight": _decimal(node["bobot_maksimal"]),
            "area_code": area_code,
        }
        if len(depths) <= depth:
            depths.append([])
        depths[depth].append((parent, values))
        for child in _sorted(node["children"]):
            walk(child, node["id"], depth + 1)

    for komponen in _sorted(data["data"]):
        walk(komponen, None, 0)
    return depths


def _question_rows(
    data: dict[str, Any], documents: dict[str, list[str]]
) -> list[tuple[int, dict[str, Any]]]:
    """(node source id, the question's values) for every question."""
    codes = question_codes(data)
    unknown = sorted(set(documents) - {shown for _, shown in codes.values() if shown})
    if unknown:
        raise ValueError(f"Kode bukti dukung tanpa pertanyaan: {', '.join(unknown)}")
    rows: list[tuple[int, dict[str, Any]]] = []

    def walk(node: dict[str, Any]) -> None:
        for order, question in enumerate(_sorted(node.get("soals", []), "excel_baris"), 1):
            code, shown = codes.get(question["id"], ("", ""))
            scheme = [
                {"key": s["key"], "label": s["label"], "multiplier": str(_decimal(s["multiplier"]))}
                for s in question["skema_penilaian"]
            ]
            values = {
                "source_id": question["id"],
                "code": code,
                "order": order,
                "text": question["teks_pertanyaan"],
                "criteria": question.get("kriteria_nilai") or "",
                "answer_type": _answer_type(question),
                "weight": _decimal(question["bobot_maksimal"]),
                "scheme": scheme,
                "excel_row": question["excel_baris"],
                "expected_documents": documents.get(shown, []) if shown else [],
            }
            rows.append((node["id"], values))
        for child in _sorted(node["children"]):
            walk(child)

    for komponen in _sorted(data["data"]):
        walk(komponen)
    return rows


class _Sync:
    """Creates missing rows of one worksheet in bulk (with history); changes existing ones
    only when overwriting."""

    def __init__(self, worksheet: Worksheet, report: LoadReport, *, overwrite: bool) -> None:
        self.worksheet = worksheet
        self.report = report
        self.overwrite = overwrite
        self.seen: dict[type[models.Model], set[int]] = {}

    def rows(
        self, model: type[models.Model], key: tuple[str, ...], rows: list[dict[str, Any]]
    ) -> dict[tuple[Any, ...], models.Model]:
        name = str(model._meta.verbose_name_plural)
        existing = {
            tuple(getattr(obj, f) for f in key): obj
            for obj in model.objects.filter(worksheet=self.worksheet)
        }
        result: dict[tuple[Any, ...], models.Model] = {}
        new: list[models.Model] = []
        for values in rows:
            obj = existing.get(tuple(values[f] for f in key))
            if obj is None:
                obj = model(worksheet=self.worksheet, **values)
                # The database enforces the unique constraints; the rows were looked up.
                obj.full_clean(validate_unique=False, validate_constraints=False)
                new.append(obj)
            else:
                self._update(obj, values, name)
            result[tuple(values[f] for f in key)] = obj
        if new:
            bulk_create_with_history(new, model)
            self.report.created[name] += len(new)
        self.seen.setdefault(model, set()).update(obj.pk for obj in result.values())
        return result

    def _update(self, obj: models.Model, values: dict[str, Any], name: str) -> None:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if not changed:
            return
        if not self.overwrite:
            self.report.kept[name] += 1
            return
        for key in changed:
            setattr(obj, key, values[key])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save(update_fields=changed)
        self.report.updated[name] += 1

    def prune(self, model: type[models.Model]) -> None:
        """Delete the rows the file no longer has (only when overwriting)."""
        if not self.overwrite:
            return
        extra = model.objects.filter(worksheet=self.worksheet).exclude(pk__in=self.seen[model])
        for obj in extra:
            obj.delete()
            self.report.deleted[str(model._meta.verbose_name_plural)] += 1


@transaction.atomic
def worksheet_load(
    *,
    data: dict[str, Any],
    documents: dict[str, list[str]],
    regulation: str,
    source_sha256: str,
    overwrite: bool = False,
    report: LoadReport | None = None,
) -> tuple[Worksheet, bool]:
    """Load the worksheet file as the version of its year; True when something was written.

    Upserts by the file's ids; see the module docstring for what ``overwrite`` changes.
    """
    report = report if report is not None else LoadReport()
    header = {"year": data["tahun"], "regulation": regulation, "source_sha256": source_sha256}
    worksheet = Worksheet.objects.filter(year=header["year"]).first()
    if worksheet is None:
        worksheet = Worksheet(**header)
        worksheet.full_clean()
        worksheet.save()
        report.created[str(Worksheet._meta.verbose_name_plural)] += 1
    sync = _Sync(worksheet, report, overwrite=overwrite)
    sync._update(worksheet, header, str(Worksheet._meta.verbose_name_plural))

    ids: dict[int, int] = {}
    for depth in _node_rows(data):
        rows = [{**values, "parent_id": ids.get(parent)} for parent, values in depth]
        for (source_id,), node in sync.rows(Node, ("source_id",), rows).items():
            ids[source_id] = node.pk
    questions = [
        {**values, "node_id": ids[node_source]}
        for node_source, values in _question_rows(data, documents)
    ]
    sync.rows(Question, ("source_id",), questions)
    minimums = [
        {"predicate": predicate, "requirement": requirement, "minimum": Decimal(minimum)}
        for predicate, by_requirement in PREDICATE_MINIMUMS.items()
        for requirement, minimum in by_requirement.items()
    ]
    sync.rows(PredicateMinimum, ("predicate", "requirement"), minimums)
    sync.prune(Question)
    sync.prune(Node)
    sync.prune(PredicateMinimum)
    # the assessments on this version score with its tree and minimums (a load that
    # changed nothing leaves their summaries as they are)
    if report.changed:
        rollup_touch(WORKSHEET, worksheet_ids=[worksheet.pk])
    return worksheet, report.changed


def worksheet_current() -> Worksheet | None:
    """The newest worksheet version (the one new assessments start on)."""
    return Worksheet.objects.order_by("-year").first()
