"""An LKE assessment answered on both sides, for the Laporan Hasil Evaluasi tests: the unit
rates itself at full value (surveys 3,80), the TPI agrees except on the questions below."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from access.models import Unit
from lke.models import Assessment, Question, Side
from lke.scoring import AnswerValue, tree_for
from lke.services import answers_import, assessment_start
from tests.lke_support import best_answers

# The TPI's answers below full value (by question code, or Excel row for counts and
# surveys): answer text and note.
TPI_BELOW: dict[str | int, tuple[str, str]] = {
    "PPA1B": ("B", "Mekanisme pemilihan anggota tim belum terdokumentasi."),
    "PPA4A": ("Tidak", "Belum ada bukti keteladanan pimpinan dalam kegiatan rutin."),
    "PPD1B": ("C", "Dokumen perjanjian kinerja tidak diunggah."),
    126: ("10", ""),
    127: ("8", "Dua agen perubahan belum membuat perubahan."),
    199: ("3,10", "Survei IPAK baru mencakup satu triwulan."),
    202: ("3,90", ""),
}
UNIT_SURVEY = "3,80"


def _text(answer: AnswerValue | None, question: Question) -> str:
    if answer is None:
        return UNIT_SURVEY if question.answer_type == Question.AnswerType.SURVEY else ""
    return answer.choice or str(answer.number)


def answered_assessment(
    unit: Unit,
    *,
    unit_user: Any,
    tpi_user: Any,
    state: str = Assessment.State.EVALUATING,
    year: int = 2025,
) -> Assessment:
    """Both sides written through ``answers_import`` (the unit's by ``unit_user`` while a
    draft, the TPI's by ``tpi_user``), then left in ``state``."""
    assessment = assessment_start(unit=unit, year=year, user=None)
    questions = list(Question.objects.filter(worksheet=assessment.worksheet).order_by("excel_row"))
    best = best_answers(tree_for(assessment.worksheet_id))
    rows = [(q, _text(best.get(q.pk), q), "", "") for q in questions]
    answers_import(assessment=assessment, side=Side.UNIT, user=unit_user, rows=rows)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.EVALUATING)
    assessment.refresh_from_db()
    tpi_rows = []
    for q, text, _, _ in rows:
        text, note = TPI_BELOW.get(q.code or q.excel_row, (text, ""))
        tpi_rows.append((q, text, note, ""))
    answers_import(assessment=assessment, side=Side.TPI, user=tpi_user, rows=tpi_rows)
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    return assessment


def question(key: str | int) -> Question:
    lookup = {"code": key} if isinstance(key, str) else {"excel_row": key}
    return Question.objects.get(worksheet__year=2026, **lookup)


def norm(text: str) -> str:
    """Text without whitespace or hyphenation breaks (U+2010 and a soft "-" at a line end),
    so words are compared in order wherever the lines were broken."""
    return re.sub(r"[\u2010\u00ad]\s*|-\n|\s+", "", text)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
