"""The TPI's worksheet of one plan area (or Hasil): per question the unit's answer (in
words), explanation and evidence note beside the TPI's own answer and note, the TPI's
request for a correction when one is open, and the forms the TPI saves in place.

The grouping by LKE area and sub-area is the unit's page's (lke.selectors.sheet.area_parts); this
module puts the TPI's side beside each of its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from access import rules
from lke.evaluation_forms import SendBackForm
from lke.forms import AnswerForm, answer_initial
from lke.models import Answer, Assessment, Correction, Question, Side
from lke.selectors.pages import WorksheetMap, scheme_choices
from lke.selectors.sheet import (
    Part,
    QuestionAid,
    QuestionRow,
    area_parts,
    open_corrections,
    row_of,
    stored_answers,
)

if TYPE_CHECKING:
    from access.rules import User
    from lke.scoring import Scores

State = Assessment.State
EVALUATION_OPEN = (State.SUBMITTED, State.EVALUATING)


@dataclass
class TpiRow:
    """One question on the TPI's page: the unit's row (read-only) beside the TPI's answer."""

    unit: QuestionRow
    answer: Answer | None  # the TPI's
    correction: Correction | None
    form: AnswerForm | None  # the TPI's answer, when the TPI may still answer
    back_form: SendBackForm | None  # "Kembalikan ke unit", when the TPI may send it back

    @property
    def question(self) -> Question:
        return self.unit.question

    @property
    def choices(self) -> list[tuple[str, str]]:
        return scheme_choices(self.question)

    @property
    def is_survey(self) -> bool:
        return self.unit.is_survey

    @property
    def words(self) -> str:
        """The TPI's stored answer in words."""
        return row_of(self.question, self.answer, editable=False).words


@dataclass(frozen=True)
class Powers:
    """What the user may do on the TPI's page, given the assessment's state."""

    answer: bool  # save the TPI's answers (until the evaluation is completed)
    send_back: bool  # send a question back, complete the evaluation (during the evaluation)


def powers(user: User, assessment: Assessment) -> Powers:
    evaluates = rules.can_evaluate_lke(user, assessment.unit)
    return Powers(
        answer=evaluates and assessment.state != State.COMPLETED,
        send_back=evaluates and assessment.state in EVALUATION_OPEN,
    )


def tpi_answers(assessment: Assessment, questions: list[Question]) -> dict[int, Answer]:
    """The TPI's stored answers to ``questions``, with who saved them (one query)."""
    rows = Answer.objects.filter(
        assessment=assessment, side=Side.TPI, question__in=[q.pk for q in questions]
    ).select_related("updated_by")
    return {a.question_id: a for a in rows}


def tpi_row(
    unit_row: QuestionRow,
    answer: Answer | None,
    correction: Correction | None,
    can: Powers,
    *,
    form: AnswerForm | None = None,
    back_form: SendBackForm | None = None,
) -> TpiRow:
    """A question's row; the forms hold the stored values unless given (after a post)."""
    pk = unit_row.question.pk
    if can.answer and form is None:
        form = AnswerForm(
            initial=answer_initial(answer), prefix=f"t{pk}", question=unit_row.question, tpi=True
        )
    if can.send_back and correction is None and back_form is None:
        back_form = SendBackForm(prefix=f"b{pk}")
    return TpiRow(unit_row, answer, correction, form if can.answer else None, back_form)


def tpi_parts(
    *,
    user: User,
    assessment: Assessment,
    wmap: WorksheetMap,
    code: str,
    scores: Scores,
    aids: Mapping[int, QuestionAid] | None = None,
) -> list[Part[TpiRow]]:
    """The area's questions grouped as on the unit's page, each with both sides (the
    scores shown above the groups are ``scores``: the TPI's; ``aids`` the survey data the
    unit's rows show)."""
    parts = area_parts(
        user=user, assessment=assessment, wmap=wmap, code=code, scores=scores, aids=aids
    )
    answers = tpi_answers(assessment, wmap.questions_of(code))
    corrections = open_corrections(assessment)
    can = powers(user, assessment)

    def both_sides(r: QuestionRow) -> TpiRow:
        pk = r.question.pk
        read_only = row_of(r.question, r.answer, editable=False, aid=r.aid)
        return tpi_row(read_only, answers.get(pk), corrections.get(pk), can)

    return [
        replace(
            part, groups=[replace(g, rows=[both_sides(r) for r in g.rows]) for g in part.groups]
        )
        for part in parts
    ]


def single_row(
    user: User,
    assessment: Assessment,
    question: Question,
    *,
    form: AnswerForm | None = None,
    back_form: SendBackForm | None = None,
) -> TpiRow:
    """One question's row as stored now (after a save or a send-back)."""
    unit_answer = stored_answers(assessment, [question]).get(question.pk)
    unit_row = row_of(question, unit_answer, editable=False)
    answer = tpi_answers(assessment, [question]).get(question.pk)
    correction = open_corrections(assessment).get(question.pk)
    can = powers(user, assessment)
    return tpi_row(unit_row, answer, correction, can, form=form, back_form=back_form)
