"""Evidence per LKE question: what the plan already holds, and what is attached directly.

The plan carries its link to the worksheet as data (areas/lke_codes.py; checked against a
worksheet by lke.mapping): a component names its sub-area (``PPA1``), an action item the
questions its evidence supports (``PPA1A``).
A question's files are then the current versions of the evidence of every action item that
names it, and the files attached to the question itself (``QuestionEvidence``); accepted
evidence first.

Codes: a coded question keeps its own; a run of count questions is one item (the loader's
rule, lke/data/README.md), whose code all of them share and whose first question holds the
item's evidence and expected documents; Hasil questions are ``HBA``, ``HBB`` (Birokrasi
yang Bersih dan Akuntabel) and ``HPA`` (Pelayanan Publik yang Prima).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from django.core.files.storage import default_storage
from django.db.models import F

from areas.models import ActionItem, Component
from common.formatting import month_name
from common.storage import stream_open
from evidence.models import Evidence, EvidenceFile, StoredFile
from lke.loading import SUB_KOMPONEN_LETTERS, bare_name
from lke.models import Assessment, DocumentMatch, Node, Question, QuestionEvidenceFile, Worksheet

HASIL_LETTERS = {"BIROKRASI YANG BERSIH DAN AKUNTABEL": "B", "PELAYANAN PUBLIK YANG PRIMA": "P"}
PLAN, DIRECT = "plan", "direct"
DIRECT_STATUS = Evidence.Status.DIUNGGAH
# Accepted first, then waiting for review, then rejected (values: labels follow the language).
STATUS_RANK = {
    Evidence.Status.DITERIMA: 0,
    Evidence.Status.DIUNGGAH: 1,
    Evidence.Status.DITOLAK: 2,
}


@dataclass(frozen=True)
class QuestionFile:
    """One file supporting one question (the contract of the submission package)."""

    question_id: int
    code: str
    file_id: int  # EvidenceFile pk for "plan", QuestionEvidenceFile pk for "direct"
    name: str
    sha256: str
    size: int
    path: str
    source: str  # "plan" (an action item's evidence) or "direct" (attached to the question)
    action_label: str  # "I.a Memperbaharui Tim …" or ""
    month: int | None
    status: str  # an Evidence.Status value: "diterima", "ditolak", "diunggah"

    @property
    def key(self) -> str:
        """How a form names the file: "plan:12", "direct:5"."""
        return f"{self.source}:{self.file_id}"

    @property
    def status_label(self) -> str:
        """The status in the active language: "Diterima" ("Accepted")."""
        return str(Evidence.Status(self.status).label)

    @property
    def is_accepted(self) -> bool:
        return self.status == Evidence.Status.DITERIMA

    @property
    def is_rejected(self) -> bool:
        return self.status == Evidence.Status.DITOLAK

    @property
    def is_direct(self) -> bool:
        """Attached to the question itself, not an action item's evidence."""
        return self.source == DIRECT

    @property
    def label(self) -> str:
        """ "sk.pdf · April · Diterima", "notulen.pdf · lampiran pertanyaan"."""
        if self.source == DIRECT:
            return f"{self.name} · lampiran pertanyaan"
        month = month_name(self.month) if self.month else ""
        return f"{self.name} · {month} · {self.status_label}"


# Question codes


@dataclass(frozen=True)
class Items:
    """The worksheet's items: each question's code, and which question holds the evidence."""

    code_of: dict[int, str]  # question id → its item code (count questions included)
    holder_of: dict[int, int]  # question id → the first question of its item
    holder_by_code: dict[str, int]  # item code → that question
    sub_areas: dict[str, str]  # sub-area (or Hasil sub-komponen) code → its name

    def holder(self, question_id: int) -> int:
        return self.holder_of.get(question_id, question_id)


class _Node(NamedTuple):
    id: int
    parent_id: int | None
    level: str
    name: str
    order: int


