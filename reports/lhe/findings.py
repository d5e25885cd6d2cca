"""The findings of the Laporan Hasil Evaluasi: every question the TPI scored below its full
value, grouped by area of change, with the TPI's answer in words, its note, and the
recommendation derived from the worksheet's own criteria (the next step up).

Reshapes only: it is given the tree and the answers ``reports.lhe.selectors`` read, and
queries nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from access.models import AreaCode
from common.formatting import number_text, percent_text, score_text
from lke.answers import answer_label
from lke.forecast import Step, cheapest_steps, published, survey_minimum
from lke.models import Predicate, PredicateMinimum, Question
from lke.scoring import ONE, SURVEY_MAX, AnswerValue, CountGroup, Formula, Level, Scores, Tree

HASIL = "Komponen Hasil"
NOT_SCORED = "Belum dinilai TPI"
_YA_CRITERIA = re.compile(r"^\s*ya\s*,?\s*(?:jika\s+)?(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
_IF = re.compile(r"^\s*jika\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One question (or count group) below its full value, as the LHE prints it."""

    code: str
    where: str  # "I. PEMENUHAN – i. Penyusunan Tim Kerja"
    question: str
    unit_answer: str  # the self-assessment's key or number
    answer: str  # the TPI's answer in words
    note: str
    points: Decimal
    full: Decimal
    recommendation: str
    question_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """How a recommendation names its finding: the question code, else its sub-area."""
        return self.code or self.where.split(" – ")[-1]


@dataclass
class AreaFindings:
    name: str  # "Manajemen Perubahan", or "Komponen Hasil"
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Sources:
    """What the findings read besides the scores: the questions (criteria, scheme) and
    both sides' answers, the TPI's with its notes."""

    questions: Mapping[int, Question]
    tpi_answers: Mapping[int, AnswerValue]
    unit_answers: Mapping[int, AnswerValue]
    notes: Mapping[int, str]


def _sentence(text: str) -> str:
    """One line, without a closing stop or colon, starting with a capital."""
    text = " ".join(text.split()).rstrip(".;: ")
    return text[:1].upper() + text[1:]


def _clause(text: str) -> str:
    """A sentence to follow a colon: its first word in lower case unless an acronym."""
    text = _sentence(text)
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def condition(question: Question, key: str, label: str) -> str:
    """What a scheme key requires, in words: its label without the leading "Jika"; for
    "Ya" the question's criteria ("Ya, jika Tim telah dibentuk …" → "Tim telah dibentuk …")."""
    if label.casefold() == key.casefold():
        first = question.criteria.strip().splitlines()[0] if question.criteria.strip() else ""
        match = _YA_CRITERIA.match(first)
        return _clause(match.group("rest")) if match else _clause(question.text)
    return _clause(_IF.sub("", label))


def _answer_text(question: Question, answer: AnswerValue | None) -> str:
    if answer is None or (not answer.choice and answer.number is None):
        return NOT_SCORED
    if answer.choice:
        label = answer_label(question, answer.choice)
        if label.casefold() == answer.choice.casefold():
            return answer.choice
        return f"{answer.choice} – {_sentence(_IF.sub('', label))}"
    if question.answer_type == Question.AnswerType.SURVEY:
        return f"{score_text(answer.number)} dari {score_text(SURVEY_MAX)}"
    return number_text(answer.number, places=0)


def _short(answer: AnswerValue | None, question: Question) -> str:
    """The self-assessment's answer in a narrow column: its key or number."""
    if answer is None or (not answer.choice and answer.number is None):
        return "–"
    if answer.choice:
        return answer.choice
    places = 2 if question.answer_type == Question.AnswerType.SURVEY else 0
    return score_text(answer.number) if places else number_text(answer.number, places=0)


def _choice_recommendation(question: Question, step: Step | None, scored: bool) -> str:
    if not scored:
        return "TPI agar menilai pertanyaan ini sebelum evaluasi diselesaikan."
    if step is None:
        return "Pertahankan dan lengkapi bukti dukung sesuai kriteria penilaian."
    wanted = condition(question, step.target, step.target_label)
    word = "jawaban" if step.target_label.casefold() == step.target.casefold() else "kriteria"
    return f"Mencapai {word} “{step.target}”: {wanted} (menambah nilai {score_text(step.gain)})."


def _survey_recommendation(tree: Tree, question_id: int, value: Decimal, label: str) -> str:
    requirement = (
        PredicateMinimum.Requirement.IPAK
        if question_id == tree.ipak_id
        else PredicateMinimum.Requirement.IPKP
    )
    weight = tree.questions[question_id].weight
    current = value * SURVEY_MAX
    needs = [
        f"{score_text(needed)} untuk predikat {predicate}"
        for predicate in Predicate.values
        if weight
        and (minimum := tree.minimums.get((predicate, requirement))) is not None
        and (needed := survey_minimum(minimum, weight)) > published(current)
    ]
    if not needs:
        return (
            f"Mempertahankan nilai {label} ({score_text(current)}, sudah memenuhi batas minimal "
            f"predikat) dan meningkatkannya menuju {score_text(SURVEY_MAX)}."
        )
    return (
        f"Meningkatkan nilai {label} dari {score_text(current)} menjadi sekurang-kurangnya "
        f"{' dan '.join(needs)}, melalui perbaikan layanan yang dirasakan responden survei."
    )


