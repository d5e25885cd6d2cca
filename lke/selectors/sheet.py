"""An area's worksheet: the questions of one plan area (its Pemenuhan and Reform parts) or
of Hasil, grouped by LKE area and sub-area, each with the unit's stored answer and, when the
user may answer it, its form; the survey data beside the survey questions (IPAK and IPKP
with the internal survey, the SKM questions with a suggested answer); and the scores above
a question, drawn again after a save."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Generic, TypeVar

from access import rules
from lke.forms import AnswerForm, answer_initial
from lke.models import Answer, Assessment, Correction, Node, Question, Side
from lke.selectors.pages import WorksheetMap, choice_words, scheme_choices, share
from lke.selectors.skm import Suggestion, has_skm_question, skm_facts, skm_suggestions
from lke.selectors.survey_values import SurveyValue

if TYPE_CHECKING:
    from access.rules import User
    from lke.scoring import NodeScore, Scores
    from lke.selectors import Result


@dataclass(frozen=True)
class QuestionAid:
    """The survey data shown beside a question: an IPAK/IPKP value with the internal
    survey, or the suggested answer of an SKM question."""

    survey: SurveyValue | None = None
    suggestion: Suggestion | None = None


def question_aids(
    assessment: Assessment, result: Result, questions: Iterable[Question]
) -> dict[int, QuestionAid]:
    """Question id → its aid, for the survey questions among ``questions`` of the unit's
    side: the survey values come with ``result``; the SKM questions' data is six queries,
    only when one of them is among ``questions``."""
    questions = list(questions)
    aids = {pk: QuestionAid(survey=value) for pk, value in result.surveys.items()}
    if has_skm_question(questions):
        facts = skm_facts(assessment.unit, assessment.year)
        for pk, suggestion in skm_suggestions(facts, questions).items():
            aids[pk] = QuestionAid(suggestion=suggestion)
    wanted = {q.pk for q in questions}
    return {pk: aid for pk, aid in aids.items() if pk in wanted}


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    editable: bool
    form: AnswerForm | None = None
    correction: Correction | None = None  # the TPI's open request to correct the answer
    aid: QuestionAid | None = None  # survey data beside the question (unit's side)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return scheme_choices(self.question)

    @property
    def words(self) -> str:
        """The stored answer in words."""
        if self.answer is None or not self.answer.is_answered:
            return choice_words(self.question, "")
        return choice_words(self.question, self.answer.choice or _number(self.answer.number))

    @property
    def is_survey(self) -> bool:
        return self.question.answer_type == Question.AnswerType.SURVEY


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


@dataclass(frozen=True)
class NodeFigure:
    """A node's score beside its weight, as an area page shows it (and swaps it after a save)."""

    node_id: int
    score: Decimal
    weight: Decimal

    @property
    def share(self) -> Decimal | None:
        return share(self.score, self.weight)


def node_figure(scores: Scores, node_id: int) -> NodeFigure | None:
    found: NodeScore | None = scores.by_node.get(node_id)
    return NodeFigure(node_id, found.score, found.weight) if found is not None else None


Row = TypeVar("Row")  # a question's row: the unit's (QuestionRow) or the TPI's page's


@dataclass
class Group(Generic[Row]):
    """The questions of one sub-area (or of a Hasil sub-komponen)."""

    node: Node
    title: str
    score: NodeFigure | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class Part(Generic[Row]):
    """One LKE area (its Pemenuhan or its Reform part) or one Hasil sub-komponen; both
    sides' area pages draw them with templates/lke/_parts.html."""

    node: Node
    title: str
    score: NodeFigure | None
    groups: list[Group[Row]] = field(default_factory=list)


def _part_level(code: str) -> str:
    """Where an area page's parts begin: the LKE area, or Hasil's sub-komponen."""
    return Node.Level.AREA if code else Node.Level.SUB_KOMPONEN