def _prefixes(nodes: dict[int, _Node]) -> dict[int, tuple[str, int]]:
    """Node id → (the code of the sub-area, or Hasil sub-komponen, it belongs to; the id of
    that sub-area: a nested sub-area belongs to its parent)."""
    out: dict[int, tuple[str, int]] = {}
    for pk in nodes:
        chain: list[_Node] = []
        node: _Node | None = nodes[pk]
        while node is not None:
            chain.append(node)
            node = nodes.get(node.parent_id) if node.parent_id else None
        levels = {n.level: n for n in chain}
        sub = levels.get(Node.Level.SUB_KOMPONEN)
        area = levels.get(Node.Level.AREA)
        if sub is None:
            continue
        if area is None:  # Hasil: its questions hang from the sub-komponen
            letter = HASIL_LETTERS.get(bare_name(sub.name))
            if letter and pk == sub.id:
                out[pk] = (f"H{letter}", sub.id)
            continue
        top = next(
            (n for n in chain if n.level == Node.Level.SUB_AREA and n.parent_id == area.id), None
        )
        letter = SUB_KOMPONEN_LETTERS.get(bare_name(sub.name))
        if top is not None and letter:
            out[pk] = (f"P{letter}{chr(ord('A') + area.order - 1)}{top.order}", top.id)
    return out


def worksheet_items(
    worksheet: Worksheet | int,
    *,
    read: tuple[Iterable[Node], Sequence[Question]] | None = None,
) -> Items:
    """Every question's item code and holder (two queries; none with ``read``, the
    worksheet's every node and its questions by Excel row, already read by the caller)."""
    if read is None:
        rows: Iterable[tuple[Any, ...]] = Node.objects.filter(worksheet=worksheet).values_list(
            *_Node._fields
        )
        question_rows: Iterable[tuple[Any, ...]] = (
            Question.objects.filter(worksheet=worksheet)
            .order_by("excel_row")
            .values_list("id", "node_id", "code", "excel_row", "answer_type")
        )
    else:
        rows = [tuple(getattr(n, f) for f in _Node._fields) for n in read[0]]
        question_rows = [(q.pk, q.node_id, q.code, q.excel_row, q.answer_type) for q in read[1]]
    nodes = {row[0]: _Node(*row) for row in rows}
    prefixes = _prefixes(nodes)
    counter: dict[str, int] = {}
    previous: dict[str, tuple[int, int, int, bool]] = {}  # prefix → (id, node, row, count)
    code_of: dict[int, str] = {}
    holder_of: dict[int, int] = {}
    holder_by_code: dict[str, int] = {}
    for pk, node_id, code, row, kind in question_rows:
        if node_id not in prefixes:
            continue
        prefix = prefixes[node_id][0]
        counts = kind == Question.AnswerType.COUNT
        last = previous.get(prefix)
        continues = counts and last and last[3] and last[1] == node_id and last[2] == row - 1
        if continues:
            holder = holder_of[last[0]]
        else:
            counter[prefix] = counter.get(prefix, 0) + 1
            holder = pk
        code_of[pk] = code or f"{prefix}{chr(ord('A') + counter[prefix] - 1)}"
        holder_of[pk] = holder
        holder_by_code.setdefault(code_of[pk], holder)
        previous[prefix] = (pk, node_id, row, counts)
    sub_areas = {code: nodes[pk].name for code, pk in prefixes.values()}
    return Items(code_of, holder_of, holder_by_code, sub_areas)


# Files


def action_label(action: ActionItem) -> str:
    """ "I.a Memperbaharui Tim …" (the area's number, the item's label, its text)."""
    return f"{action.area.number}.{action.label.rstrip('.')} {action.text}"


def _plan_actions(assessment: Assessment, code: str | None = None) -> list[ActionItem]:
    """The action items of the unit's plan of the year that name a question (or ``code``)."""
    rows = ActionItem.objects.filter(
        area__plan__unit_id=assessment.unit_id, area__plan__year=assessment.year
    ).select_related("area")
    rows = rows.filter(lke_codes__contains=[code]) if code else rows.exclude(lke_codes=[])
    return list(rows.order_by("area__order", "order"))