def _group_goal(group: CountGroup, src: Sources) -> str:
    """What a count group's full value takes, in the worksheet's own words: "Jumlah
    Perubahan yang dibuat sama dengan Jumlah Agen Perubahan"; a decrease: none this year."""
    realisation = _clause(src.questions[group.realisation].text)
    if group.formula == Formula.DECREASE:
        return f"{realisation} menjadi 0 (tidak ada lagi)"
    reference = " ditambah ".join(_clause(src.questions[q].text) for q in group.reference)
    return f"{realisation} sama dengan {reference}"


def _group_finding(
    tree: Tree, group: CountGroup, src: Sources, scores: Scores, where: str
) -> Finding:
    """A run of counts scored as one percentage: one finding, its counts in the answer."""
    questions = [src.questions[qid] for qid in group.question_ids]
    value = scores.question_values[group.question_ids[0]]
    per = tree.points_per_value(group.question_ids[0])
    answered = all(
        src.tpi_answers.get(qid, AnswerValue()).number is not None for qid in group.question_ids
    )
    counts = "; ".join(f"{q.text}: {_answer_text(q, src.tpi_answers.get(q.pk))}" for q in questions)
    lines = questions[0].criteria.strip().splitlines()
    # the criteria's title line, unless it only introduces a list ("… diatur dalam:")
    title = lines[0].strip() if lines and not lines[0].strip().endswith(":") else ""
    recommendation = (
        f"Mencapai 100% (saat ini {percent_text(value * 100)}): {_group_goal(group, src)}."
        if answered
        else "TPI agar mengisi seluruh jumlah pada kelompok ini sebelum evaluasi diselesaikan."
    )
    return Finding(
        code=next((q.code for q in questions if q.code), ""),
        where=where,
        question=_sentence(title) if title else where.split(" – ")[-1],
        unit_answer=" / ".join(_short(src.unit_answers.get(q.pk), q) for q in questions),
        answer=f"{counts} (persentase {percent_text(value * 100)})" if answered else NOT_SCORED,
        note=" ".join(n for qid in group.question_ids if (n := src.notes.get(qid, ""))),
        points=value * per,
        full=per,
        recommendation=recommendation,
        question_ids=group.question_ids,
    )


def _where(tree: Tree, node_id: int) -> tuple[str, str]:
    """(area code or HASIL, "I. PEMENUHAN – i. Penyusunan Tim Kerja")."""
    node = tree.by_id[node_id]
    area = next(
        (tree.by_id[n] for n in tree.ancestors(node_id) if tree.by_id[n].level == Level.AREA),
        None,
    )
    below_komponen = node.path[1:]
    if area is None:
        return HASIL, " – ".join(below_komponen)
    parts = [p for p in below_komponen if p != area.name]
    return area.area_code or area.name, " – ".join(parts)


def findings_by_area(tree: Tree, scores: Scores, src: Sources) -> list[AreaFindings]:
    """The areas of change in worksheet order, then Komponen Hasil, each with its findings
    in row order. Only questions (and count groups) below their full value."""
    steps = {
        s.question_id: s
        for s in cheapest_steps(tree, src.tpi_answers, scores, limit=len(tree.questions))
    }
    groups: dict[str, AreaFindings] = {}
    for node in tree.nodes:
        if node.level == Level.AREA:
            key = node.area_code or node.name
            name = str(AreaCode(node.area_code).label) if node.area_code else node.name
            groups.setdefault(key, AreaFindings(name))
    groups.setdefault(HASIL, AreaFindings(HASIL))
    seen_groups: set[CountGroup] = set()
    for qid, tq in tree.questions.items():
        if scores.question_values[qid] >= ONE or tree.points_per_value(qid) <= 0:
            continue
        key, where = _where(tree, tq.node_id)
        group = tree.group_of.get(qid)
        if group is not None:
            if group not in seen_groups:
                seen_groups.add(group)
                groups[key].findings.append(_group_finding(tree, group, src, scores, where))
            continue
        groups[key].findings.append(_question_finding(tree, qid, src, scores, steps, where))
    return [g for g in groups.values() if g.findings or g.name != HASIL]


def _question_finding(
    tree: Tree,
    qid: int,
    src: Sources,
    scores: Scores,
    steps: Mapping[int, Step],
    where: str,
) -> Finding:
    question = src.questions[qid]
    answer = src.tpi_answers.get(qid)
    value = scores.question_values[qid]
    per = tree.points_per_value(qid)
    scored = tree.questions[qid].is_answered(answer)
    if question.answer_type == Question.AnswerType.SURVEY:
        label = "IPAK" if qid == tree.ipak_id else "IPKP"
        recommendation = (
            _survey_recommendation(tree, qid, value, label)
            if scored
            else "TPI agar mengisi nilai survei sebelum evaluasi diselesaikan."
        )
    else:
        recommendation = _choice_recommendation(question, steps.get(qid), scored)
    return Finding(
        code=question.code,
        where=where,
        question=_sentence(question.text),
        unit_answer=_short(src.unit_answers.get(qid), question),
        answer=_answer_text(question, answer),
        note=src.notes.get(qid, ""),
        points=value * per,
        full=per,
        recommendation=recommendation,
        question_ids=(qid,),
    )
