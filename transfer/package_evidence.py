"""TEMPORARY stand-in for ``lke.evidence`` (H6, branch h-lke-evidence): the evidence of each
LKE question, with the names and shapes of the contract (``QuestionFile``,
``assessment_files``, ``open_file``) so that replacing it is changing one import in
``transfer.package``. Delete this module when ``lke.evidence`` lands.

Until questions name their action items, the evidence of an action item supports the first
question (by worksheet row) of the LKE area its plan area maps to: the files of each
evidence's current version, accepted first. Direct attachments do not exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.files.storage import default_storage
from django.db.models import F

from evidence.models import Evidence, EvidenceFile
from lke.models import Assessment, Question
from lke.questions import question_area_codes

STATUS_ORDER = {
    Evidence.Status.DITERIMA: 0,
    Evidence.Status.DIUNGGAH: 1,
    Evidence.Status.DITOLAK: 2,
}


@dataclass(frozen=True)
class QuestionFile:
    question_id: int
    code: str
    file_id: int
    name: str
    sha256: str
    size: int
    path: str
    source: str
    action_label: str
    month: int | None
    status: str


def assessment_files(assessment: Assessment) -> dict[int, list[QuestionFile]]:
    """Question id → its files, accepted first (three queries)."""
    codes = question_area_codes(assessment.worksheet)
    first: dict[str, tuple[int, str]] = {}
    questions = Question.objects.filter(worksheet=assessment.worksheet_id).order_by("excel_row")
    for pk, code in questions.values_list("id", "code"):
        if codes.get(pk):
            first.setdefault(codes[pk], (pk, code))
    rows = (
        EvidenceFile.objects.filter(
            version__evidence__action__area__plan__unit_id=assessment.unit_id,
            version__evidence__action__area__plan__year=assessment.year,
            version__number=F("version__evidence__current_version"),
        )
        .select_related("version__evidence__action__area")
        .order_by("version__evidence__action__area__order", "version__evidence__action__order")
    )
    found: dict[int, list[QuestionFile]] = {}
    for row in rows:
        evidence = row.version.evidence
        action = evidence.action
        if action.area.code not in first:
            continue
        question_id, code = first[action.area.code]
        found.setdefault(question_id, []).append(
            QuestionFile(
                question_id=question_id,
                code=code,
                file_id=row.pk,
                name=row.original_name,
                sha256=row.sha256,
                size=row.size,
                path=row.file.name,
                source="plan",
                action_label=f"{action.area.number}.{action.label} {action.text}".strip(),
                month=evidence.month,
                status=evidence.get_status_display(),
            )
        )
    order = {str(label): rank for status, rank in STATUS_ORDER.items() for label in [status.label]}
    for files in found.values():
        files.sort(key=lambda f: order.get(f.status, 3))
    return found


def open_file(f: QuestionFile) -> IO[bytes]:
    return default_storage.open(f.path, "rb")