def _plan_files(actions: list[ActionItem]) -> list[EvidenceFile]:
    """The files of the current version of these action items' evidence (one query)."""
    return list(
        EvidenceFile.objects.filter(
            version__evidence__action__in=actions,
            version__number=F("version__evidence__current_version"),
        ).select_related("version__evidence")
    )


def _direct_files(assessment: Assessment, question_id: int | None = None) -> list[Any]:
    rows = QuestionEvidenceFile.objects.filter(
        version__evidence__assessment=assessment,
        version__number=F("version__evidence__current_version"),
    ).select_related("version__evidence")
    if question_id is not None:
        rows = rows.filter(version__evidence__question_id=question_id)
    return list(rows)


def _stored(row: StoredFile) -> dict[str, Any]:
    """What a QuestionFile takes from the stored file, whichever kind it is."""
    return {
        "file_id": row.pk,
        "name": row.original_name,
        "sha256": row.sha256,
        "size": row.size,
        "path": row.file.name,
    }


def _plan_file(row: EvidenceFile, question_id: int, code: str, action: ActionItem) -> QuestionFile:
    evidence = row.version.evidence
    return QuestionFile(
        question_id=question_id,
        code=code,
        **_stored(row),
        source=PLAN,
        action_label=action_label(action),
        month=evidence.month,
        status=evidence.status,
    )


def _direct_file(row: QuestionEvidenceFile, code: str) -> QuestionFile:
    return QuestionFile(
        question_id=row.version.evidence.question_id,
        code=code,
        **_stored(row),
        source=DIRECT,
        action_label="",
        month=None,
        status=DIRECT_STATUS,
    )


def _order(files: list[QuestionFile], actions: list[ActionItem]) -> list[QuestionFile]:
    """Accepted first; then the plan's order (area, action item, month); direct files last
    within their status."""
    position = {action_label(a): i for i, a in enumerate(actions)}

    def key(f: QuestionFile) -> tuple[int, int, int, int, int]:
        source = 0 if f.source == PLAN else 1
        where = position.get(f.action_label, 0)
        return (STATUS_RANK.get(f.status, 3), source, where, f.month or 0, f.file_id)

    return sorted(files, key=key)


def _files(
    items: Items, actions: list[ActionItem], direct: list[Any]
) -> dict[int, list[QuestionFile]]:
    by_action = {a.pk: a for a in actions}
    out: dict[int, list[QuestionFile]] = {}
    for row in _plan_files(actions):
        action = by_action[row.version.evidence.action_id]
        for code in action.lke_codes:
            holder = items.holder_by_code.get(code)
            if holder is not None:
                out.setdefault(holder, []).append(_plan_file(row, holder, code, action))
    for row in direct:
        question_id = row.version.evidence.question_id
        code = items.code_of.get(question_id, "")
        out.setdefault(question_id, []).append(_direct_file(row, code))
    return {pk: _order(files, actions) for pk, files in out.items()}


def assessment_files(assessment: Assessment) -> dict[int, list[QuestionFile]]:
    """Question id → its files, accepted first (five queries, whatever the numbers).

    The files of a count item hang from its first question (the one with the documents).
    """
    return _items_and_files(assessment)[1]


def _items_and_files(
    assessment: Assessment,
    read: tuple[Iterable[Node], Sequence[Question]] | None = None,
    plan_actions: Sequence[ActionItem] | None = None,
) -> tuple[Items, dict[int, list[QuestionFile]]]:
    items = worksheet_items(assessment.worksheet_id, read=read)
    if plan_actions is None:
        actions = _plan_actions(assessment)
    else:  # the plan's every action item, by area and order: those that name a question
        actions = [a for a in plan_actions if a.lke_codes]
    return items, _files(items, actions, _direct_files(assessment))


