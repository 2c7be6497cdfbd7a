"""Coverage: which questions are answered by which facts, and which facts no question asks
about, per note and in total. Built on the answer map; `coverage_model` holds the shape."""

from __future__ import annotations

from collections import defaultdict

from kgnotes.answers import AnswerOptions, QuestionAnswer
from kgnotes.corpus import Corpus
from kgnotes.coverage_model import (
    CoverageReport,
    CoverageTotals,
    DuplicateRef,
    FactRef,
    NoteCoverage,
    QuestionCoverage,
    SupportRef,
)
from kgnotes.diagnostics import Diagnostic
from kgnotes.models import Note

_DUPLICATE_CODES = {"KGN201": "question", "KGN202": "fact"}


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def _question(answer: QuestionAnswer) -> QuestionCoverage:
    return QuestionCoverage(
        line=answer.line,
        question=answer.question,
        answered=answer.answered,
        score=answer.score,
        method=answer.method,
        supporting=tuple(
            SupportRef(line=s.line, text=s.text, score=s.score) for s in answer.supporting
        ),
        missing_terms=answer.missing_terms,
    )


def _note_coverage(
    note: Note,
    answers: list[QuestionAnswer],
    duplicates: list[DuplicateRef],
    services: tuple[str, ...],
) -> NoteCoverage:
    used_lines = {s.line for a in answers if a.answered for s in a.supporting}
    asked = [fact for fact in note.facts if fact.line in used_lines]
    unasked = [
        FactRef(line=f.line, text=f.full_text) for f in note.facts if f.line not in used_lines
    ]
    answered = sum(a.answered for a in answers)
    return NoteCoverage(
        path=note.path,
        title=note.title,
        line=note.line,
        questions=len(answers),
        answered=answered,
        unanswered=len(answers) - answered,
        answered_percent=_percent(answered, len(answers)),
        facts=len(note.facts),
        facts_asked=len(asked),
        facts_asked_percent=_percent(len(asked), len(note.facts)),
        unasked_facts=tuple(unasked),
        duplicates=tuple(duplicates),
        services=services,
        question_details=tuple(_question(a) for a in answers),
    )


def build_coverage(
    corpus: Corpus,
    diagnostics: list[Diagnostic],
    options: AnswerOptions,
    services_by_note: dict[tuple[str, int], tuple[str, ...]] | None = None,
) -> CoverageReport:
    answer_map = corpus.answer_map(options)
    duplicates: dict[tuple[str, int], list[DuplicateRef]] = defaultdict(list)
    note_of_line = {}
    for note in corpus.notes:
        for line in range(note.line, note.end_line + 1):
            note_of_line[(note.path, line)] = note.line
    for d in diagnostics:
        kind = _DUPLICATE_CODES.get(d.code)
        if kind and (d.path, d.line) in note_of_line:
            data = d.data or {}
            duplicates[(d.path, note_of_line[(d.path, d.line)])].append(
                DuplicateRef(
                    line=d.line,
                    kind=kind,
                    first=str(data.get("first", "")),
                    similarity=float(data.get("similarity", 1.0)),
                )
            )
    notes = []
    for note in corpus.notes:
        answers = [answer_map[(note.path, q.line)] for q in note.questions]
        services = (services_by_note or {}).get((note.path, note.line), ())
        notes.append(
            _note_coverage(note, answers, duplicates.get((note.path, note.line), []), services)
        )
    questions = sum(n.questions for n in notes)
    answered = sum(n.answered for n in notes)
    facts = sum(n.facts for n in notes)
    asked = sum(n.facts_asked for n in notes)
    totals = CoverageTotals(
        files=len(corpus.files),
        notes=len(notes),
        questions=questions,
        answered=answered,
        unanswered=questions - answered,
        answered_percent=_percent(answered, questions),
        facts=facts,
        facts_asked=asked,
        facts_unasked=facts - asked,
        facts_asked_percent=_percent(asked, facts),
        duplicate_questions=sum(d.kind == "question" for n in notes for d in n.duplicates),
        duplicate_facts=sum(d.kind == "fact" for n in notes for d in n.duplicates),
        services=len({s for n in notes for s in n.services}),
    )
    return CoverageReport(threshold=options.threshold, totals=totals, notes=tuple(notes))