def row_of(
    question: Question,
    answer: Answer | None,
    *,
    editable: bool,
    form: AnswerForm | None = None,
    aid: QuestionAid | None = None,
) -> QuestionRow:
    """A question's row; an editable row gets a form with the stored answer unless given."""
    if editable and form is None:
        form = AnswerForm(
            initial=answer_initial(answer), prefix=f"q{question.pk}", question=question
        )
    return QuestionRow(question, answer, editable, form, aid=aid)


def stored_answers(assessment: Assessment, questions: Iterable[Question]) -> dict[int, Answer]:
    """The unit's stored answers to ``questions``, with who saved them (one query)."""
    rows = Answer.objects.filter(
        assessment=assessment, side=Side.UNIT, question__in=[q.pk for q in questions]
    ).select_related("updated_by")
    return {a.question_id: a for a in rows}


def open_corrections(assessment: Assessment) -> dict[int, Correction]:
    """Question id → the TPI's open request to correct its answer (one query)."""
    rows = Correction.objects.filter(assessment=assessment, resolved_at=None)
    return {c.question_id: c for c in rows}


def may_answer(user: User, assessment: Assessment, code: str) -> bool:
    """The unit's side is answered while the assessment is a draft (lke.services refuses
    it after), by whom access.rules allows."""
    is_open = assessment.state == Assessment.State.DRAFT
    return is_open and rules.can_answer_lke(user, assessment.unit, area_code=code, side=Side.UNIT)


def may_answer_question(user: User, assessment: Assessment, question: Question, code: str) -> bool:
    """May the user (still) answer this one question: a draft's, or one the TPI sent back
    and the unit has not corrected yet."""
    if may_answer(user, assessment, code):
        return True
    reopened = Correction.objects.filter(
        assessment=assessment, question=question, resolved_at=None
    ).exists()
    return reopened and rules.can_answer_lke(user, assessment.unit, area_code=code, side=Side.UNIT)


def area_parts(
    *,
    user: User,
    assessment: Assessment,
    wmap: WorksheetMap,
    code: str,
    scores: Scores,
    aids: Mapping[int, QuestionAid] | None = None,
) -> list[Part[QuestionRow]]:
    """The questions of one plan area (Pemenuhan and Reform) or of Hasil (code ""), grouped
    by LKE area and sub-area, each row editable when the user may answer it, with its
    survey data (``aids``: :func:`question_aids`)."""
    aids = aids or {}
    questions = wmap.questions_of(code)
    answers = stored_answers(assessment, questions)
    editable = may_answer(user, assessment, code)
    # a question the TPI sent back is open to whoever answers it for the unit
    reopened = open_corrections(assessment) if assessment.state != Assessment.State.DRAFT else {}
    corrects = bool(reopened) and rules.can_answer_lke(
        user, assessment.unit, area_code=code, side=Side.UNIT
    )
    parts: dict[int, Part[QuestionRow]] = {}
    for question in questions:
        top = wmap.top_of(question, _part_level(code))
        part = parts.get(top.pk)
        if part is None:
            title = " › ".join(wmap.names(top.pk))
            part = parts[top.pk] = Part(top, title, node_figure(scores, top.pk))
        if not part.groups or part.groups[-1].node.pk != question.node_id:
            title = " › ".join(wmap.names(question.node_id, below=top.pk))
            figure = node_figure(scores, question.node_id) if title else None
            part.groups.append(Group(wmap.nodes[question.node_id], title, figure))
        correction = reopened.get(question.pk)
        sent_back = corrects and correction is not None
        row = row_of(
            question,
            answers.get(question.pk),
            editable=editable or sent_back,
            aid=aids.get(question.pk),
        )
        row.correction = correction
        part.groups[-1].rows.append(row)
    return list(parts.values())


def saved_figures(scores: Scores, wmap: WorksheetMap, question: Question) -> list[NodeFigure]:
    """The scores an area page shows above a question (its sub-area's and its part's),
    drawn again after the question is saved."""
    top = wmap.top_of(question, _part_level(wmap.area_of[question.pk]))
    shown = dict.fromkeys([question.node_id, top.pk])  # one when the question hangs from it
    return [f for f in (node_figure(scores, pk) for pk in shown) if f is not None]