def items_without_evidence(
    assessment: Assessment,
    *,
    read: tuple[Iterable[Node], Sequence[Question]] | None = None,
    plan_actions: Sequence[ActionItem] | None = None,
) -> tuple[int, int]:
    """How many of the worksheet's items have no file yet (from the plan or attached),
    of how many (the queries of :func:`assessment_files`; two fewer with ``read``, as
    :func:`worksheet_items`, one fewer with ``plan_actions``: every action item of the
    unit's plan of the assessment's year with its area, by area and order, as the caller
    read them)."""
    items, files = _items_and_files(assessment, read, plan_actions)
    holders = set(items.holder_by_code.values())
    return sum(1 for pk in holders if not files.get(pk)), len(holders)


def open_file(f: QuestionFile) -> IO[bytes]:
    """The file's bytes from private storage, streamed (local disk or a bucket: constant
    memory whatever the size; the caller closes it)."""
    return stream_open(default_storage, f.path)


# The question's evidence page


@dataclass(frozen=True)
class DocumentRow:
    """An expected document and the file chosen for it (None: not ticked)."""

    index: int
    text: str
    match: DocumentMatch | None
    file: QuestionFile | None  # the chosen file when it is still among the question's files

    @property
    def ticked(self) -> bool:
        return self.match is not None

    @property
    def stale(self) -> bool:
        """Ticked with a file that a newer version has replaced."""
        return self.match is not None and self.file is None


@dataclass
class QuestionEvidencePage:
    question: Question  # the item's first question (holds the evidence)
    code: str
    component: Component | None  # the plan row of the question's sub-area
    actions: list[ActionItem]  # the plan's action items that name the question
    files: list[QuestionFile]
    documents: list[DocumentRow] = field(default_factory=list)

    @property
    def plan_files(self) -> list[QuestionFile]:
        return [f for f in self.files if f.source == PLAN]

    @property
    def direct_files(self) -> list[QuestionFile]:
        return [f for f in self.files if f.source == DIRECT]

    @property
    def ticked(self) -> int:
        return sum(1 for d in self.documents if d.ticked)


def _matched_key(match: DocumentMatch) -> str:
    if match.plan_file_id:
        return f"{PLAN}:{match.plan_file_id}"
    return f"{DIRECT}:{match.direct_file_id}"


def question_evidence(assessment: Assessment, question: Question) -> QuestionEvidencePage:
    """What a question's evidence page shows (a constant number of queries); ``question``
    is any question of its item, the page is its item's first question."""
    items = worksheet_items(assessment.worksheet_id)
    holder_id = items.holder(question.pk)
    if holder_id != question.pk:
        question = Question.objects.get(pk=holder_id)
    code = items.code_of.get(question.pk, "")
    actions = _plan_actions(assessment, code) if code else []
    direct = _direct_files(assessment, question.pk)
    files = _files(items, actions, direct).get(question.pk, [])
    by_key = {f.key: f for f in files}
    matches = {
        m.document: m
        for m in DocumentMatch.objects.filter(
            assessment=assessment, question=question
        ).select_related("plan_file", "direct_file", "matched_by")
    }
    documents = [
        DocumentRow(i, text, matches.get(i), _chosen(matches.get(i), by_key))
        for i, text in enumerate(question.expected_documents or [])
    ]
    component = _component(assessment, code)
    return QuestionEvidencePage(question, code, component, actions, files, documents)


def _chosen(match: DocumentMatch | None, by_key: dict[str, QuestionFile]) -> QuestionFile | None:
    return by_key.get(_matched_key(match)) if match is not None else None


def _component(assessment: Assessment, code: str) -> Component | None:
    """The plan's component of the question's sub-area (or Hasil sub-komponen)."""
    prefix = code[:-1]
    if not prefix:
        return None
    return (
        Component.objects.filter(
            plan__unit_id=assessment.unit_id, plan__year=assessment.year, lke_code=prefix
        )
        .select_related("area")
        .first()
    )
